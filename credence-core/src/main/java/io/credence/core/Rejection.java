package io.credence.core;

import java.util.Objects;

/**
 * Bad input answered as a value: a stable machine code (UPPER_SNAKE) and a message that names the
 * field or object, what was expected and what was found.
 */
public record Rejection(String code, String message) {
  public Rejection {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  public static Rejection of(String code, String format, Object... args) {
    return new Rejection(code, String.format(java.util.Locale.ROOT, format, args));
  }

  @Override
  public String toString() {
    return code + ": " + message;
  }
}
