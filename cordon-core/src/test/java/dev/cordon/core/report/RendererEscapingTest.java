package dev.cordon.core.report;

import static dev.cordon.core.report.ReportFixtures.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.FindingKind;
import dev.cordon.core.finding.Severity;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact output for attacker-controlled strings in every format. */
class RendererEscapingTest {
  private static final Report REPORT = ReportFixtures.report(ReportFixtures.everyKind());
  private static final String TEXT = render(ReportFormat.TEXT, false, REPORT);
  private static final String JSON = render(ReportFormat.JSON, false, REPORT);
  private static final String MARKDOWN = render(ReportFormat.MARKDOWN, false, REPORT);

  @Test
  void text_titleSequence_shownEscaped() {
    assertThat(TEXT.lines()).contains("      user agent   Boto3/1.34.0 \\x1b]0;pwned\\x07 Python/3.11");
  }

  @Test
  void text_noRawControlCharacters() {
    assertThat(TEXT).doesNotContain("\u001b").doesNotContain("\u0007");
  }

  @Test
  void text_pipeAndBackticks_keptLiteral() {
    assertThat(TEXT.lines()).contains("      principal    arn:aws:iam::123456789012:user/a|b`c`");
  }

  @Test
  void text_scriptTag_keptLiteral() {
    assertThat(TEXT.lines()).contains("  GetObject key=<script>alert(1)</script>  [api-activity-b0784a44c019]");
  }

  @Test
  void text_longUserAgent_cutWithMarker() {
    // 512 characters kept, then the marker with the full length of 10,000.
    String expected = "      user agent   " + "A".repeat(512) + "... (cut, 10,000 characters in all)";
    assertThat(TEXT.lines()).contains(expected);
  }

  @Test
  void text_color_escapesLogValuesButColoursLabels() {
    String colored = render(ReportFormat.TEXT, true, REPORT);

    assertThat(colored).contains("\u001b[1m\u001b[31mCRITICAL\u001b[0m (3)");
    assertThat(colored).contains("Boto3/1.34.0 \\x1b]0;pwned\\x07 Python/3.11");
    assertThat(colored).doesNotContain("\u001b]0;");
  }

  @Test
  void text_literalBackslashEscape_doubled() {
    Finding odd = Finding.builder(FindingKind.API_ACTIVITY, Severity.LOW, "fake \\x1b]0;pwned and real \u001b").build();
    String text = render(ReportFormat.TEXT, false, ReportFixtures.report(List.of(odd)));

    assertThat(text.lines()).contains("  fake \\\\x1b]0;pwned and real \\x1b  [" + odd.id() + "]");
  }

  @Test
  void json_titleSequence_escapedAsUnicode() {
    assertThat(JSON.lines()).contains("    \"userAgent\" : \"Boto3/1.34.0 \\u001B]0;pwned\\u0007 Python/3.11\",");
  }

  @Test
  void json_pipeBackticksAndScript_keptAsData() {
    assertThat(JSON.lines())
        .contains("    \"principal\" : \"arn:aws:iam::123456789012:user/a|b`c`\",")
        .contains("    \"summary\" : \"GetObject key=<script>alert(1)</script>\",");
  }

  @Test
  void json_longUserAgent_keptWhole() {
    assertThat(JSON.lines()).contains("    \"userAgent\" : \"" + "A".repeat(10_000) + "\",");
  }

  @Test
  void json_delC1AndBidi_escaped() {
    Finding odd = Finding.builder(FindingKind.API_ACTIVITY, Severity.LOW, "a\u007fb\u009bc\u202ed\u0085e").build();
    String json = render(ReportFormat.JSON, false, ReportFixtures.report(List.of(odd)));

    assertThat(json.lines()).contains("    \"summary\" : \"a\\u007Fb\\u009Bc\\u202Ed\\u0085e\"");
  }

  @Test
  void markdown_titleSequence_shownEscaped() {
    assertThat(MARKDOWN.lines()).contains("- user agent: Boto3/1.34.0 \\x1b\\]0;pwned\\x07 Python/3.11");
  }

