package io.credence.api;

/**
 * An error answered as {@code application/problem+json} (RFC 9457): the HTTP status, a stable code,
 * a sentence, and where known the field with the expected and the found value.
 */
public final class Problem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final String field;
  private final String expected;
  private final String found;

  public Problem(
      int status, String code, String detail, String field, String expected, String found) {
    super(detail);
    this.status = status;
    this.code = code;
    this.field = field;
    this.expected = expected;
    this.found = found;
  }

  public static Problem of(int status, String code, String detail) {
    return new Problem(status, code, detail, null, null, null);
  }

  public static Problem field(
      int status, String code, String field, String expected, String found) {
    return new Problem(
        status,
        code,
        field + ": expected " + expected + ", found " + found,
        field,
        expected,
        found);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }

  public String expected() {
    return expected;
  }

  public String found() {
    return found;
  }
}
