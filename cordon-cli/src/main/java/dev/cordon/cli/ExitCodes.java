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
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Maps outcomes and exceptions to the documented {@link ExitCode}s and one clear stderr line, or
 * the lines of {@link CordonException#lines}. Each line is escaped by {@link
 * TerminalText#escapeLine}, because a message may quote an input file or an AWS name.
 */
final class ExitCodes implements IExecutionExceptionHandler {

  static int forReport(Report report) {
    return report.hasFindingsAtLeast(Severity.MEDIUM) ? ExitCode.FINDINGS : ExitCode.OK;
  }

  @Override
  public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    if (exception instanceof CordonException cordonException) {
      List<String> lines = cordonException.lines();
      err.println("cordon: " + TerminalText.escapeLine(lines.get(0)));
      lines.subList(1, lines.size()).forEach(line -> err.println(TerminalText.escapeLine(line)));
      if (LoggingOptions.verbose) {
        printStackTrace(exception, err);
      }
      err.flush();
      return codeFor(exception);
    }
    err.println("cordon: internal error: " + TerminalText.escapeLine(exception.toString())
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
    err.print(TerminalText.escapeStackTrace(trace.toString()));
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
