package io.credence.analysis.calibration;

import static io.credence.analysis.economics.Decimals.MATH;

import io.credence.analysis.economics.Decimals;
import io.credence.analysis.economics.LendingTerms;
import io.credence.analysis.scenario.Problem;
import io.credence.analysis.scenario.Scenario;
import io.credence.analysis.scenario.ScenarioException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Estimates PD and LGD from observed outcomes and puts them into a scenario.
 *
 * <p>PD: the model charges PD_T = PD x T, so each loan observed for T years contributes T
 * loan-years of exposure to a constant default intensity; the maximum-likelihood annual PD is
 * defaults / loan-years. Its 95% interval is the exact Poisson (Garwood) interval: [chi2(0.025; 2D)
 * / 2, chi2(0.975; 2D + 2) / 2] / loan-years, which keeps an honest upper bound even with no
 * default at all. LGD: the default-weighted mean of the realised LGDs (1 - recovered / amount),
 * with a Student-t 95% interval (n - 1 degrees of freedom) clipped to [0, 1].
 */
public final class Calibration {
  /** Fewer defaults than this and the PD estimate is flagged as too uncertain to trust. */
  public static final int DEFAULTS_FOR_PD_MIN = 5;

  /** Fewer defaults than this and the LGD estimate is flagged as too uncertain to trust. */
  public static final int DEFAULTS_FOR_LGD_MIN = 10;

  /** Fewer loans than this and the sample is flagged as too small. */
  public static final int LOANS_MIN = 30;

  /** The highest PD the estimate hands to the model (which needs PD below 1). */
  static final BigDecimal PD_MAX = new BigDecimal("0.9999");

  private static final double CONFIDENCE = 0.95;

  /** Which outcomes to estimate from. */
  public sealed interface Selection {
    /** Every outcome. */
    record All() implements Selection {}

    /** The outcomes of one obligor. */
    record Obligor(String name) implements Selection {}

    /** The outcomes of one segment. */
    record Segment(String name) implements Selection {}
  }

  /** Which side of the scenario the estimates replace. */
  public enum Side {
    WITH_CHAIN,
    WITHOUT_CHAIN
  }

  private Calibration() {}

  /**
   * Estimates PD and LGD over the selected outcomes.
   *
   * @throws ScenarioException if the selection matches no outcome
   */
  public static RiskEstimate estimate(OutcomeSource source, Selection selection)
      throws ScenarioException {
    List<Outcome> all = source.outcomes();
    List<Outcome> chosen = new ArrayList<>();
    String population;
    if (selection instanceof Selection.Obligor o) {
      population = "obligor " + o.name();
      all.stream().filter(x -> x.obligor().equals(o.name())).forEach(chosen::add);
      requireSome(chosen, all, "--obligor", o.name(), Outcome::obligor);
    } else if (selection instanceof Selection.Segment s) {
      population = "segment " + s.name();
      all.stream().filter(x -> x.segment().equals(s.name())).forEach(chosen::add);
      requireSome(chosen, all, "--segment", s.name(), Outcome::segment);
    } else {
      population = "all outcomes";
      chosen.addAll(all);
    }
    if (chosen.isEmpty()) {
      throw new ScenarioException(
          new Problem(source.description(), "at least one outcome", "an empty file"));
    }
    return estimate(source.description(), population, chosen);
  }

  private static void requireSome(
      List<Outcome> chosen,
      List<Outcome> all,
      String option,
      String name,
      Function<Outcome, String> key)
      throws ScenarioException {
    if (chosen.isEmpty()) {
      TreeSet<String> known = new TreeSet<>();
      all.forEach(o -> known.add(key.apply(o)));
      String list = String.join(", ", known.stream().limit(20).toList());
      throw new ScenarioException(
          new Problem(
              option,
              "a name present in the outcomes (" + list + (known.size() > 20 ? ", ..." : "") + ")",
              "\"" + name + "\""));
    }
  }

