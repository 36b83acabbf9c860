package dev.cordon.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.CsvSource;

class SafeTextTest {

  static Stream<Arguments> terminalCases() {
    return Stream.of(
        Arguments.of("plain", "aws-cli/2.13.0", "aws-cli/2.13.0"),
        Arguments.of("escape", "a\u001b[2Jb", "a\\x1b[2Jb"),
        Arguments.of("bell", "a\u0007", "a\\x07"),
        Arguments.of("newline and tab", "a\nb\tc", "a\\x0ab\\x09c"),
        Arguments.of("delete", "a\u007f", "a\\x7f"),
        Arguments.of("C1 CSI", "a\u009b31m", "a\\x9b31m"),
        Arguments.of("right-to-left override", "a\u202eb", "a\\u202eb"),
        Arguments.of("line separator", "a\u2028b", "a\\u2028b"),
        Arguments.of("non-ASCII letters kept", "Z\u00fcrich \u6771\u4eac", "Z\u00fcrich \u6771\u4eac"),
        Arguments.of("backslash doubled", "C:\\temp", "C:\\\\temp"),
        Arguments.of("literal escape text", "a\\x1bb", "a\\\\x1bb"),
        Arguments.of("literal escape text beside real escape", "\\n\n", "\\\\n\\x0a"),
        Arguments.of("null", null, "-"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("terminalCases")
  void forTerminal_escapesControls(String name, String input, String expected) {
    assertThat(SafeText.forTerminal(input)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
      "pipe;        a|b;            a\\|b",
      "backtick;    `x`;            \\`x\\`",
      "emphasis;    *a* _b_;        \\*a\\* \\_b\\_",
      "link;        [a](b);         \\[a\\](b)",
      "html;        <b>&x</b>;      \"&lt;b&gt;&amp;x&lt;/b&gt;\"",
      "backslash;   a\\b;           a\\\\\\\\b",
  })
  void forMarkdown_escapesSyntax(String name, String input, String expected) {
    assertThat(SafeText.forMarkdown(input)).isEqualTo(expected);
  }

  @Test
  void forMarkdown_realAndLiteralEscape_differ() {
    // ESC renders as \x1b, while the four characters \x1b render as \\x1b.
    assertThat(SafeText.forMarkdown("\u001b")).isEqualTo("\\x1b");
    assertThat(SafeText.forMarkdown("\\x1b")).isEqualTo("\\\\\\\\x1b");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
      "https URL;          https://evil.example/x;        hxxps://evil\\[.\\]example/x",
      "http URL;           see http://evil.example.;      see hxxp://evil\\[.\\]example.",
      "upper-case scheme;  HTTPS://EVIL.EXAMPLE;          HXXPS://EVIL\\[.\\]EXAMPLE",
      "ftp URL;            ftp://files.evil.example/a;    fxp://files\\[.\\]evil\\[.\\]example/a",
      "URL without dots;   http://localhost:8080/;        hxxp://localhost:8080/",
      "address host;       http://203.0.113.5/x.php;      hxxp://203\\[.\\]0\\[.\\]113\\[.\\]5/x.php",
      "www name;           www.evil.example;              www\\[.\\]evil\\[.\\]example",
      "www after bracket;  (www.evil.example);            (www\\[.\\]evil\\[.\\]example)",
      "www inside URL;     https://www.evil.example;      hxxps://www\\[.\\]evil\\[.\\]example",
      "email;              user@evil.example;             user@evil\\[.\\]example",
      "email local dots;   first.last@mail.evil.example;  first.last@mail\\[.\\]evil\\[.\\]example",
      "mailto;             mailto:a@evil.example;         mailto:a@evil\\[.\\]example",
      "userinfo in URL;    https://u:p@evil.example;      hxxps://u:p@evil\\[.\\]example",
      "bare domain kept;   evil.example;                  evil.example",
      "version kept;       aws-cli/2.13.0;                aws-cli/2.13.0",
      "bracket link;       [x](https://evil.example);     \\[x\\](hxxps://evil\\[.\\]example)",
  })
  void forMarkdown_defangsAutolinks(String name, String input, String expected) {
    assertThat(SafeText.forMarkdown(input)).isEqualTo(expected);
  }

  @Test
  void forMarkdown_defangsOnlyKeptPart() {
    String text = "x".repeat(SafeText.MAX_LENGTH - 12) + "https://evil.example/more";

    assertThat(SafeText.forMarkdown(text))
        .isEqualTo("x".repeat(SafeText.MAX_LENGTH - 12) + "hxxps://evil... (cut, 525 characters in all)");
  }

  @ParameterizedTest(name = "{0} characters")
  @CsvSource({
      "512, 512, ''",
      "513, 512, '... (cut, 513 characters in all)'",
      "10000, 512, '... (cut, 10,000 characters in all)'",
  })
  void forTerminal_longText_cutAtMaxLength(int length, int kept, String marker) {
    assertThat(SafeText.forTerminal("x".repeat(length))).isEqualTo("x".repeat(kept) + marker);
  }

  @ParameterizedTest(name = "surrogate pair at the cut")
  @CsvSource("511")
  void forTerminal_cut_keepsSurrogatePairWhole(int prefix) {
    // 511 ASCII characters then an emoji: the pair would straddle the cut at 512, so it is dropped.
    String text = "x".repeat(prefix) + "\uD83D\uDE00" + "y".repeat(10);
    assertThat(SafeText.forTerminal(text)).isEqualTo("x".repeat(prefix) + "... (cut, 523 characters in all)");
  }
}
