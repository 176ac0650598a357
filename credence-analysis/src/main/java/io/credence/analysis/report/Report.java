package io.credence.analysis.report;

import io.credence.analysis.calibration.Calibration;
import io.credence.analysis.calibration.RiskEstimate;
import io.credence.analysis.scenario.Analyser;
import io.credence.analysis.scenario.Analysis;
import io.credence.analysis.scenario.Scenario;
import io.credence.analysis.scenario.ScenarioException;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * What a report shows: the analysis, and when PD and LGD were calibrated from observed outcomes,
 * the estimate, the side it replaced, and the same analysis at the upper end of PD's interval (the
 * prudent reading of a small sample).
 */
public record Report(Analysis analysis, Optional<Calibrated> calibration) {

  /** The calibration behind a report. */
  public record Calibrated(RiskEstimate estimate, Calibration.Side side, Analysis atUpperPd) {}

  /** Analyses {@code scenario} as written. */
  public static Report of(Scenario scenario) throws ScenarioException {
    return new Report(Analyser.analyse(scenario), Optional.empty());
  }

  /** Analyses {@code scenario} with PD and LGD of {@code side} replaced by the estimate. */
  public static Report calibrated(Scenario scenario, RiskEstimate estimate, Calibration.Side side)
      throws ScenarioException {
    Scenario calibrated = Calibration.apply(scenario, estimate, side);
    Scenario prudent =
        side == Calibration.Side.WITH_CHAIN
            ? calibrated.withChain(
                calibrated.withChain().withPd(capped(estimate.pdInterval().high())))
            : calibrated.withoutChain(
                calibrated.withoutChain().withPd(capped(estimate.pdInterval().high())));
    return new Report(
        Analyser.analyse(calibrated),
        Optional.of(new Calibrated(estimate, side, Analyser.analyse(prudent))));
  }

  private static BigDecimal capped(BigDecimal pd) {
    return pd.min(new BigDecimal("0.9999"));
  }
}
