package io.credence.analysis.scenario;

import io.credence.analysis.economics.Economics;
import java.math.BigDecimal;
import java.util.List;

/**
 * Everything the analyser found for one scenario: the lender's economics both ways, whether the
 * bank lends without the chain, the stakeholders' gains, and the sensitivities.
 *
 * @param lendsWithoutChain whether the bank makes this loan without the chain (see {@link
 *     BankLends}); when it does not, its economic profit without the chain is zero
 * @param incentiveCompatible no party loses, and the bank's economic profit with the chain is not
 *     negative (a bank will not keep lending at a loss)
 * @param tornado one bar per parameter whose range is not empty, widest swing first
 * @param rateCurve economic profit across client rates, ascending
 */
public record Analysis(
    Scenario scenario,
    Economics withoutChain,
    Economics withChain,
    boolean lendsWithoutChain,
    List<Stakeholder> stakeholders,
    boolean incentiveCompatible,
    List<TornadoBar> tornado,
    List<RatePoint> rateCurve) {

  public Analysis {
    stakeholders = List.copyOf(stakeholders);
    tornado = List.copyOf(tornado);
    rateCurve = List.copyOf(rateCurve);
  }

  /** The bank's economic profit without the chain: zero when it does not lend. */
  public BigDecimal bankProfitWithoutChain() {
    return lendsWithoutChain ? withoutChain.economicProfit() : BigDecimal.ZERO;
  }

  /** The rate the bank may charge on the chain at most: the cap, or else its chosen client rate. */
  public BigDecimal highestRateWithChain() {
    return scenario.rateCapAnnual().orElse(withChain.clientRateAnnual());
  }

  /** Viable with the chain at its client rate. */
  public boolean isViableWithChain() {
    return withChain.isViable();
  }
}
