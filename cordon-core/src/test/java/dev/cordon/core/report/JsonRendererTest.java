package dev.cordon.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cordon.core.finding.Finding;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRendererTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode render() throws IOException {
    String json = ReportFixtures.render(ReportFormat.JSON, false, ReportFixtures.report(ReportFixtures.everyKind()));
    return MAPPER.readTree(json);
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void render_cutFile_inErrorsAndBlindSpots() throws IOException {
    JsonNode inputs = MAPPER.readTree(ReportFixtures.render(ReportFormat.JSON, false, ReportFixtures.reportWithCutFile()))
        .get("inputs");

    assertThat(inputs.get("fileErrors").findValuesAsText("path")).containsExactly("trail/b.json.gz", "flow/cut.log.gz");
    assertThat(inputs.get("fileErrors").get(1).get("error").asText()).isEqualTo(ReportFixtures.CUT_FILE_ERROR);
    assertThat(inputs.get("blindSpots").findValuesAsText("source")).containsExactly("flowlogs", "flow/cut.log.gz");
    assertThat(names(inputs)).doesNotContain("fileErrorsOutsideBlindSpots");
  }

  @Test
  void render_topLevel_inSchemaOrder() throws IOException {
    assertThat(names(render())).containsExactly("schemaVersion", "generatedAt", "tool", "scope", "verdict",
        "findings", "timeline", "inputs");
  }

  @Test
  void render_findingFields_inRecordOrderWithoutNulls() throws IOException {
    JsonNode beacon = render().get("findings").get(3);
    List<String> order = Arrays.stream(Finding.class.getRecordComponents()).map(RecordComponent::getName).toList();

    assertThat(beacon.get("kind").asText()).isEqualTo("beacon");
    assertThat(names(beacon)).isSubsetOf(order).containsSubsequence("id", "kind", "severity", "summary", "localIp",
        "remoteIp", "score", "subScores", "firstSeen", "lastSeen");
    assertThat(beacon.has("principal")).isFalse();
  }

  @Test
  void render_timestamps_isoUtc() throws IOException {
    JsonNode json = render();

    assertThat(json.get("generatedAt").asText()).isEqualTo("2024-01-15T04:00:00Z");
    assertThat(json.at("/timeline/0/time").asText()).isEqualTo("2024-01-15T02:20:00Z");
    assertThat(json.at("/inputs/blindSpots/0/from").asText()).isEqualTo("2024-01-15T03:00:00Z");
  }

  @Test
  void render_scopeSets_sorted() throws IOException {
    assertThat(render().at("/scope/localAddresses")).extracting(JsonNode::asText)
        .containsExactly("10.0.1.55", "10.0.1.56", "198.51.100.20");
  }
}
