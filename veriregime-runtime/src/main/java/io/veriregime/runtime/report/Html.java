package io.veriregime.runtime.report;

/** Escaping for HTML and XML text and attribute values, and the head every VeriRegime page shares. */
final class Html {

  private Html() {}

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * A self-contained page up to and including {@code <body>}: the styles the report and the sweep page
   * share (the body at most {@code maxWidthPx} wide, the tables), then the page's own {@code styles} (CSS
   * rules, one a line).
   */
  static String head(String title, int maxWidthPx, String styles) {
    return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>%s</title>
        <style>
        body{font-family:sans-serif;margin:2em auto;max-width:%dpx;color:#222;padding:0 1em}
        table{border-collapse:collapse;margin:.5em 0 1em}
        th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}
        th:first-child,td:first-child{text-align:left}
        th{background:#f0f2f6}
        %s</style></head><body>
        """.formatted(escape(title), maxWidthPx, styles);
  }
}
