package io.credence.app.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.credence.analysis.calibration.Outcome;
import io.credence.core.Amount;
import io.credence.core.CalendarDate;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a chain's certificate history becomes observed outcomes for the analyser. */
class ChainOutcomesTest {
  private static final CalendarDate ISSUED = CalendarDate.of(2026, 1, 1);
  private static final CalendarDate MATURITY = CalendarDate.of(2026, 4, 1);

  private static ChainOutcomes.Root root(String id) {
    return new ChainOutcomes.Root(
        id, "CORE", Amount.parse("face", "1000"), ISSUED, MATURITY, Amount.ZERO, 0, Amount.ZERO, 0);
  }

  @Test
  void settledInFull_isSettledAsLateAsItsLatestPiece() {
    var r = root("a").paid(Amount.parse("a", "700"), 0).paid(Amount.parse("a", "300"), 12);
    Outcome o = ChainOutcomes.outcomes(List.of(r), MATURITY.plusDays(30)).get(0);
    assertEquals(Outcome.Status.SETTLED, o.status());
    assertEquals(12, o.daysPastDue());
    assertEquals(90, o.termDays());
    assertEquals(0, new BigDecimal("1000").compareTo(o.recoveredYuan()));
  }

  @Test
  void notDueAndUnpaid_isNoOutcomeYet() {
    assertEquals(List.of(), ChainOutcomes.outcomes(List.of(root("b")), MATURITY));
  }

  @Test
  void unpaidPastDue_isOverdueThenDefaultedAt90Days() {
    Outcome overdue = ChainOutcomes.outcomes(List.of(root("c")), MATURITY.plusDays(89)).get(0);
    assertEquals(Outcome.Status.OVERDUE, overdue.status());
    assertEquals(89, overdue.daysPastDue());
    Outcome defaulted = ChainOutcomes.outcomes(List.of(root("c")), MATURITY.plusDays(90)).get(0);
    assertEquals(Outcome.Status.DEFAULTED, defaulted.status());
    assertEquals(true, defaulted.isDefault());
  }

  @Test
  void aWrittenOffPiece_defaultsTheRoot_andWhatWasPaidIsRecovered() {
    var r = root("d").paid(Amount.parse("a", "700"), 3).writtenOff(Amount.parse("a", "300"), 120);
    Outcome o = ChainOutcomes.outcomes(List.of(r), MATURITY.plusDays(130)).get(0);
    assertEquals(Outcome.Status.DEFAULTED, o.status());
    assertEquals(0, new BigDecimal("700").compareTo(o.recoveredYuan()));
    assertEquals(0, new BigDecimal("0.3").compareTo(o.lossGivenDefault()));
  }
}
