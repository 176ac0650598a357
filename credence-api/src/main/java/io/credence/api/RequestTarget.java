package io.credence.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request's path and query parameters, decoded strictly from the raw request line. Jetty decodes
 * malformed percent-encoding and invalid UTF-8 to U+FFFD, so {@code ?key=%ff} would read the state
 * of another key; here they are answered 400, naming the parameter. The path may not hold {@code .}
 * or {@code ..} segments (Jetty rejects the encoded ones itself): which resource such a path names
 * depends on who normalises it.
 */
final class RequestTarget {
  private static final String PERCENT_ENCODED_UTF8 =
      "percent-encoded UTF-8 (%XX with two hex digits, decoding to valid UTF-8)";

  private final Map<String, String> parameters;

  private RequestTarget(Map<String, String> parameters) {
    this.parameters = parameters;
  }

  /**
   * Checks {@code rawPath} and decodes {@code rawQuery} (either as sent, still percent-encoded; the
   * query may be null).
   */
  static RequestTarget parse(String rawPath, String rawQuery) {
    checkPath(rawPath);
    Map<String, String> parameters = new TreeMap<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String rawName = equals < 0 ? pair : pair.substring(0, equals);
        String rawValue = equals < 0 ? "" : pair.substring(equals + 1);
        String name = decode(rawName, rawName);
        String value = decode(name, rawValue);
        if (parameters.put(name, value) != null) {
          throw Problem.field(
              400, "INVALID_PARAMETER", name, "at most one value", "more than one value");
        }
      }
    }
    return new RequestTarget(parameters);
  }

  /** The decoded value of parameter {@code name}, or null if the request has none. */
  String parameter(String name) {
    return parameters.get(name);
  }

  private static void checkPath(String rawPath) {
    for (String segment : rawPath.split("/", -1)) {
      String decoded = decodePath(rawPath, segment);
      if (decoded.equals(".") || decoded.equals("..")) {
        throw Problem.field(
            400, "INVALID_URI", "path", "a path without '.' or '..' segments", "'" + rawPath + "'");
      }
    }
  }

  private static String decodePath(String rawPath, String segment) {
    try {
      return decodeStrictly(segment, false);
    } catch (IllegalArgumentException e) {
      throw Problem.field(400, "INVALID_URI", "path", PERCENT_ENCODED_UTF8, "'" + rawPath + "'");
    }
  }

  private static String decode(String field, String raw) {
    try {
      return decodeStrictly(raw, true);
    } catch (IllegalArgumentException e) {
      throw Problem.field(400, "INVALID_PARAMETER", field, PERCENT_ENCODED_UTF8, "'" + raw + "'");
    }
  }

  /**
   * Percent-decodes {@code raw} to UTF-8, {@code +} to a space in a query; throws on a {@code %}
   * without two hex digits, a character outside ASCII (a raw request line is ASCII), or bytes that
   * are not UTF-8.
   */
  private static String decodeStrictly(String raw, boolean plusIsSpace) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new IllegalArgumentException("truncated escape");
        }
        int high = Character.digit(raw.charAt(i + 1), 16);
        int low = Character.digit(raw.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          throw new IllegalArgumentException("not hex");
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else if (c > 0x7f) {
        throw new IllegalArgumentException("not ASCII");
      } else {
        bytes.write(c);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("not UTF-8", e);
    }
  }
}
