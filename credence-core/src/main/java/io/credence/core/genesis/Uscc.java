package io.credence.core.genesis;

import java.util.Optional;

/**
 * The 18-character unified social credit code of a Chinese organisation (GB 32100-2015). The last
 * character is a check character over the first seventeen.
 */
public final class Uscc {
  static final String CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] WEIGHTS = {
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
  };

  private Uscc() {}

  /** The check character for the first seventeen characters. */
  public static char checkCharacter(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      int value = CHARSET.indexOf(first17.charAt(i));
      if (value < 0) {
        throw new IllegalArgumentException(
            "USCC: character '"
                + first17.charAt(i)
                + "' at position "
                + (i + 1)
                + " is not in "
                + CHARSET);
      }
      sum += value * WEIGHTS[i];
    }
    int check = 31 - sum % 31;
    return CHARSET.charAt(check == 31 ? 0 : check);
  }

  /** Empty if {@code code} is a valid USCC, otherwise what is wrong with it. */
  public static Optional<String> problem(String code) {
    if (code == null || code.length() != 18) {
      return Optional.of(
          "expected 18 characters, found "
              + (code == null ? "none" : code.length() + " ('" + code + "')"));
    }
    for (int i = 0; i < 18; i++) {
      if (CHARSET.indexOf(code.charAt(i)) < 0) {
        return Optional.of(
            "character '" + code.charAt(i) + "' at position " + (i + 1) + " is not in " + CHARSET);
      }
    }
    char expected = checkCharacter(code.substring(0, 17));
    if (code.charAt(17) != expected) {
      return Optional.of(
          "check character: expected '" + expected + "', found '" + code.charAt(17) + "'");
    }
    return Optional.empty();
  }

  /**
   * The valid code of development organisation {@code n} (0 to 99999): body 913100000000 followed
   * by {@code n} in five digits, then its check character. For generated consortia, tests and
   * benches.
   */
  public static String forDevelopment(int n) {
    if (n < 0 || n > 99_999) {
      throw new IllegalArgumentException(
          "development organisation number: expected 0 to 99999, found " + n);
    }
    return complete(String.format(java.util.Locale.ROOT, "913100000000%05d", n));
  }

  /** A valid code built from a 17-character body, for development consortia. */
  public static String complete(String first17) {
    return first17 + checkCharacter(first17);
  }
}
