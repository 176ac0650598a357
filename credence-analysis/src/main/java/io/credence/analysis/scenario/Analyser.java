package io.credence.analysis.scenario;

import static io.credence.analysis.economics.Decimals.MATH;

import io.credence.analysis.economics.Decimals;
import io.credence.analysis.economics.Economics;
import io.credence.analysis.economics.LenderEconomics;
import io.credence.analysis.economics.LendingTerms;
import io.credence.analysis.economics.Loan;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Analyses a {@link Scenario}: a pure function from parameters to an {@link Analysis}. */
public final class Analyser {
  /** Points on the economic-profit-against-rate curve. */
  public static final int RATE_CURVE_POINTS = 61;

  /**
   * The curve reaches this far (one percentage point) beyond the lowest and highest rate of
   * interest.
   */
  private static final BigDecimal RATE_CURVE_MARGIN = new BigDecimal("0.01");

  private Analyser() {}

  /**
   * Analyses the scenario.
   *
   * @throws ScenarioException if the bank does not lend without the chain and the scenario does not
   *     say what the borrower would pay elsewhere
   */
  public static Analysis analyse(Scenario scenario) throws ScenarioException {
    Loan loan = scenario.loan();
    Economics without = LenderEconomics.evaluate(loan, scenario.withoutChain());
    Economics with = LenderEconomics.evaluate(loan, scenario.withChain());
    boolean lends =
        switch (scenario.bankLendsWithoutChain()) {
          case YES -> true;
          case NO -> false;
          case AUTO ->
              without.isViable()
                  && scenario
                      .rateCapAnnual()
                      .map(cap -> without.clientRateAnnual().compareTo(cap) <= 0)
                      .orElse(true);
        };
    List<Stakeholder> parties = stakeholders(scenario, without, with, lends);
    boolean compatible =
        parties.stream().noneMatch(Stakeholder::isLosing) && with.economicProfit().signum() >= 0;
    return new Analysis(
        scenario,
        without,
        with,
        lends,
        parties,
        compatible,
        tornado(scenario),
        rateCurve(scenario, without, with));
  }

  private static List<Stakeholder> stakeholders(
      Scenario scenario, Economics without, Economics with, boolean lends)
      throws ScenarioException {
    BigDecimal exposure = scenario.loan().exposureYuanYears();
    List<Stakeholder> parties = new ArrayList<>();
    BigDecimal alternative;
    String against;
    if (lends) {
      alternative = without.clientRateAnnual();
      against = "the bank's loan without the chain";
    } else {
      alternative =
          scenario
              .borrowerAlternativeRateAnnual()
              .orElseThrow(
                  () ->
                      new ScenarioException(
                          new Problem(
                              "borrowerAlternativeRateAnnual",
                              "the annual rate the "
                                  + scenario.borrower()
                                  + " pays elsewhere, because the bank does not lend without the"
                                  + " chain",
                              "nothing")));
      against = "its alternative funding";
    }
    parties.add(
        new Stakeholder(
            capitalised(scenario.borrower()),
            alternative.subtract(with.clientRateAnnual()).multiply(exposure, MATH),
            "pays "
                + percent(with.clientRateAnnual())
                + " on the chain against "
                + percent(alternative)
                + " for "
                + against));
    scenario
        .coreEnterprise()
        .ifPresent(
            core ->
                parties.add(
                    new Stakeholder(
                        "Core enterprise",
                        core.gainYuan(),
                        "benefit "
                            + core.benefitYuan().toPlainString()
                            + " yuan less cost "
                            + core.costYuan().toPlainString()
                            + " yuan per receivable")));
    BigDecimal bankWithout = lends ? without.economicProfit() : BigDecimal.ZERO;
    parties.add(
        new Stakeholder(
            "Bank",
            with.economicProfit().subtract(bankWithout),
            "economic profit with the chain less "
                + (lends ? "without it" : "zero (it does not lend without the chain)")));
    parties.add(
        new Stakeholder(
            "Platform", with.platformFeeYuan(), "fee income per loan (rate and fixed fee)"));
    LendingTerms chain = scenario.withChain();
    if (chain.lossShare().signum() > 0) {
      parties.add(
          new Stakeholder(
              "Risk fund",
              with.expectedLossBeforeShare().subtract(with.expectedLoss()).negate(),
              "expected losses it absorbs ("
                  + percent(chain.lossShare())
                  + " of the bank's expected loss)"));
    }
    return parties;
  }

  private static List<TornadoBar> tornado(Scenario scenario) {
    Loan loan = scenario.loan();
    LendingTerms terms = scenario.withChain();
    List<TornadoBar> bars = new ArrayList<>();
    for (Parameter p : Parameter.values()) {
      BigDecimal base = p.base(loan, terms);
      Scenario.Range range =
          Optional.ofNullable(scenario.sensitivity().get(p))
              .orElseGet(() -> p.defaultRange(base, scenario.rateCapAnnual()));
      if (range.low().compareTo(range.high()) == 0) {
        continue;
      }
      bars.add(
          new TornadoBar(
              p,
              range.low(),
              range.high(),
              profitWith(p, loan, terms, range.low()),
              profitWith(p, loan, terms, range.high())));
    }
    bars.sort(Comparator.comparing(TornadoBar::swingYuan).reversed());
    return bars;
  }

  private static BigDecimal profitWith(
      Parameter p, Loan loan, LendingTerms terms, BigDecimal value) {
    return LenderEconomics.evaluate(p.applyTo(loan, value), p.applyTo(terms, value))
        .economicProfit();
  }

  private static List<RatePoint> rateCurve(Scenario scenario, Economics without, Economics with) {
    List<BigDecimal> marks =
        new ArrayList<>(
            List.of(
                without.breakEvenRate(),
                with.breakEvenRate(),
                without.clientRateAnnual(),
                with.clientRateAnnual(),
                scenario.loan().costOfFundsAnnual()));
    scenario.rateCapAnnual().ifPresent(marks::add);
    scenario.borrowerAlternativeRateAnnual().ifPresent(marks::add);
    BigDecimal low =
        marks.stream().min(Comparator.naturalOrder()).orElseThrow().subtract(RATE_CURVE_MARGIN);
    low = low.max(BigDecimal.ZERO);
    BigDecimal high =
        marks.stream().max(Comparator.naturalOrder()).orElseThrow().add(RATE_CURVE_MARGIN);
    BigDecimal step = high.subtract(low).divide(BigDecimal.valueOf(RATE_CURVE_POINTS - 1), MATH);
    List<RatePoint> points = new ArrayList<>(RATE_CURVE_POINTS);
    for (int i = 0; i < RATE_CURVE_POINTS; i++) {
      BigDecimal rate = low.add(step.multiply(BigDecimal.valueOf(i), MATH), MATH);
      points.add(
          new RatePoint(
              rate,
              LenderEconomics.economicProfitAt(scenario.loan(), scenario.withoutChain(), rate),
              LenderEconomics.economicProfitAt(scenario.loan(), scenario.withChain(), rate)));
    }
    return points;
  }

  private static String percent(BigDecimal fraction) {
    return Decimals.percent(fraction, 2).toPlainString() + "%";
  }

  private static String capitalised(String word) {
    return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
