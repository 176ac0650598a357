package io.credence.core;

/**
 * Always-on invariant checks. A failed check is a bug, never bad input: it throws and the caller
 * stops (the house never uses the {@code assert} keyword, which is off by default).
 */
public final class Check {
  private Check() {}

  /** Thrown when an invariant does not hold. */
  public static final class InvariantViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvariantViolation(String message) {
      super(message);
    }
  }

  /** The exception for a broken invariant, for callers that must {@code throw} on a path. */
  public static InvariantViolation failure(String message) {
    return new InvariantViolation(message);
  }

  public static void that(boolean condition, String message) {
    if (!condition) {
      throw new InvariantViolation(message);
    }
  }

  public static void that(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new InvariantViolation(String.format(java.util.Locale.ROOT, format, args));
    }
  }
}
