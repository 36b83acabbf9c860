package dev.cordon.core.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.cordon.core.TerminalText;
import dev.cordon.core.finding.Finding;
import dev.cordon.core.finding.TimelineEntry;
import dev.cordon.core.scope.Scope;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The machine-readable report, described by {@code docs/investigation-report.schema.json}.
 * Timestamps are ISO 8601 in UTC, null fields are left out, and every control character (C0, DEL
 * and C1) and Unicode format character is written as a {@code \\uXXXX} escape, so a log value
 * cannot reach a terminal raw when someone runs {@code cat} on the file.
 */
final class JsonRenderer implements ReportRenderer {
  static final ObjectMapper MAPPER = JsonMapper.builder(
          new JsonFactoryBuilder().characterEscapes(new ControlEscapes()).build())
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
      .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
      .build();

  /** The top level of the JSON document, in schema order. */
  @JsonPropertyOrder({"schemaVersion", "generatedAt", "tool", "scope", "verdict", "findings",
      "timeline", "inputs"})
  record Document(String schemaVersion, Instant generatedAt, Tool tool, ScopeView scope,
      Verdict verdict, List<Finding> findings, List<TimelineEntry> timeline, Inputs inputs) {}

  @JsonPropertyOrder({"name", "version"})
  record Tool(String name, String version) {}

  /** The scope with its sets sorted, because {@link Scope} keeps them in no particular order. */
  @JsonPropertyOrder({"instanceId", "roleName", "networkInterfaceIds", "localAddresses",
      "egressAddresses", "flaggedAddresses", "flaggedPort", "responderArns", "since", "until"})
  record ScopeView(String instanceId, String roleName, List<String> networkInterfaceIds,
      List<String> localAddresses, List<String> egressAddresses, List<String> flaggedAddresses,
      Integer flaggedPort, List<String> responderArns, Instant since, Instant until) {

    static ScopeView of(Scope s) {
      return new ScopeView(s.instanceId(), s.roleName(), sorted(s.networkInterfaceIds()),
          sorted(s.localAddresses()), sorted(s.egressAddresses()), sorted(s.flaggedAddresses()),
          s.flaggedPort(), sorted(s.responderArns()), s.since(), s.until());
    }

    private static List<String> sorted(Collection<String> values) {
      return values.stream().sorted().toList();
    }
  }

  @Override
  public void render(Report report, Writer out) throws IOException {
    ScopeView scope = report.scope() == null ? null : ScopeView.of(report.scope());
    Document document = new Document(report.schemaVersion(), report.generatedAt(),
        new Tool("cordon", report.toolVersion()), scope, report.verdict(), report.findings(),
        report.timeline(), report.inputs());
    out.write(escapeUnpairedSurrogates(MAPPER.writeValueAsString(document)));
    out.write('\n');
    out.flush();
  }

  /**
   * Replaces each surrogate without its other half, which a log string can carry but UTF-8 cannot
   * encode, by a {@code \\uXXXX} escape. Jackson writes such a surrogate raw, and always inside a
   * string, so the escape keeps the document valid JSON and the value unchanged when parsed.
   */
  static String escapeUnpairedSurrogates(String json) {
    StringBuilder out = null;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      boolean unpaired = Character.isSurrogate(c) && TerminalText.isUnpaired(json, i);
      if (unpaired && out == null) {
        out = new StringBuilder(json.length() + 16).append(json, 0, i);
      }
      if (unpaired) {
        out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? json : out.toString();
  }

  /**
   * Escapes what Jackson leaves raw by default: DEL, the C1 controls and Unicode format characters
   * such as right-to-left overrides. Jackson already escapes C0 controls.
   */
  static final class ControlEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] asciiEscapes;

    ControlEscapes() {
      asciiEscapes = CharacterEscapes.standardAsciiEscapesForJSON();
      asciiEscapes[0x7f] = CharacterEscapes.ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return asciiEscapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch > 0xffff || Character.isSurrogate((char) ch) || !TerminalText.needsEscape((char) ch)) {
        return null;
      }
      return new SerializedString(String.format(Locale.ROOT, "\\u%04X", ch));
    }
  }
}
