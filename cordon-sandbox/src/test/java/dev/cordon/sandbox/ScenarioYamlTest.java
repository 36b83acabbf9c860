package dev.cordon.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioYamlTest {
  @TempDir Path directory;

  @Test
  void fromFile_yaml_loadsSameFields() throws Exception {
    Path file = directory.resolve("small.yaml");
    Files.writeString(file, String.join("\n",
        "accountId: '111122223333'",
        "region: us-east-1",
        "now: 2024-01-15T03:20:00Z",
        "secrets:",
        "  - name: app/db",
        "    arn: arn:aws:secretsmanager:us-east-1:111122223333:secret:app/db-AbCdEf",
        "    rotationEnabled: false",
        ""));

    AccountState state = Scenario.fromFile(file).newState(Clock.systemUTC());

    assertThat(state.accountId()).isEqualTo("111122223333");
    assertThat(state.secrets).hasSize(1);
    assertThat(state.secrets.get(0).name).isEqualTo("app/db");
  }

  @Test
  void fromFile_brokenYaml_namesFile() throws Exception {
    Path file = directory.resolve("broken.yml");
    Files.writeString(file, "accountId: [unclosed\n");

    assertThatThrownBy(() -> Scenario.fromFile(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broken.yml");
  }

  @Test
  void newState_ssmUnknownInstance_isRejected() throws Exception {
    Path file = directory.resolve("dangling.yaml");
    Files.writeString(file, String.join("\n",
        "accountId: '111122223333'",
        "region: us-east-1",
        "ssmInstances:",
        "  - instanceId: i-0000000000000",
        ""));

    assertThatThrownBy(() -> Scenario.fromFile(file).newState(Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown instance i-0000000000000");
  }
}
