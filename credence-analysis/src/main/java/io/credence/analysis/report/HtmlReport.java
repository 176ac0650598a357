package io.credence.analysis.report;

import java.util.List;

/**
 * The report as one self-contained HTML page: the verdict first, the tables, then the charts inline
 * as SVG. Opens in any browser, prints, and can be mailed as a single file.
 */
public final class HtmlReport {
  private HtmlReport() {}

  public static String render(Report report) {
    StringBuilder h = new StringBuilder();
    String name = escape(report.analysis().scenario().name());
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(name)
        .append("</title>\n<style>\n")
        .append(
            "body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;color:#222;"
                + "padding:0 1em}\n"
                + ".verdict{font-size:1.2em;border-left:6px solid #1f6fb2;background:#eef5fb;"
                + "padding:.8em 1em}\n"
                + ".verdict.bad{border-color:#b03a2e;background:#fbeeee}\n"
                + "table{border-collapse:collapse;margin:.6em 0}"
                + "td,th{padding:.25em .8em;border-bottom:1px solid #ddd;text-align:right}\n"
                + "td:first-child,th:first-child,.text{text-align:left}\n"
                + ".note{color:#555;font-size:.92em}.warning{color:#8a1c00}\n"
                + "figure{margin:1.5em 0}svg{max-width:100%;height:auto}\n")
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(name)
        .append("</h1>\n");
    String description = report.analysis().scenario().description();
    if (!description.isEmpty()) {
      h.append("<p>").append(escape(description)).append("</p>\n");
    }
    h.append("<p class=\"verdict")
        .append(report.analysis().isViableWithChain() ? "" : " bad")
        .append("\">")
        .append(escape(Verdict.of(report.analysis())))
        .append("</p>\n");
    for (Section s : Section.of(report)) {
      h.append("<h2>").append(escape(s.title())).append("</h2>\n");
      if (!s.intro().isEmpty()) {
        h.append("<p>").append(escape(s.intro())).append("</p>\n");
      }
      h.append("<table>\n");
      List<String[]> rows = s.table().rows();
      for (int i = 0; i < rows.size(); i++) {
        String cell = i == 0 ? "th" : "td";
        h.append("<tr>");
        String[] row = rows.get(i);
        for (int j = 0; j < row.length; j++) {
          // Figures line up on the right, words on the left, as in the text report.
          boolean words = j > 0 && !s.table().isRightAligned(i, j);
          h.append('<')
              .append(cell)
              .append(words ? " class=\"text\">" : ">")
              .append(escape(row[j]))
              .append("</")
              .append(cell)
              .append('>');
        }
        h.append("</tr>\n");
      }
      h.append("</table>\n");
      for (String note : s.notes()) {
        h.append("<p class=\"")
            .append(note.startsWith("Warning") ? "note warning" : "note")
            .append("\">")
            .append(escape(note))
            .append("</p>\n");
      }
    }
    h.append("<h2>Charts</h2>\n");
    for (Charts.Chart chart : Charts.all(report.analysis())) {
      String svg = Charts.svg(chart.chart());
      // The SVG document's own XML declaration is not allowed inside HTML.
      int start = svg.indexOf("<svg");
      h.append("<figure>\n")
          .append(start < 0 ? svg : svg.substring(start))
          .append("\n<figcaption>")
          .append(escape(chart.title()))
          .append("</figcaption>\n</figure>\n");
    }
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
