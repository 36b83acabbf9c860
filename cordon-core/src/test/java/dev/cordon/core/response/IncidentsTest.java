package dev.cordon.core.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.core.input.UsageException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IncidentsTest {
  private static final Instant NOW = Instant.parse("2024-01-15T23:59:59Z");

  @Test
  void incidentId_given_isUsedAsIs() {
    assertThat(Incidents.incidentId("ir-2024-001", "abc", "i-0abc123def456", NOW)).isEqualTo("ir-2024-001");
  }

  @Test
  void incidentId_fromFinding_isStableAcrossDays() {
    String first = Incidents.incidentId(null, "7cc6a5ddb6a2bd5d0d1b5e0c1a2f3e4d", "i-0abc123def456", NOW);
    String later = Incidents.incidentId(null, "7cc6a5ddb6a2bd5d0d1b5e0c1a2f3e4d", "i-0abc123def456", NOW.plusSeconds(86_400));

    assertThat(first).isEqualTo("gd-7cc6a5ddb6a2bd5d0d1b5e0c1a2f3e4d").isEqualTo(later);
  }

  @Test
  void incidentId_fromInstance_usesTheUtcDay() {
    assertThat(Incidents.incidentId(null, null, "i-0abc123def456", NOW)).isEqualTo("i-0abc123def456-20240115");
  }

  @Test
  void incidentId_findingWithUnsafeCharacters_isSanitised() {
    assertThat(Incidents.incidentId(null, "a/b..c", "i-0abc123def456", NOW)).isEqualTo("gd-a_b__c");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../etc", "a/b", "", ".hidden", "a..b", "-leading-dash"})
  void incidentId_unsafeGivenId_isRejected(String id) {
    assertThatThrownBy(() -> Incidents.incidentId(id, null, "i-0abc123def456", NOW))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("Invalid incident ID");
  }

  @Test
  void directory_optionWinsOverVariable() {
    Path chosen = Incidents.directory(Path.of("/srv/ir"), Map.of(Incidents.DIRECTORY_VARIABLE, "/var/ir"));

    assertThat(chosen).isEqualTo(Path.of("/srv/ir"));
  }

  @Test
  void directory_variableWinsOverDefault() {
    assertThat(Incidents.directory(null, Map.of(Incidents.DIRECTORY_VARIABLE, "/var/ir"))).isEqualTo(Path.of("/var/ir"));
    assertThat(Incidents.directory(null, Map.of())).isEqualTo(Incidents.DEFAULT_DIRECTORY);
  }
}
