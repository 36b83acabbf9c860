package dev.cordon.core.report;

import java.io.IOException;
import java.io.Writer;

/** Writes a {@link Report} in one output format. Renderers never close {@code out}. */
public interface ReportRenderer {
  void render(Report report, Writer out) throws IOException;

  /**
   * Returns the renderer for {@code format}. {@code color} turns on ANSI colours in the text format
   * and is ignored by the others.
   */
  static ReportRenderer of(ReportFormat format, boolean color) {
    return switch (format) {
      case TEXT -> new TextRenderer(color);
      case JSON -> new JsonRenderer();
      case MARKDOWN -> new MarkdownRenderer();
    };
  }
}
