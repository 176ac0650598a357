package io.credence.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answered as {@code application/problem+json} (RFC 9457): the HTTP status, a stable code,
 * a sentence, where known the field with the expected and the found value, the name of the limit
 * that was reached, and headers that go with it ({@code Allow}, {@code Retry-After}).
 */
public final class Problem extends RuntimeException {
  /** The media type of every error the API answers. */
  public static final String MEDIA_TYPE = "application/problem+json";

  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final String field;
  private final String expected;
  private final String found;
  private final String limit;
  private final Map<String, String> headers;

  public Problem(
      int status, String code, String detail, String field, String expected, String found) {
    this(status, code, detail, field, expected, found, null, Map.of());
  }

  private Problem(
      int status,
      String code,
      String detail,
      String field,
      String expected,
      String found,
      String limit,
      Map<String, String> headers) {
    super(detail);
    this.status = status;
    this.code = code;
    this.field = field;
    this.expected = expected;
    this.found = found;
    this.limit = limit;
    this.headers = Map.copyOf(headers);
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

  /**
   * A limit of {@link ApiLimits} reached: {@code limit} is its name, {@code value} its value with
   * the unit, e.g. {@code body: expected at most 1048576 bytes (bodyBytesMax), found ...}.
   */
  public static Problem limit(
      int status, String code, String field, String limit, String expected, String found) {
    String expectedWithLimit = expected + " (" + limit + ")";
    return new Problem(
        status,
        code,
        field + ": expected " + expectedWithLimit + ", found " + found,
        field,
        expectedWithLimit,
        found,
        limit,
        Map.of());
  }

  /** The same problem, answered with one more header. */
  public Problem withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Problem(status, code, getMessage(), field, expected, found, limit, more);
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

  /** The name of the limit reached, or null. */
  public String limit() {
    return limit;
  }

  /** Headers to answer with, besides Content-Type. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The problem+json document. */
  public byte[] json() {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("type", "urn:credence:problem:" + code);
    body.put("title", code);
    body.put("status", status);
    body.put("code", code);
    body.put("detail", getMessage());
    if (field != null) {
      body.put("field", field);
      body.put("expected", expected);
      body.put("found", found);
    }
    if (limit != null) {
      body.put("limit", limit);
    }
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }
}
