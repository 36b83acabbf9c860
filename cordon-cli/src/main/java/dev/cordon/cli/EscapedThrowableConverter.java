package dev.cordon.cli;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import dev.cordon.core.TerminalText;

/**
 * Logback's {@code %ex} with control characters escaped, because an exception message may quote a
 * value read from an input file. Line feeds and tabs are kept for the layout of the trace. It is
 * registered as {@code %escapedEx} in logback.xml.
 *
 * <p>NOTE: a line feed inside an exception message is kept as well, so a quoted value can still
 * start a line of its own within a stack trace.
 */
public final class EscapedThrowableConverter extends ThrowableProxyConverter {
  @Override
  protected String throwableProxyToString(IThrowableProxy proxy) {
    return TerminalText.escapeStackTrace(super.throwableProxyToString(proxy));
  }
}
