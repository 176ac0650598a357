package io.credence.analysis.economics;

import java.math.BigDecimal;

/**
 * One way of making the loan ("without chain" or "with chain"): the client rate r, the obligor's
 * annual PD, LGD, the share of losses a third party bears (kappa), the fixed cost per loan F, the
 * platform's fee per loan, the servicing rate o, the platform's fee rate, and how capital is
 * computed. Rates and PD are annual fractions; LGD and kappa are fractions of the exposure.
 */
public record LendingTerms(
    BigDecimal clientRateAnnual,
    BigDecimal pdAnnual,
    BigDecimal lgd,
    BigDecimal lossShare,
    BigDecimal fixedCostYuan,
    BigDecimal platformFeePerLoanYuan,
    BigDecimal servicingRateAnnual,
    BigDecimal platformFeeRateAnnual,
    Capital capital) {

  public LendingTerms withClientRate(BigDecimal value) {
    return new LendingTerms(
        value,
        pdAnnual,
        lgd,
        lossShare,
        fixedCostYuan,
        platformFeePerLoanYuan,
        servicingRateAnnual,
        platformFeeRateAnnual,
        capital);
  }

  public LendingTerms withPd(BigDecimal value) {
    return new LendingTerms(
        clientRateAnnual,
        value,
        lgd,
        lossShare,
        fixedCostYuan,
        platformFeePerLoanYuan,
        servicingRateAnnual,
        platformFeeRateAnnual,
        capital);
  }

  public LendingTerms withLgd(BigDecimal value) {
    return new LendingTerms(
        clientRateAnnual,
        pdAnnual,
        value,
        lossShare,
        fixedCostYuan,
        platformFeePerLoanYuan,
        servicingRateAnnual,
        platformFeeRateAnnual,
        capital);
  }

  public LendingTerms withLossShare(BigDecimal value) {
    return new LendingTerms(
        clientRateAnnual,
        pdAnnual,
        lgd,
        value,
        fixedCostYuan,
        platformFeePerLoanYuan,
        servicingRateAnnual,
        platformFeeRateAnnual,
        capital);
  }

  public LendingTerms withFixedCost(BigDecimal value) {
    return new LendingTerms(
        clientRateAnnual,
        pdAnnual,
        lgd,
        lossShare,
        value,
        platformFeePerLoanYuan,
        servicingRateAnnual,
        platformFeeRateAnnual,
        capital);
  }

  public LendingTerms withServicingRate(BigDecimal value) {
    return new LendingTerms(
        clientRateAnnual,
        pdAnnual,
        lgd,
        lossShare,
        fixedCostYuan,
        platformFeePerLoanYuan,
        value,
        platformFeeRateAnnual,
        capital);
  }

  public LendingTerms withPlatformFeeRate(BigDecimal value) {
    return new LendingTerms(
        clientRateAnnual,
        pdAnnual,
        lgd,
        lossShare,
        fixedCostYuan,
        platformFeePerLoanYuan,
        servicingRateAnnual,
        value,
        capital);
  }
}
