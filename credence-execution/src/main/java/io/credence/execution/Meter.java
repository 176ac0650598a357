package io.credence.execution;

/**
 * The work of one transaction, in units, against the chain's {@code transactionWorkMax}: every
 * state read and write, every byte written, every event and every call between contracts costs
 * units; a handler that loops over its own data charges for it too ({@link Invocation#charge}).
 * Built-in contracts are our own code; the meter bounds what a caller can make them do.
 */
public final class Meter {
  public static final long READ = 10;
  public static final long WRITE = 20;

  /** Per started 32 bytes of a key and value written, or read. */
  public static final long PER_32_BYTES = 1;

  public static final long EVENT = 10;
  public static final long CALL = 50;

  /** Raised when the limit is passed; the runtime turns it into a failed receipt. */
  static final class Exceeded extends RuntimeException {
    Exceeded(String message) {
      super(message, null, false, false);
    }
  }

  private final long max;
  private long used;

  public Meter(long max) {
    this.max = max;
  }

  public void charge(long units, String what) {
    used += units;
    if (used > max || used < 0) {
      throw new Exceeded(
          "work: expected at most transactionWorkMax="
              + max
              + " units, found "
              + used
              + " at "
              + what);
    }
  }

  static long bytes(int n) {
    return ((long) n + 31) / 32 * PER_32_BYTES;
  }

  public long used() {
    return used;
  }
}
