package io.credence.analysis.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.analysis.economics.Decimals;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * DOMAIN.md's worked examples, read from the built-in example files, reproduced to the yuan and to
 * 0.01 percentage point (the figures below are DOMAIN.md's, rounded as it rounds them).
 */
class WorkedExamplesTest {

  @Test
  void scenarioA_supplierReceivable_reproducesDomainFigures() throws ScenarioException {
    Analysis a = Analyser.analyse(ScenarioFile.example("a"));

    assertEquals(new BigDecimal("6.488"), Decimals.percent(a.withoutChain().breakEvenRate(), 3));
    assertEquals(new BigDecimal("3.530"), Decimals.percent(a.withChain().breakEvenRate(), 3));
    assertEquals(new BigDecimal("-9937.50"), Decimals.yuan(a.withoutChain().economicProfit()));
    assertEquals(new BigDecimal("1350.00"), Decimals.yuan(a.withChain().economicProfit()));
    assertEquals(new BigDecimal("12.57"), Decimals.percent(a.withChain().raroc().orElseThrow(), 2));
    assertTrue(a.isViableWithChain());
    // At 4.5% the bank rations credit: it does not lend without the chain.
    assertFalse(a.lendsWithoutChain());
    Stakeholder supplier = party(a, "Supplier");
    assertEquals(new BigDecimal("13500.00"), Decimals.yuan(supplier.gainYuan()));
    assertEquals(new BigDecimal("1350.00"), Decimals.yuan(party(a, "Bank").gainYuan()));
    assertEquals(new BigDecimal("500.00"), Decimals.yuan(party(a, "Platform").gainYuan()));
    assertTrue(a.incentiveCompatible(), "everyone gains");
  }

  @Test
  void scenarioB_cappedFarmLoan_reproducesDomainFigures() throws ScenarioException {
    Analysis b = Analyser.analyse(ScenarioFile.example("b"));

    assertEquals(new BigDecimal("-1868.75"), Decimals.yuan(b.withoutChain().economicProfit()));
    assertEquals(new BigDecimal("-1478.75"), Decimals.yuan(b.withChain().economicProfit()));
    assertEquals(new BigDecimal("390.00"), Decimals.yuan(party(b, "Bank").gainYuan()));
    assertEquals(new BigDecimal("7.71"), Decimals.percent(b.withChain().breakEvenRate(), 2));
    assertEquals(
        new BigDecimal("82.15"),
        Decimals.percent(b.withChain().lossShareToBreakEven().orElseThrow(), 2));
    assertFalse(b.isViableWithChain());
    assertFalse(b.withChain().isViableAt(new BigDecimal("0.0475")), "unviable at the cap");
    assertTrue(b.lendsWithoutChain(), "a policy loan");
    assertEquals(new BigDecimal("1478.75"), Decimals.yuan(b.withChain().subsidyYuan()));
    assertFalse(b.incentiveCompatible(), "the bank still loses on every loan");
  }

  private static Stakeholder party(Analysis a, String name) {
    return a.stakeholders().stream().filter(s -> s.party().equals(name)).findFirst().orElseThrow();
  }
}
