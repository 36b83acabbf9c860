package dev.cordon.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON output against docs/investigation-report.schema.json. */
class ReportSchemaTest {
  private static final Path SCHEMA_FILE = Path.of("..", "docs", "investigation-report.schema.json");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode schemaNode() throws IOException {
    return MAPPER.readTree(Files.readString(SCHEMA_FILE));
  }

  /**
   * Returns a validator for a copy of the schema where every object with declared properties
   * rejects undeclared ones, so a field missing from the documentation fails the test while the
   * published schema stays open to additive changes.
   */
  static JsonSchema strictSchema() throws IOException {
    JsonNode copy = schemaNode().deepCopy();
    closeObjects(copy);
    SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(copy, config);
  }

  private static void closeObjects(JsonNode node) {
    if (node instanceof ObjectNode object && object.has("properties") && object.get("properties").isObject()) {
      object.put("additionalProperties", false);
    }
    node.forEach(ReportSchemaTest::closeObjects);
  }

  private static JsonNode renderedJson(Report report) throws IOException {
    return MAPPER.readTree(ReportFixtures.render(ReportFormat.JSON, false, report));
  }

  @Test
  void schema_reportWithEveryKind_valid() throws IOException {
    JsonNode json = renderedJson(ReportFixtures.report(ReportFixtures.everyKind()));

    Set<ValidationMessage> errors = strictSchema().validate(json);

    assertThat(errors).isEmpty();
    assertThat(json.get("findings")).hasSize(kindConstants().size());
  }

  @Test
  void schema_emptyReport_valid() throws IOException {
    JsonNode json = renderedJson(ReportFixtures.report(List.of()));

    assertThat(strictSchema().validate(json)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "unknown kind,        /findings/0/kind,      'port-scan'",
      "unknown severity,    /findings/0/severity,  'urgent'",
      "local time,          /generatedAt,          '2024-01-15T04:00:00+01:00'",
      "next major version,  /schemaVersion,        '2.0'",
  })
  void schema_invalidValue_rejected(String name, String pointer, String value) throws IOException {
    ObjectNode json = (ObjectNode) renderedJson(ReportFixtures.report(ReportFixtures.everyKind()));
    JsonNode parent = json.at(pointer.substring(0, pointer.lastIndexOf('/')));
    ((ObjectNode) (parent.isMissingNode() ? json : parent)).put(pointer.substring(pointer.lastIndexOf('/') + 1), value);

    assertThat(strictSchema().validate(json)).isNotEmpty();
  }

  @Test
  void schema_undocumentedField_rejectedByStrictCopy() throws IOException {
    ObjectNode json = (ObjectNode) renderedJson(ReportFixtures.report(ReportFixtures.everyKind()));
    ((ObjectNode) json.get("findings").get(0)).put("newField", 1);

    assertThat(strictSchema().validate(json)).isNotEmpty();
  }

  @Test
  void schema_kindEnum_matchesFindingKind() throws IOException {
    List<String> documented = texts(schemaNode().at("/$defs/kind/enum"));

    assertThat(documented).containsExactlyInAnyOrderElementsOf(kindConstants());
  }

  @Test
  void schema_severityEnum_matchesSeverity() throws IOException {
    List<String> labels = Arrays.stream(Severity.values()).map(Severity::label).toList();

    assertThat(texts(schemaNode().at("/$defs/severity/enum"))).containsExactlyElementsOf(labels);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "dev.cordon.core.finding.Finding,          /$defs/finding/properties",
      "dev.cordon.core.finding.TimelineEntry,    /$defs/timelineEntry/properties",
      "dev.cordon.core.report.Verdict,           /$defs/verdict/properties",
      "dev.cordon.core.report.Inputs,            /$defs/inputs/properties",
  })
  void schema_everyRecordComponent_documented(String type, String pointer) throws Exception {
    List<String> components = Arrays.stream(Class.forName(type).getRecordComponents())
        .map(RecordComponent::getName).toList();
    List<String> documented = new ArrayList<>();
    schemaNode().at(pointer).fieldNames().forEachRemaining(documented::add);

    assertThat(documented).containsExactlyInAnyOrderElementsOf(components);
  }

  @Test
  void schemaVersion_matchesSchemaPattern() throws IOException {
    String pattern = schemaNode().at("/properties/schemaVersion/pattern").asText();

    assertThat(Report.SCHEMA_VERSION).matches(pattern);
  }

  private static List<String> kindConstants() {
    List<String> kinds = new ArrayList<>();
    for (Field field : FindingKind.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        try {
          kinds.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return kinds;
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
