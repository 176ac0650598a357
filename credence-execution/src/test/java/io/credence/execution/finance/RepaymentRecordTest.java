package io.credence.execution.finance;

import static io.credence.execution.finance.FinanceFixture.expectSuccess;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.credence.core.CalendarDate;
import io.credence.core.Hash;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A core enterprise's repayment record follows its certificates as they end: on time, late,
 * recourse, written off; by pieces and by face; the query answers the same numbers.
 */
class RepaymentRecordTest {
  private final FinanceFixture f = new FinanceFixture();
  private final Hash line = f.grantLine(f.bank, f.core, "1000000", "2026-05-01", "2027-12-31");
  private final CalendarDate maturity = f.today().plusDays(120);

  private void act(FinanceFixture.Party p, String method, Hash c, Object... more) {
    Object[] args = new Object[2 + more.length];
    args[0] = "certificate";
    args[1] = c.hex();
    System.arraycopy(more, 0, args, 2, more.length);
    expectSuccess(f.act(p, method, args));
  }

  private RepaymentRecord record() {
    return RepaymentRecord.of(f.chain.state, f.core.uscc());
  }

  @Test
  void onTimeLateRecourseAndWriteOff_eachCountedOnceByPieceAndFace() {
    f.registerInvoice(f.tier1, "INV-1", f.core, "500000");
    assertEquals(RepaymentRecord.NONE, record());
    // Four certificates maturing together: one split in two and paid on time, one paid 3 days
    // late, one financed with recourse and left unpaid, one left unpaid until written off.
    Hash onTime = f.issue(f.tier1, "INV-1", "100000", maturity, line);
    assertEquals(2, f.split(f.tier1, onTime, "60000", "40000").size());
    Hash late = f.issue(f.tier1, "INV-1", "50000", maturity, line);
    Hash recourse = f.issue(f.tier1, "INV-1", "70000", maturity, line);
    Hash unpaid = f.issue(f.tier1, "INV-1", "30000", maturity, line);
    Hash offer = f.offer(f.bank, recourse, 500, true, maturity);
    act(f.tier1, "requestFinancing", recourse, "offer", offer.hex());
    act(
        f.bank,
        "approveFinancing",
        recourse,
        "registrationNumber",
        "RG-1",
        "registrationDate",
        f.today().toString());

    f.advanceDays(120);
    act(f.clearing, "settle", onTime);
    assertEquals(2, record().settled(), "both pieces");
    assertEquals(2, record().onTime());
    assertEquals(10_000_000L, record().onTimeFen(), "100,000.00 yuan of face, in fen");
    f.advanceDays(3);
    act(f.clearing, "settle", late);
    f.advanceDays(2);
    act(f.bank, "recourse", recourse);
    f.advanceDays(Rules.DEFAULTS.defaultDays());
    act(f.tier1, "writeOff", unpaid);

    RepaymentRecord r = record();
    assertEquals(3, r.settled());
    assertEquals(15_000_000L, r.settledFen());
    assertEquals(2, r.onTime());
    assertEquals(10_000_000L, r.onTimeFen());
    assertEquals(6_666, r.onTimeBasisPoints(), "100,000 of 150,000 paid on time");
    assertEquals(3, r.daysLateTotal());
    assertEquals(3, r.daysLateMax());
    assertEquals(1, r.recoursed());
    assertEquals(7_000_000L, r.recoursedFen());
    assertEquals(1, r.writtenOff());
    assertEquals(3_000_000L, r.writtenOffFen());
    assertEquals(2, r.defaults());
    // Another obligor's record is its own.
    assertEquals(RepaymentRecord.NONE, RepaymentRecord.of(f.chain.state, f.core2.uscc()));

    @SuppressWarnings("unchecked")
    Map<String, Object> answer =
        (Map<String, Object>)
            f.chain
                .runtime
                .query(
                    "finance",
                    "repayment",
                    Map.of("obligor", f.core.uscc()),
                    f.chain.state,
                    f.chain.height(),
                    f.chain.today())
                .plain();
    assertEquals(3L, answer.get("settled"));
    assertEquals("150000.00", answer.get("settledFace"));
    assertEquals(6_666L, answer.get("onTimeBasisPoints"));
    assertEquals(2L, answer.get("defaults"));
    assertEquals("30000.00", answer.get("writtenOffFace"));
  }
}
