package io.credence.analysis.economics;

import static io.credence.analysis.economics.Decimals.MATH;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The lender's economics of DOMAIN.md, per loan of amount L over T years at client rate r:
 *
 * <pre>
 * NII   = (r - c_f) L T
 * EL    = PD_T LGD (1 - kappa) L      PD_T = PD T for T <= 1, else 1 - (1 - PD)^T
 * OC    = F + platform fee per loan + (o + fee) L T
 * CAP   = k_e K L T                   K = risk weight x capital ratio
 * EP    = NII - EL - OC - CAP
 * RAROC = (NII - EL - OC) / (K L T)
 * r*    = c_f + EL / (L T) + (F + fee per loan) / (L T) + o + fee + k_e K
 * kappa* = 1 - (NII - OC - CAP) / EL(kappa = 0)
 * </pre>
 *
 * EP = (r - r*) L T holds exactly, so "viable" (r* <= r) and "EP >= 0" are the same statement.
 */
public final class LenderEconomics {
  private LenderEconomics() {}

  /** The economics of making {@code loan} on {@code terms} at the terms' own client rate. */
  public static Economics evaluate(Loan loan, LendingTerms terms) {
    BigDecimal exposure = loan.exposureYuanYears();
    BigDecimal r = terms.clientRateAnnual();
    BigDecimal pdT = pdOverTerm(terms.pdAnnual(), loan.termYears());
    BigDecimal nii = r.subtract(loan.costOfFundsAnnual()).multiply(exposure, MATH);
    BigDecimal lossBeforeShare = pdT.multiply(terms.lgd(), MATH).multiply(loan.amountYuan(), MATH);
    BigDecimal loss = lossBeforeShare.multiply(BigDecimal.ONE.subtract(terms.lossShare()), MATH);
    BigDecimal feeYuan =
        terms
            .platformFeeRateAnnual()
            .multiply(exposure, MATH)
            .add(terms.platformFeePerLoanYuan(), MATH);
    BigDecimal operating =
        terms
            .fixedCostYuan()
            .add(terms.platformFeePerLoanYuan(), MATH)
            .add(
                terms
                    .servicingRateAnnual()
                    .add(terms.platformFeeRateAnnual())
                    .multiply(exposure, MATH),
                MATH);
    BigDecimal riskWeight = terms.capital().riskWeightFor(terms.pdAnnual(), terms.lgd());
    BigDecimal k = riskWeight.multiply(terms.capital().capitalRatio(), MATH);
    BigDecimal capitalYuanYears = k.multiply(exposure, MATH);
    BigDecimal capitalCharge = loan.hurdleRateAnnual().multiply(capitalYuanYears, MATH);
    BigDecimal beforeCapital = nii.subtract(loss, MATH).subtract(operating, MATH);
    BigDecimal ep = beforeCapital.subtract(capitalCharge, MATH);
    Optional<BigDecimal> raroc =
        capitalYuanYears.signum() == 0
            ? Optional.empty()
            : Optional.of(beforeCapital.divide(capitalYuanYears, MATH));
    BigDecimal breakEven =
        loan.costOfFundsAnnual()
            .add(loss.divide(exposure, MATH), MATH)
            .add(
                terms.fixedCostYuan().add(terms.platformFeePerLoanYuan()).divide(exposure, MATH),
                MATH)
            .add(terms.servicingRateAnnual(), MATH)
            .add(terms.platformFeeRateAnnual(), MATH)
            .add(loan.hurdleRateAnnual().multiply(k, MATH), MATH);
    Optional<BigDecimal> kappaStar =
        lossBeforeShare.signum() == 0
            ? Optional.empty()
            : Optional.of(
                BigDecimal.ONE.subtract(
                    nii.subtract(operating, MATH)
                        .subtract(capitalCharge, MATH)
                        .divide(lossBeforeShare, MATH),
                    MATH));
    BigDecimal subsidy = ep.negate().max(BigDecimal.ZERO);
    BigDecimal breakEvenFee = terms.platformFeeRateAnnual().add(ep.divide(exposure, MATH), MATH);
    return new Economics(
        r,
        pdT,
        nii,
        lossBeforeShare,
        loss,
        operating,
        feeYuan,
        riskWeight,
        k,
        capitalCharge,
        ep,
        raroc,
        breakEven,
        kappaStar,
        subsidy,
        breakEvenFee);
  }

  /** Economic profit of the same loan at another client rate. */
  public static BigDecimal economicProfitAt(Loan loan, LendingTerms terms, BigDecimal rateAnnual) {
    return evaluate(loan, terms.withClientRate(rateAnnual)).economicProfit();
  }

  /**
   * PD over the term: PD x T up to one year (the convention of DOMAIN.md), and 1 - (1 - PD)^T
   * beyond, exactly for whole years and in double precision (15 digits) for fractional ones.
   */
  public static BigDecimal pdOverTerm(BigDecimal pdAnnual, BigDecimal termYears) {
    if (termYears.compareTo(BigDecimal.ONE) <= 0) {
      return pdAnnual.multiply(termYears, MATH);
    }
    BigDecimal survival = BigDecimal.ONE.subtract(pdAnnual);
    BigDecimal survivalOverTerm;
    if (termYears.stripTrailingZeros().scale() <= 0) {
      survivalOverTerm = survival.pow(termYears.intValueExact(), MATH);
    } else {
      survivalOverTerm =
          Decimals.fromDouble(Math.pow(survival.doubleValue(), termYears.doubleValue()));
    }
    return BigDecimal.ONE.subtract(survivalOverTerm, MATH);
  }
}
