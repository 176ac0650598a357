package io.credence.analysis.report;

import java.util.List;
import java.util.Locale;

/** The report as plain text for a terminal: the verdict first, then the tables. */
public final class TextReport {
  /** Lines are wrapped at this many characters. */
  static final int WIDTH = 100;

  private TextReport() {}

  public static String render(Report report) {
    StringBuilder out = new StringBuilder();
    out.append(report.analysis().scenario().name()).append("\n\n");
    out.append("VERDICT\n").append(wrap(Verdict.of(report.analysis()), "  ")).append('\n');
    report
        .calibration()
        .filter(c -> c.estimate().isTooSmall())
        .ifPresent(
            c ->
                out.append(
                        wrap(
                            "Caution: the PD and LGD behind this verdict come from a sample too"
                                + " small to trust; see the calibration section.",
                            "  "))
                    .append('\n'));
    for (Section s : Section.of(report)) {
      out.append(s.title().toUpperCase(Locale.ROOT)).append('\n');
      if (!s.intro().isEmpty()) {
        out.append(wrap(s.intro(), "  "));
      }
      out.append(s.table().render());
      for (String note : s.notes()) {
        out.append(wrap(note, "  "));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Wraps {@code text} at {@link #WIDTH}, each line indented. */
  public static String wrap(String text, String indent) {
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder(indent);
    for (String word : List.of(text.split(" "))) {
      if (line.length() > indent.length() && line.length() + 1 + word.length() > WIDTH) {
        out.append(line).append('\n');
        line = new StringBuilder(indent);
      }
      if (line.length() > indent.length()) {
        line.append(' ');
      }
      line.append(word);
    }
    return out.append(line).append('\n').toString();
  }
}
