package dev.cordon.cli;

import dev.cordon.core.CordonException;
import dev.cordon.core.TerminalText;
import dev.cordon.core.aws.AwsException;
import dev.cordon.core.aws.AwsStateException;
import dev.cordon.core.finding.Severity;
import dev.cordon.core.input.InputException;
import dev.cordon.core.input.UsageException;
import dev.cordon.core.report.Report;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Maps outcomes and exceptions to the documented {@link ExitCode}s and one clear stderr line. The
 * line is escaped by {@link TerminalText#escapeMessage}, because a message may quote an input file.
 */
final class ExitCodes implements IExecutionExceptionHandler {

  static int forReport(Report report) {
    return report.hasFindingsAtLeast(Severity.MEDIUM) ? ExitCode.FINDINGS : ExitCode.OK;
  }

  @Override
  public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    if (exception instanceof CordonException) {
      err.println("cordon: " + TerminalText.escapeMessage(exception.getMessage()));
      if (LoggingOptions.verbose) {
        printStackTrace(exception, err);
      }
      err.flush();
      return codeFor(exception);
    }
    err.println("cordon: internal error: " + TerminalText.escapeMessage(exception.toString())
        + (LoggingOptions.verbose ? "" : " (run again with --verbose for the stack trace, and report it)"));
    if (LoggingOptions.verbose) {
      printStackTrace(exception, err);
    }
    err.flush();
    return ExitCode.SOFTWARE_ERROR;
  }

  private static void printStackTrace(Exception exception, PrintWriter err) {
    StringWriter trace = new StringWriter();
    exception.printStackTrace(new PrintWriter(trace));
    err.print(TerminalText.escapeMessage(trace.toString()));
  }

  private static int codeFor(Exception exception) {
    if (exception instanceof UsageException) {
      return ExitCode.USAGE;
    }
    if (exception instanceof InputException) {
      return ExitCode.INPUT_ERROR;
    }
    if (exception instanceof AwsException || exception instanceof AwsStateException) {
      return ExitCode.AWS_ERROR;
    }
    return ExitCode.SOFTWARE_ERROR;
  }
}
