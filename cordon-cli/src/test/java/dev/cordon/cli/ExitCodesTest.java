package dev.cordon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.core.CordonException;
import dev.cordon.core.aws.AwsStateException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class ExitCodesTest {

  @Command(name = "probe")
  static final class Probe implements Runnable {
    @Override
    public void run() {}
  }

  private static String stderrFor(Exception exception) {
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new Probe());
    commandLine.setErr(new PrintWriter(err));
    new ExitCodes().handleExecutionException(exception, commandLine, null);
    return err.toString();
  }

  @Test
  void message_newlineInValue_escaped() {
    String stderr = stderrFor(new CordonException("file a\nFAKE: all clear.log not found"));

    assertThat(stderr).isEqualTo("cordon: file a\\x0aFAKE: all clear.log not found" + System.lineSeparator());
  }

  @Test
  void lines_eachPrintedOnItsOwnLine() {
    AwsStateException failure = new AwsStateException(
        List.of("Step detach-asg failed", "State of i-1: done [detach-asg:prod\nFAKE: isolated]"), null);

    String stderr = stderrFor(failure);

    assertThat(stderr.lines()).containsExactly(
        "cordon: Step detach-asg failed",
        "State of i-1: done [detach-asg:prod\\x0aFAKE: isolated]");
  }
}
