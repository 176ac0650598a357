package io.credence.core.gs1;

import java.util.Optional;

/**
 * A GS1 key in its digit form: a GTIN (8, 12, 13 or 14 digits) for a product, a GLN (13) for a
 * location or party, an SSCC (18) for a logistic unit (a pallet, a case). The last digit is a
 * mod-10 check digit over the others: weights 3 and 1 alternating from the right, check = (10 - sum
 * mod 10) mod 10.
 */
public record Gs1Key(Kind kind, String digits) {
  /** The kinds of key, with their lengths. */
  public enum Kind {
    GTIN(8, 12, 13, 14),
    GLN(13),
    SSCC(18);

    private final int[] lengths;

    Kind(int... lengths) {
      this.lengths = lengths;
    }

    boolean allows(int length) {
      for (int l : lengths) {
        if (l == length) {
          return true;
        }
      }
      return false;
    }

    String describeLengths() {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < lengths.length; i++) {
        out.append(i == 0 ? "" : i == lengths.length - 1 ? " or " : ", ").append(lengths[i]);
      }
      return out.toString();
    }
  }

  public Gs1Key {
    Optional<String> bad = problem(kind, digits);
    if (bad.isPresent()) {
      throw new IllegalArgumentException(kind + ": " + bad.get());
    }
  }

  /** The key {@code digits} of {@code kind}, or what is wrong with it. */
  public static Optional<String> problem(Kind kind, String digits) {
    if (digits == null || !kind.allows(digits.length())) {
      return Optional.of(
          "expected "
              + kind.describeLengths()
              + " digits, found "
              + (digits == null ? "none" : digits.length() + " ('" + digits + "')"));
    }
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return Optional.of("expected digits only, found '" + c + "' at position " + (i + 1));
      }
    }
    char expected = checkDigit(digits.substring(0, digits.length() - 1));
    char found = digits.charAt(digits.length() - 1);
    if (found != expected) {
      return Optional.of(
          "check digit of " + digits + ": expected " + expected + ", found " + found);
    }
    return Optional.empty();
  }

  /** The mod-10 check digit of {@code body}, the key without its last digit. */
  public static char checkDigit(String body) {
    int sum = 0;
    // From the right: the digit next to the check digit weighs 3, then 1, 3, ...
    for (int i = body.length() - 1, weight = 3; i >= 0; i--, weight = 4 - weight) {
      char c = body.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException(
            "GS1 key: expected digits only, found '" + c + "' at position " + (i + 1));
      }
      sum += (c - '0') * weight;
    }
    return (char) ('0' + (10 - sum % 10) % 10);
  }

  /** {@code body} completed with its check digit. */
  public static Gs1Key complete(Kind kind, String body) {
    return new Gs1Key(kind, body + checkDigit(body));
  }

  /** A GTIN as 14 digits (shorter GTINs padded with leading zeros, as GS1 compares them). */
  public String gtin14() {
    if (kind != Kind.GTIN) {
      throw new IllegalStateException(kind + " " + digits + " is not a GTIN");
    }
    return "0".repeat(14 - digits.length()) + digits;
  }

  @Override
  public String toString() {
    return kind + " " + digits;
  }
}