  @Test
  void markdown_pipeAndBackticks_backslashed() {
    assertThat(MARKDOWN.lines()).contains("- principal: arn:aws:iam::123456789012:user/a\\|b\\`c\\`");
  }

  @Test
  void markdown_scriptTag_becomesEntities() {
    assertThat(MARKDOWN.lines())
        .contains("| 6 | HIGH | api-activity | GetObject key=&lt;script&gt;alert(1)&lt;/script&gt; | 2024-01-15T02:30:00Z |");
  }

  @Test
  void markdown_longUserAgent_cutWithMarker() {
    String expected = "- user agent: " + "A".repeat(512) + "... (cut, 10,000 characters in all)";
    assertThat(MARKDOWN.lines()).contains(expected);
  }

  @Test
  void markdown_newlineInCell_staysOnOneRow() {
    Finding odd = Finding.builder(FindingKind.API_ACTIVITY, Severity.LOW, "one\ntwo|*three*_four_[x]").build();
    String markdown = render(ReportFormat.MARKDOWN, false, ReportFixtures.report(List.of(odd)));

    assertThat(markdown.lines()).contains("| 1 | LOW | api-activity | one\\x0atwo\\|\\*three\\*\\_four\\_\\[x\\] |  |");
  }

  @Test
  void markdown_urlsAndEmail_defanged() {
    Finding odd = Finding.builder(FindingKind.API_ACTIVITY, Severity.LOW,
            "GetObject from https://evil.example/x for user@evil.example")
        .userAgent("curl/8.0 (+www.evil.example)").principal("arn:aws:iam::123456789012:user/http://a.b").build();
    String markdown = render(ReportFormat.MARKDOWN, false, ReportFixtures.report(List.of(odd)));

    assertThat(markdown.lines())
        .contains("| 1 | LOW | api-activity | GetObject from hxxps://evil\\[.\\]example/x for user@evil\\[.\\]example |  |")
        .contains("- user agent: curl/8.0 (+www\\[.\\]evil\\[.\\]example)")
        .contains("- principal: arn:aws:iam::123456789012:user/hxxp://a\\[.\\]b");
    assertThat(markdown).doesNotContain("https://").doesNotContain("www.evil").doesNotContain("@evil.example");
  }

  @Test
  void markdown_noRawControlCharacters() {
    assertThat(MARKDOWN).doesNotContain("\u001b").doesNotContain("\u0007");
  }

  /** A CloudTrail userAgent may carry a surrogate without its other half, which UTF-8 cannot encode. */
  private static final String LONE_SURROGATES = "lone \ud800 high \udc00 low \ud83d\ude00";

  private static String renderLoneSurrogates(ReportFormat format) {
    Finding odd = Finding.builder(FindingKind.API_ACTIVITY, Severity.LOW, LONE_SURROGATES).build();
    return render(format, false, ReportFixtures.report(List.of(odd)));
  }

  /** Encodes {@code text} as UTF-8, throwing where a file writer would fail. */
  private static void encodeStrictly(String text) throws CharacterCodingException {
    StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .encode(CharBuffer.wrap(text));
  }

  @Test
  void text_loneSurrogates_escaped() throws CharacterCodingException {
    String text = renderLoneSurrogates(ReportFormat.TEXT);

    assertThat(text).contains("lone \\ud800 high \\udc00 low \ud83d\ude00");
    encodeStrictly(text);
  }

  @Test
  void markdown_loneSurrogates_escaped() throws CharacterCodingException {
    String markdown = renderLoneSurrogates(ReportFormat.MARKDOWN);

    assertThat(markdown).contains("lone \\ud800 high \\udc00 low \ud83d\ude00");
    encodeStrictly(markdown);
  }

  @Test
  void json_loneSurrogates_escapedAndValueKept() throws Exception {
    String json = renderLoneSurrogates(ReportFormat.JSON);

    assertThat(json.lines()).contains("    \"summary\" : \"lone \\uD800 high \\uDC00 low \ud83d\ude00\"");
    encodeStrictly(json);
    assertThat(new ObjectMapper().readTree(json).at("/findings/0/summary").asText()).isEqualTo(LONE_SURROGATES);
  }
}
