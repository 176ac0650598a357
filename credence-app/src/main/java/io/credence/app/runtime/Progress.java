package io.credence.app.runtime;

import java.io.PrintStream;

/**
 * A one-line progress display for long commands: on a terminal redrawn in place at most every
 * {@value #REDRAW_MILLIS} ms; into a file or pipe (a node's log) a plain line at most every {@value
 * #LINE_MILLIS} ms, never a carriage return. Shown only once a task has run for a moment, so short
 * tasks print nothing.
 */
public final class Progress {
  static final long REDRAW_MILLIS = 200;
  static final long LINE_MILLIS = 2_000;

  private final PrintStream out;
  private final String label;
  private final long total;
  private final long started = System.currentTimeMillis();
  private long lastDraw;
  private boolean drawn;
  private final boolean terminal = System.console() != null;

  public Progress(PrintStream out, String label, long total) {
    this.out = out;
    this.label = label;
    this.total = total;
  }

  /** Reports that item {@code index} (0-based) is done. */
  public void update(long index) {
    long now = System.currentTimeMillis();
    if (now - lastDraw < (terminal ? REDRAW_MILLIS : LINE_MILLIS) || now - started < 500) {
      return;
    }
    lastDraw = now;
    drawn = true;
    long done = index + 1;
    int width = 30;
    int filled = (int) (width * done / Math.max(1, total));
    out.printf(
        java.util.Locale.ROOT,
        terminal ? "\r%s [%s%s] %d/%d (%.0f%%)" : "%s [%s%s] %d/%d (%.0f%%)%n",
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
          terminal ? "\r%s: %d/%d done in %.1f s%s%n" : "%s: %d/%d done in %.1f s%s%n",
          label,
          total,
          total,
          (System.currentTimeMillis() - started) / 1000.0,
          terminal ? " ".repeat(20) : "");
    }
  }
}
