package dev.cordon.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.cordon.core.input.ScanProgress;
import java.util.List;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Diagnostics on stderr: warnings by default, more with {@code --verbose}, none with {@code --quiet}.
 * The AWS SDK and its HTTP client stay at INFO under {@code --verbose}, because their DEBUG output
 * contains signed requests and presigned URLs with access key IDs ({@code X-Amz-Credential}) and
 * upload IDs; only {@code --debug-sdk} lets it through.
 */
final class LoggingOptions {
  /** Loggers of the AWS SDK and the HTTP clients it may use. */
  static final List<String> SDK_LOGGERS = List.of("software.amazon.awssdk", "org.apache.http", "io.netty");

  static boolean verbose;
  static boolean quiet;
  static boolean debugSdk;

  @Option(names = {"-v", "--verbose"},
      description = "Log Cordon's progress and details on stderr; show stack traces of errors. The AWS SDK logs at INFO.")
  void setVerbose(boolean value) {
    verbose = value;
    applyLevels();
  }

  @Option(names = {"-q", "--quiet"}, description = "Log nothing but errors on stderr.")
  void setQuiet(boolean value) {
    quiet = value;
    ScanProgress.setEnabled(!value);
    applyLevels();
  }

  @Option(names = "--debug-sdk",
      description = "Also log the AWS SDK's wire and signing details at DEBUG. This prints access key IDs"
          + " (X-Amz-Credential), presigned URLs and upload IDs; keep the output private.")
  void setDebugSdk(boolean value) {
    debugSdk = value;
    applyLevels();
  }

  /** Sets the levels from the three options, whichever order picocli sets them in. */
  private static void applyLevels() {
    Level root = Level.WARN;
    Level sdk = null;
    if (quiet) {
      root = Level.ERROR;
    } else if (verbose) {
      root = Level.DEBUG;
      sdk = Level.INFO;
    }
    if (debugSdk) {
      sdk = Level.DEBUG;
    }
    logger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(root);
    Level sdkLevel = sdk;
    SDK_LOGGERS.forEach(name -> logger(name).setLevel(sdkLevel));
  }

  static Logger logger(String name) {
    return (Logger) LoggerFactory.getLogger(name);
  }
}
