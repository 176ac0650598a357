package io.credence.analysis.scenario;

import java.math.BigDecimal;

/**
 * Economic profit with the chain when one parameter moves to the low and to the high end of its
 * range, the others held at their base values.
 */
public record TornadoBar(
    Parameter parameter,
    BigDecimal low,
    BigDecimal high,
    BigDecimal economicProfitAtLow,
    BigDecimal economicProfitAtHigh) {

  /** How far economic profit moves across the range, in yuan. */
  public BigDecimal swingYuan() {
    return economicProfitAtHigh.subtract(economicProfitAtLow).abs();
  }
}
