package dev.cordon.cli;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import dev.cordon.core.TerminalText;

/**
 * Logback's {@code %ex} with control characters escaped, because an exception message may quote a
 * value read from an input file. It is registered as {@code %escapedEx} in logback.xml.
 */
public final class EscapedThrowableConverter extends ThrowableProxyConverter {
  @Override
  protected String throwableProxyToString(IThrowableProxy proxy) {
    return TerminalText.escapeMessage(super.throwableProxyToString(proxy));
  }
}
