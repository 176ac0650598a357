package io.credence.analysis.economics;

import java.math.BigDecimal;

/**
 * How much equity a loan ties up per yuan of exposure: a risk weight times the capital ratio the
 * bank must hold. The risk weight is either a standardised one (a fixed percentage set by the
 * regulator for the exposure class) or computed by the Basel IRB formula from PD and LGD.
 */
public sealed interface Capital {

  /** The capital ratio held against risk-weighted assets (10.5% = 8% minimum + 2.5% buffer). */
  BigDecimal capitalRatio();

  /** The risk weight of an exposure with this PD and LGD. */
  BigDecimal riskWeightFor(BigDecimal pdAnnual, BigDecimal lgd);

  /** K, the capital per yuan of exposure: risk weight times capital ratio. */
  default BigDecimal perUnit(BigDecimal pdAnnual, BigDecimal lgd) {
    return riskWeightFor(pdAnnual, lgd).multiply(capitalRatio(), Decimals.MATH);
  }

  /** A few words for reports: "standardised 75%", "IRB corporate, M 2.5 years". */
  String describe();

  /** A regulator's fixed risk weight for the exposure class. */
  record Standardised(BigDecimal riskWeight, BigDecimal capitalRatio) implements Capital {
    @Override
    public BigDecimal riskWeightFor(BigDecimal pdAnnual, BigDecimal lgd) {
      return riskWeight;
    }

    @Override
    public String describe() {
      return "standardised, risk weight "
          + Decimals.percent(riskWeight, 2).stripTrailingZeros().toPlainString()
          + "%";
    }
  }

  /** Basel IRB, corporate exposures, with the effective maturity in years. */
  record IrbCorporate(BigDecimal maturityYears, BigDecimal capitalRatio) implements Capital {
    @Override
    public BigDecimal riskWeightFor(BigDecimal pdAnnual, BigDecimal lgd) {
      return Irb.corporateRiskWeight(pdAnnual, lgd, maturityYears);
    }

    @Override
    public String describe() {
      return "IRB corporate, maturity "
          + maturityYears.stripTrailingZeros().toPlainString()
          + " years";
    }
  }

  /** Basel IRB, retail "other" exposures (small loans to individuals and small businesses). */
  record IrbRetailOther(BigDecimal capitalRatio) implements Capital {
    @Override
    public BigDecimal riskWeightFor(BigDecimal pdAnnual, BigDecimal lgd) {
      return Irb.retailOtherRiskWeight(pdAnnual, lgd);
    }

    @Override
    public String describe() {
      return "IRB retail other";
    }
  }
}
