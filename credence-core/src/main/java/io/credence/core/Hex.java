package io.credence.core;

import java.util.HexFormat;

/** Lower-case hexadecimal text for byte strings, with a parser that names what it parsed. */
public final class Hex {
  private static final HexFormat FORMAT = HexFormat.of();

  private Hex() {}

  public static String of(byte[] bytes) {
    return FORMAT.formatHex(bytes);
  }

  /** Parses hex (an optional "0x" prefix allowed), naming {@code field} in the error. */
  public static byte[] parse(String field, String text) {
    String digits = text.startsWith("0x") ? text.substring(2) : text;
    if (digits.length() % 2 != 0) {
      throw new IllegalArgumentException(
          field + ": expected an even number of hex digits, found " + digits.length());
    }
    try {
      return FORMAT.parseHex(digits);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          field + ": expected hex digits, found '" + abbreviate(text) + "'");
    }
  }

  static String abbreviate(String text) {
    return text.length() <= 24 ? text : text.substring(0, 24) + "…";
  }
}
