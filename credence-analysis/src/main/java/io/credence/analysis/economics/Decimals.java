package io.credence.analysis.economics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The analyser's arithmetic: every intermediate value is a {@link BigDecimal} rounded to 34
 * significant digits (IEEE decimal128) half-even; results are rounded for people only at the edge,
 * money to the fen and rates to a stated number of places, half-up as Chinese bank statements do.
 */
public final class Decimals {
  /** The precision of every intermediate product and quotient. */
  public static final MathContext MATH = new MathContext(34, RoundingMode.HALF_EVEN);

  /** Significant digits kept from the double-precision normal distribution of the IRB formula. */
  static final MathContext FROM_DOUBLE = new MathContext(15, RoundingMode.HALF_EVEN);

  public static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private Decimals() {}

  /** An amount in yuan rounded to the fen. */
  public static BigDecimal yuan(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP);
  }

  /** A fraction (0.0353) as percent (3.530) with {@code places} decimals. */
  public static BigDecimal percent(BigDecimal fraction, int places) {
    return fraction.multiply(HUNDRED).setScale(places, RoundingMode.HALF_UP);
  }

  /** A double from a transcendental function, kept to 15 significant digits. */
  public static BigDecimal fromDouble(double value) {
    if (!Double.isFinite(value)) {
      throw new ArithmeticException("not a finite number: " + value);
    }
    return new BigDecimal(value, FROM_DOUBLE);
  }
}
