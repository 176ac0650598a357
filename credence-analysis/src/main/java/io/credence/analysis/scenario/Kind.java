package io.credence.analysis.scenario;

import java.math.BigDecimal;

/** The kinds of number a scenario or outcome file holds: unit, allowed range, and how to say so. */
enum Kind {
  RATE_ANNUAL("an annual rate as a fraction from 0 to 1 (0.04 means 4% a year)", "0", "1", true),
  PD_ANNUAL(
      "an annual probability of default as a fraction from 0 to below 1 (0.04 means 4%)",
      "0", "0.9999", true),
  FRACTION("a fraction from 0 to 1 (0.45 means 45%)", "0", "1", true),
  YUAN("an amount in yuan from 0 to 1000000000000", "0", "1000000000000", false),
  YUAN_POSITIVE("an amount in yuan above 0, at most 1000000000000", "0.01", "1000000000000", false),
  YEARS("a term in years above 0, at most 30 (0.5 means six months)", "0.0001", "30", false),
  RISK_WEIGHT(
      "a risk weight as a fraction from 0 to 12.5 (0.75 means 75%, 12.5 means 1250%)",
      "0", "12.5", true),
  CAPITAL_RATIO(
      "a capital ratio as a fraction above 0, at most 1 (0.105 means 10.5%)", "0.0001", "1", true),
  MATURITY_YEARS(
      "an effective maturity in years from 1 to 5 (the Basel IRB bounds)", "1", "5", false);

  final String expected;
  final BigDecimal min;
  final BigDecimal max;
  final boolean isFraction;

  Kind(String expected, String min, String max, boolean isFraction) {
    this.expected = expected;
    this.min = new BigDecimal(min);
    this.max = new BigDecimal(max);
    this.isFraction = isFraction;
  }

  boolean allows(BigDecimal value) {
    return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
  }

  /** A hint for a value that looks like a percentage written where a fraction belongs. */
  String hintFor(BigDecimal value) {
    if (isFraction && value.compareTo(BigDecimal.ONE) > 0 && value.compareTo(max) > 0) {
      return " (a percentage? write "
          + value.movePointLeft(2).stripTrailingZeros().toPlainString()
          + " for "
          + value.stripTrailingZeros().toPlainString()
          + "%)";
    }
    return "";
  }
}