  static RiskEstimate estimate(String source, String population, List<Outcome> chosen) {
    int defaults = 0;
    BigDecimal exposureYears = BigDecimal.ZERO;
    List<BigDecimal> losses = new ArrayList<>();
    for (Outcome o : chosen) {
      exposureYears =
          exposureYears.add(
              BigDecimal.valueOf(o.termDays())
                  .divide(BigDecimal.valueOf(Outcome.DAYS_PER_YEAR), MATH),
              MATH);
      if (o.isDefault()) {
        defaults++;
        losses.add(o.lossGivenDefault());
      }
    }
    List<String> warnings = new ArrayList<>();
    BigDecimal pd = BigDecimal.valueOf(defaults).divide(exposureYears, MATH);
    if (pd.compareTo(PD_MAX) > 0) {
      warnings.add(
          "the observed default rate "
              + Decimals.percent(pd, 2).toPlainString()
              + "% a year is above the model's limit; PD is set to 99.99%");
      pd = PD_MAX;
    }
    double years = exposureYears.doubleValue();
    BigDecimal pdLow =
        defaults == 0
            ? BigDecimal.ZERO
            : poissonQuantile(2 * defaults, (1 - CONFIDENCE) / 2, years);
    BigDecimal pdHigh =
        poissonQuantile(2 * defaults + 2, (1 + CONFIDENCE) / 2, years).min(BigDecimal.ONE);
    RiskEstimate.Interval pdInterval = new RiskEstimate.Interval(pdLow.min(pd), pdHigh.max(pd));
    Optional<BigDecimal> lgd = Optional.empty();
    Optional<RiskEstimate.Interval> lgdInterval = Optional.empty();
    if (!losses.isEmpty()) {
      BigDecimal sum = losses.stream().reduce(BigDecimal.ZERO, (a, b) -> a.add(b, MATH));
      BigDecimal mean = sum.divide(BigDecimal.valueOf(losses.size()), MATH);
      lgd = Optional.of(mean);
      if (losses.size() >= 2) {
        BigDecimal squares = BigDecimal.ZERO;
        for (BigDecimal x : losses) {
          BigDecimal d = x.subtract(mean, MATH);
          squares = squares.add(d.multiply(d, MATH), MATH);
        }
        int n = losses.size();
        double sd = Math.sqrt(squares.divide(BigDecimal.valueOf(n - 1L), MATH).doubleValue());
        double t = TDistribution.of(n - 1.0).inverseCumulativeProbability((1 + CONFIDENCE) / 2);
        BigDecimal half = Decimals.fromDouble(t * sd / Math.sqrt(n));
        lgdInterval =
            Optional.of(
                new RiskEstimate.Interval(
                    mean.subtract(half, MATH).max(BigDecimal.ZERO),
                    mean.add(half, MATH).min(BigDecimal.ONE)));
      }
    }
    if (chosen.size() < LOANS_MIN) {
      warnings.add(
          "only "
              + chosen.size()
              + " loans observed (fewer than "
              + LOANS_MIN
              + "): too few to trust");
    }
    if (defaults < DEFAULTS_FOR_PD_MIN) {
      warnings.add(
          (defaults == 0
                  ? "no default"
                  : "only " + defaults + (defaults == 1 ? " default" : " defaults"))
              + " observed (fewer than "
              + DEFAULTS_FOR_PD_MIN
              + "): the PD could be anywhere in its 95% interval "
              + percentPd(pdInterval.low())
              + " to "
              + percentPd(pdInterval.high()));
    }
    if (losses.isEmpty()) {
      warnings.add("no default observed: LGD cannot be estimated; the scenario's own LGD is kept");
    } else if (losses.size() < DEFAULTS_FOR_LGD_MIN) {
      warnings.add(
          "LGD rests on only "
              + losses.size()
              + (losses.size() == 1 ? " default" : " defaults")
              + " (fewer than "
              + DEFAULTS_FOR_LGD_MIN
              + ")"
              + lgdInterval
                  .map(
                      i -> ": its 95% interval is " + percent(i.low()) + " to " + percent(i.high()))
                  .orElse(""));
    }
    return new RiskEstimate(
        source,
        population,
        chosen.size(),
        defaults,
        exposureYears,
        pd,
        pdInterval,
        "defaults per loan-year (maximum likelihood under PD_T = PD x T); 95% exact Poisson"
            + " (Garwood) interval",
        lgd,
        lgdInterval,
        "default-weighted mean of realised LGD (1 - recovered / amount); 95% Student-t interval",
        warnings);
  }

  private static BigDecimal poissonQuantile(int degreesOfFreedom, double p, double exposureYears) {
    double chi2 = ChiSquaredDistribution.of(degreesOfFreedom).inverseCumulativeProbability(p);
    return Decimals.fromDouble(chi2 / 2 / exposureYears);
  }

  /** The scenario with PD (and LGD, when estimated) of one side replaced by the estimate. */
  public static Scenario apply(Scenario scenario, RiskEstimate estimate, Side side) {
    LendingTerms terms = side == Side.WITH_CHAIN ? scenario.withChain() : scenario.withoutChain();
    LendingTerms calibrated = terms.withPd(estimate.pdAnnual());
    if (estimate.lgd().isPresent()) {
      calibrated = calibrated.withLgd(estimate.lgd().get());
    }
    return side == Side.WITH_CHAIN
        ? scenario.withChain(calibrated)
        : scenario.withoutChain(calibrated);
  }

  private static String percent(BigDecimal fraction) {
    return Decimals.percent(fraction, 2).toPlainString() + "%";
  }

  /** PD to three decimals of a percent, as the reports show it. */
  private static String percentPd(BigDecimal fraction) {
    return Decimals.percent(fraction, 3).toPlainString() + "%";
  }
}
