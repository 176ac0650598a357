package io.credence.analysis.economics;

import java.math.BigDecimal;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The Basel II internal-ratings-based risk-weight functions (BCBS "An Explanatory Note on the Basel
 * II IRB Risk Weight Functions", 2005, and Basel Framework CRE31): corporate exposures with the
 * maturity adjustment, and retail "other" exposures. The formula needs the normal distribution and
 * its inverse, so it runs in double precision; the risk weight is handed back as a {@link
 * BigDecimal} of 15 significant digits, far finer than any amount of money it multiplies.
 */
public final class Irb {
  /** Basel II's floor on PD for corporate and retail exposures: 0.03%. */
  public static final BigDecimal PD_FLOOR = new BigDecimal("0.0003");

  /** Effective maturity is bounded to one to five years (CRE32.47). */
  public static final BigDecimal MATURITY_YEARS_MIN = BigDecimal.ONE;

  public static final BigDecimal MATURITY_YEARS_MAX = BigDecimal.valueOf(5);

  private static final NormalDistribution STANDARD = NormalDistribution.of(0, 1);
  private static final double CONFIDENCE = 0.999;

  private Irb() {}

  /**
   * Corporate risk weight: {@code R = 0.12 w + 0.24 (1 - w)}, {@code w = (1 - e^-50PD) / (1 -
   * e^-50)}, {@code b = (0.11852 - 0.05478 ln PD)^2}, maturity adjustment {@code (1 + (M - 2.5) b)
   * / (1 - 1.5 b)}, {@code RW = 12.5 K}.
   */
  public static BigDecimal corporateRiskWeight(
      BigDecimal pdAnnual, BigDecimal lgd, BigDecimal maturityYears) {
    double pd = floored(pdAnnual);
    double w = (1 - Math.exp(-50 * pd)) / (1 - Math.exp(-50));
    double correlation = 0.12 * w + 0.24 * (1 - w);
    double b = Math.pow(0.11852 - 0.05478 * Math.log(pd), 2);
    double m = maturityYears.max(MATURITY_YEARS_MIN).min(MATURITY_YEARS_MAX).doubleValue();
    double maturityAdjustment = (1 + (m - 2.5) * b) / (1 - 1.5 * b);
    return riskWeight(pd, lgd.doubleValue(), correlation, maturityAdjustment);
  }

  /**
   * Retail "other" risk weight: {@code R = 0.03 w + 0.16 (1 - w)}, {@code w = (1 - e^-35PD) / (1 -
   * e^-35)}, no maturity adjustment.
   */
  public static BigDecimal retailOtherRiskWeight(BigDecimal pdAnnual, BigDecimal lgd) {
    double pd = floored(pdAnnual);
    double w = (1 - Math.exp(-35 * pd)) / (1 - Math.exp(-35));
    double correlation = 0.03 * w + 0.16 * (1 - w);
    return riskWeight(pd, lgd.doubleValue(), correlation, 1);
  }

  private static BigDecimal riskWeight(
      double pd, double lgd, double correlation, double maturityAdjustment) {
    double conditional =
        STANDARD.cumulativeProbability(
            (STANDARD.inverseCumulativeProbability(pd)
                    + Math.sqrt(correlation) * STANDARD.inverseCumulativeProbability(CONFIDENCE))
                / Math.sqrt(1 - correlation));
    double k = lgd * (conditional - pd) * maturityAdjustment;
    return Decimals.fromDouble(12.5 * Math.max(0, k));
  }

  private static double floored(BigDecimal pdAnnual) {
    if (pdAnnual.signum() < 0 || pdAnnual.compareTo(BigDecimal.ONE) >= 0) {
      throw new IllegalArgumentException(
          "IRB needs 0 <= PD < 1 (a defaulted exposure has its own rule), found " + pdAnnual);
    }
    return pdAnnual.max(PD_FLOOR).doubleValue();
  }
}
