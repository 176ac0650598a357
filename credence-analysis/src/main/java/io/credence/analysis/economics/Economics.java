package io.credence.analysis.economics;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The lender's economics of one loan made one way, in yuan per loan (over its whole term) and
 * annual fractions, unrounded (34 significant digits): see {@link LenderEconomics} for the
 * formulas.
 *
 * @param pdOverTerm PD_T, the probability of default within the term
 * @param expectedLossBeforeShare EL with kappa = 0, the loss a third party could take over
 * @param riskWeight the risk weight the capital rule gives this exposure
 * @param capitalPerUnit K, capital per yuan of exposure
 * @param capitalCharge k_e x K x L x T, the return the equity tied up demands
 * @param raroc (NII - EL - OC) / (K L T); empty when the loan ties up no capital
 * @param breakEvenRate r*, the client rate at which economic profit is zero
 * @param lossShareToBreakEven kappa*, the share of losses a fund must bear for EP = 0 at this rate;
 *     empty when the loan has no expected loss to share
 * @param subsidyYuan what would lift EP to zero at this rate (zero if it is already viable)
 * @param breakEvenPlatformFeeRate the platform fee rate at which EP is zero (negative: no fee fits)
 */
public record Economics(
    BigDecimal clientRateAnnual,
    BigDecimal pdOverTerm,
    BigDecimal netInterestIncome,
    BigDecimal expectedLossBeforeShare,
    BigDecimal expectedLoss,
    BigDecimal operatingCost,
    BigDecimal platformFeeYuan,
    BigDecimal riskWeight,
    BigDecimal capitalPerUnit,
    BigDecimal capitalCharge,
    BigDecimal economicProfit,
    Optional<BigDecimal> raroc,
    BigDecimal breakEvenRate,
    Optional<BigDecimal> lossShareToBreakEven,
    BigDecimal subsidyYuan,
    BigDecimal breakEvenPlatformFeeRate) {

  /** Viable at its own client rate: r* <= r, which is exactly EP >= 0. */
  public boolean isViable() {
    return isViableAt(clientRateAnnual);
  }

  /** Viable at the given client rate (a cap, a market rate): r* <= rate. */
  public boolean isViableAt(BigDecimal rateAnnual) {
    return breakEvenRate.compareTo(rateAnnual) <= 0;
  }

  /** The interest subsidy, in annual fraction, that closes the gap to break even (zero if none). */
  public BigDecimal subsidyRate() {
    return breakEvenRate.subtract(clientRateAnnual).max(BigDecimal.ZERO);
  }
}
