package io.credence.analysis.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table: the first column and words left-aligned, numbers (and yes/no answers)
 * right-aligned.
 */
final class Table {
  private final List<String[]> rows = new ArrayList<>();

  Table(String... header) {
    rows.add(header);
  }

  Table row(String... cells) {
    rows.add(cells);
    return this;
  }

  String render() {
    int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int n = 0; n < rows.size(); n++) {
      String[] r = rows.get(n);
      StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < columns; i++) {
        String cell = i < r.length ? r[i] : "";
        String pad = " ".repeat(width[i] - cell.length());
        boolean right = i > 0 && isRightAligned(n, i);
        line.append(right ? pad + cell : cell + pad).append(i == columns - 1 ? "" : "   ");
      }
      out.append(line.toString().stripTrailing()).append('\n');
      if (n == 0) {
        int total = 2 + Arrays.stream(width).sum() + 3 * (columns - 1);
        out.append("  ").append("-".repeat(total - 2)).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * Whether the cell at {@code row}, {@code column} aligns right: a figure does, and a header does
   * when every cell below it is a figure.
   */
  boolean isRightAligned(int row, int column) {
    if (row > 0) {
      String[] r = rows.get(row);
      return column < r.length && isFigure(r[column]);
    }
    for (int i = 1; i < rows.size(); i++) {
      if (!isRightAligned(i, column)) {
        return false;
      }
    }
    return true;
  }

  /** A cell that reads as a figure: a number, an amount, a percentage or a short answer. */
  static boolean isFigure(String cell) {
    return cell.matches("[+-]?[0-9][0-9,.]*%?|yes|no|n/a|none needed")
        || cell.matches("[0-9.]+% to [0-9.]+%");
  }

  /** The rows, header first, for other renderings (HTML). */
  List<String[]> rows() {
    return rows;
  }
}
