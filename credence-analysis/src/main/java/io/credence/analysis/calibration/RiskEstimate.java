package io.credence.analysis.calibration;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * PD and LGD estimated from observed outcomes, with 95% confidence intervals and warnings.
 *
 * @param population what was estimated: "obligor huaxin-motors", "segment sme-loan", "all outcomes"
 * @param loans outcomes in the sample
 * @param defaults of which defaults (see {@link Outcome#isDefault()})
 * @param exposureYears the sum of the terms in years: the loan-years observed
 * @param lgd the default-weighted mean LGD; empty when there was no default
 * @param lgdInterval its 95% interval; empty with fewer than two defaults
 * @param warnings why the estimate should not be trusted, if it should not
 */
public record RiskEstimate(
    String source,
    String population,
    int loans,
    int defaults,
    BigDecimal exposureYears,
    BigDecimal pdAnnual,
    Interval pdInterval,
    String pdMethod,
    Optional<BigDecimal> lgd,
    Optional<Interval> lgdInterval,
    String lgdMethod,
    List<String> warnings) {

  /** A closed interval of fractions. */
  public record Interval(BigDecimal low, BigDecimal high) {}

  public RiskEstimate {
    warnings = List.copyOf(warnings);
  }

  /** The same estimate, its source told as {@code source} (with what else the source says). */
  public RiskEstimate withSource(String source) {
    return new RiskEstimate(
        source,
        population,
        loans,
        defaults,
        exposureYears,
        pdAnnual,
        pdInterval,
        pdMethod,
        lgd,
        lgdInterval,
        lgdMethod,
        warnings);
  }

  /** The sample is too small to trust (see the warnings). */
  public boolean isTooSmall() {
    return !warnings.isEmpty();
  }
}
