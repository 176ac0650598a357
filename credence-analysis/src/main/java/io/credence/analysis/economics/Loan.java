package io.credence.analysis.economics;

import java.math.BigDecimal;

/**
 * What both ways of lending share: the amount L in yuan, the term T in years, the bank's cost of
 * funds c_f and its hurdle rate on equity k_e (both annual fractions).
 */
public record Loan(
    BigDecimal amountYuan,
    BigDecimal termYears,
    BigDecimal costOfFundsAnnual,
    BigDecimal hurdleRateAnnual) {

  /** L x T, the exposure in yuan-years every annual rate is charged on. */
  public BigDecimal exposureYuanYears() {
    return amountYuan.multiply(termYears, Decimals.MATH);
  }

  public Loan withCostOfFunds(BigDecimal rate) {
    return new Loan(amountYuan, termYears, rate, hurdleRateAnnual);
  }

  public Loan withHurdleRate(BigDecimal rate) {
    return new Loan(amountYuan, termYears, costOfFundsAnnual, rate);
  }
}
