package dev.cordon.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.cordon.core.input.ScanProgress;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Diagnostics on stderr: warnings by default, more with {@code --verbose}, none with {@code --quiet}. */
final class LoggingOptions {
  static boolean verbose;
  static boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "Log progress and details on stderr; show stack traces of errors.")
  void setVerbose(boolean value) {
    verbose = value;
    rootLogger().setLevel(value ? Level.DEBUG : Level.WARN);
  }

  @Option(names = {"-q", "--quiet"}, description = "Log nothing but errors on stderr.")
  void setQuiet(boolean value) {
    quiet = value;
    ScanProgress.setEnabled(!value);
    if (value) {
      rootLogger().setLevel(Level.ERROR);
    }
  }

  private static Logger rootLogger() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
