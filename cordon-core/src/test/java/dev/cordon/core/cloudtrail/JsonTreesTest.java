package dev.cordon.core.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Trees built from the streaming parser must equal those of ObjectMapper.readTree, node type included. */
class JsonTreesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {
    "{}",
    "[]",
    "{\"a\":1,\"b\":-2147483648,\"c\":2147483648,\"d\":-9223372036854775808,\"e\":9223372036854775808}",
    "{\"f\":1.5,\"g\":-0.0,\"h\":1e3,\"i\":2E-7,\"j\":1e400,\"k\":0}",
    "{\"s\":\"\",\"t\":\"tab\\tquote\\\" slash\\/ \\u00e9\\ud83d\\ude00\",\"u\":\"caf\u00e9\"}",
    "{\"n\":null,\"y\":true,\"z\":false}",
    "{\"dup\":1,\"other\":2,\"dup\":3}",
    "{\"a\":[1,[2,[3,{}]],{\"b\":[]}],\"c\":{\"d\":{\"e\":null}}}",
    "[1,\"two\",{\"three\":3},[4]]",
    "\"a bare string\"",
    "42",
  })
  void read_json_equalsObjectMapperTree(String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    JsonNode expected = MAPPER.readTree(bytes);

    JsonNode tree = JsonTrees.read(bytes, 0, bytes.length);

    assertThat(tree).isEqualTo(expected);
    assertThat(tree.toString()).isEqualTo(expected.toString());
    assertThat(nodeTypes(tree)).isEqualTo(nodeTypes(expected));
  }

  @Test
  void read_range_parsesOnlyThatRange() throws IOException {
    byte[] bytes = "[{\"a\":1},{\"b\":2}]".getBytes(StandardCharsets.UTF_8);

    // The second element spans offsets 9 to 16.
    assertThat(JsonTrees.read(bytes, 9, 7)).isEqualTo(MAPPER.readTree("{\"b\":2}"));
  }

  @Test
  void read_deepNesting_noStackOverflow() throws IOException {
    // 900 levels: under Jackson's default maximum depth of 1000.
    String json = "[".repeat(900) + "]".repeat(900);
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

    assertThat(JsonTrees.read(bytes, 0, bytes.length)).isEqualTo(MAPPER.readTree(json));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":}", "{\"a\":1", "{\"a\" 1}", "[1,]"})
  void read_invalidJson_throwsAsObjectMapperDoes(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> JsonTrees.read(bytes, 0, bytes.length)).isInstanceOf(IOException.class);
  }

  @Test
  void read_invalidJson_sameMessageAsObjectMapper() {
    byte[] bytes = "{\"a\":}".getBytes(StandardCharsets.UTF_8);
    String expected = originalMessage(() -> MAPPER.readTree(bytes));

    String message = originalMessage(() -> JsonTrees.read(bytes, 0, bytes.length));

    assertThat(message).isNotBlank().isEqualTo(expected);
  }

  @Test
  void readValue_everyRecordOfTheSamples_equalsObjectMapperTree() throws Exception {
    Path samples = CloudTrailReaderTest.resource("samples/cloudtrail");
    List<Path> files;
    try (Stream<Path> list = Files.list(samples)) {
      files = list.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(10);

    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      JsonNode tree;
      try (JsonParser parser = JsonTrees.parser(new ByteArrayInputStream(bytes))) {
        parser.nextToken();
        tree = JsonTrees.readValue(parser);
        assertThat(parser.currentToken()).as("last token of %s", file).isIn(JsonToken.END_OBJECT, JsonToken.END_ARRAY);
      }
      assertThat(tree).as("tree of %s", file).isEqualTo(MAPPER.readTree(bytes));
    }
  }

  private static String nodeTypes(JsonNode node) {
    StringBuilder types = new StringBuilder(node.getClass().getSimpleName());
    node.forEach(child -> types.append(' ').append(nodeTypes(child)));
    return types.toString();
  }

  private interface Parse {
    Object run() throws IOException;
  }

  private static String originalMessage(Parse parse) {
    try {
      parse.run();
    } catch (JsonProcessingException e) {
      return e.getOriginalMessage();
    } catch (IOException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a parse error");
  }
}
