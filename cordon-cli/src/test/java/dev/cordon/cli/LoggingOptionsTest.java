package dev.cordon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Log levels that --verbose and --debug-sdk set: the SDK's signed requests only on request. */
class LoggingOptionsTest {
  @TempDir Path incidents;

  @AfterEach
  void reset() {
    LoggingOptions.verbose = false;
    LoggingOptions.quiet = false;
    LoggingOptions.debugSdk = false;
    LoggingOptions.logger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    LoggingOptions.SDK_LOGGERS.forEach(name -> LoggingOptions.logger(name).setLevel(null));
  }

  @Test
  void verbose_keepsSdkAtInfo() {
    CliRun.of("status", "no-such-incident", "--verbose", "--incident-dir", incidents.toString());

    assertThat(LoggingOptions.logger("dev.cordon.core.response.Executor").getEffectiveLevel()).isEqualTo(Level.DEBUG);
    assertThat(LoggingOptions.logger("software.amazon.awssdk.auth.signer").getEffectiveLevel()).isEqualTo(Level.INFO);
    assertThat(LoggingOptions.logger("org.apache.http.wire").getEffectiveLevel()).isEqualTo(Level.INFO);
  }

  @Test
  void debugSdk_logsSdkAtDebug() {
    CliRun.of("status", "no-such-incident", "--verbose", "--debug-sdk", "--incident-dir", incidents.toString());

    assertThat(LoggingOptions.logger("software.amazon.awssdk.auth.signer").getEffectiveLevel()).isEqualTo(Level.DEBUG);
  }

  @Test
  void quiet_overridesVerbose() {
    CliRun.of("status", "no-such-incident", "--quiet", "--verbose", "--incident-dir", incidents.toString());

    assertThat(LoggingOptions.logger("dev.cordon.core.response.Executor").getEffectiveLevel()).isEqualTo(Level.ERROR);
    assertThat(LoggingOptions.logger("software.amazon.awssdk").getEffectiveLevel()).isEqualTo(Level.ERROR);
  }
}
