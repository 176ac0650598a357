package io.credence.app.runtime;

import java.io.PrintStream;

/**
 * A one-line progress display for long commands: redrawn in place at most every {@value
 * #REDRAW_MILLIS} ms, and shown only once a task has run for a moment, so short tasks print
 * nothing.
 */
public final class Progress {
  static final long REDRAW_MILLIS = 200;

  private final PrintStream out;
  private final String label;
  private final long total;
  private final long started = System.currentTimeMillis();
  private long lastDraw;
  private boolean drawn;

  public Progress(PrintStream out, String label, long total) {
    this.out = out;
    this.label = label;
    this.total = total;
  }

  /** Reports that item {@code index} (0-based) is done. */
  public void update(long index) {
    long now = System.currentTimeMillis();
    if (now - lastDraw < REDRAW_MILLIS || now - started < 500) {
      return;
    }
    lastDraw = now;
    drawn = true;
    long done = index + 1;
    int width = 30;
    int filled = (int) (width * done / Math.max(1, total));
    out.printf(
        java.util.Locale.ROOT,
        "\r%s [%s%s] %d/%d (%.0f%%)",
        label,
        "#".repeat(filled),
        " ".repeat(width - filled),
        done,
        total,
        100.0 * done / Math.max(1, total));
    out.flush();
  }

  public void finish() {
    if (drawn) {
      out.printf(
          java.util.Locale.ROOT,
          "\r%s: %d/%d done in %.1f s%s%n",
          label,
          total,
          total,
          (System.currentTimeMillis() - started) / 1000.0,
          " ".repeat(20));
    }
  }
}
