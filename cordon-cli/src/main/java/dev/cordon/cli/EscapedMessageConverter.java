package dev.cordon.cli;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.cordon.core.TerminalText;

/**
 * Logback's {@code %msg} with control characters escaped, line feeds and tabs included, because a
 * log message may quote a value read from an input file and each message is one line. It is
 * registered as {@code %escapedMsg} in logback.xml.
 */
public final class EscapedMessageConverter extends MessageConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return TerminalText.escapeLine(super.convert(event));
  }
}
