package io.credence.analysis.calibration;

import io.credence.analysis.scenario.ScenarioException;
import java.util.List;

/**
 * Where observed outcomes come from: a file of loan outcomes today ({@link OutcomesFile}); the
 * chain's certificate history (settled, overdue, defaulted certificates) when the supply-chain
 * finance contracts exist. The estimation ({@link Calibration}) does not care which.
 */
public interface OutcomeSource {
  /** Where the outcomes came from, for reports ("outcomes.csv", "the chain at height 812"). */
  String description();

  /** Every outcome, validated. */
  List<Outcome> outcomes() throws ScenarioException;
}
