package io.credence.execution.finance;

import static io.credence.execution.TestChain.code;
import static io.credence.execution.finance.FinanceFixture.attribute;
import static io.credence.execution.finance.FinanceFixture.expectSuccess;
import static io.credence.execution.finance.FinanceFixture.yuan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Amount;
import io.credence.core.CalendarDate;
import io.credence.core.Hash;
import io.credence.execution.Outcome;
import io.credence.execution.finance.Certificate.Status;
import io.credence.execution.finance.FinanceFixture.Party;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The receivable certificate's life (DOMAIN.md), one story per test: the whole way from invoice to
 * settlement, then every other transition of the state diagram on a confirmed certificate.
 */
class CertificateLifecycleTest {
  private final FinanceFixture f = new FinanceFixture();
  private final Party tier1 = f.tier1;
  private final Party tier2 = f.tier2;
  private final Hash line = f.grantLine(f.bank, f.core, "1000000", "2026-05-01", "2027-12-31");
  private final CalendarDate maturity = f.today().plusDays(120);

  CertificateLifecycleTest() {
    f.registerInvoice(tier1, "INV-1", f.core, "500000");
  }

  private Hash active(String face) {
    return f.issue(tier1, "INV-1", face, maturity, line);
  }

  private Outcome act(Party p, String method, Hash certificate, Object... more) {
    Object[] args = new Object[2 + more.length];
    args[0] = "certificate";
    args[1] = certificate.hex();
    System.arraycopy(more, 0, args, 2, more.length);
    return f.act(p, method, args);
  }

  private void ok(Party p, String method, Hash certificate, Object... more) {
    expectSuccess(act(p, method, certificate, more));
  }

  private Status status(Hash id) {
    return f.certificate(id).status();
  }

  @Test
  void wholeStory_invoiceToSettlement_everyPiecePaidAndTheLineRestored() {
    Hash root = f.submit(tier1, "INV-1", "300000", maturity);
    assertEquals(Status.PENDING_CONFIRM, status(root));
    assertEquals(yuan("300000"), f.invoice(tier1, "INV-1").certified());
    assertEquals(Amount.ZERO, f.line(line).used());

    f.confirm(root, line);
    Certificate confirmed = f.certificate(root);
    assertEquals(Status.ACTIVE, confirmed.status());
    assertEquals(line, confirmed.line());
    assertEquals(f.today(), confirmed.issued());
    assertEquals(f.core.uscc(), confirmed.obligor());
    assertEquals(yuan("300000"), f.line(line).used(), "confirming uses the line");

    List<Hash> pieces = f.split(tier1, root, "100000", "200000");
    assertEquals(Status.SPLIT, status(root));
    Hash a = pieces.get(0);
    Hash b = pieces.get(1);
    for (Hash p : pieces) {
      Certificate piece = f.certificate(p);
      assertEquals(Status.ACTIVE, piece.status());
      assertEquals(root, piece.root());
      assertEquals(root, piece.parent());
      assertEquals(1, piece.depth());
      assertEquals(maturity, piece.maturity());
      assertEquals(f.core.uscc(), piece.obligor());
    }
    assertEquals(yuan("300000"), f.line(line).used(), "a split does not use the line again");

    ok(tier1, "transfer", a, "to", tier2.uscc());
    assertEquals(Status.TRANSFER_PENDING, status(a));
    assertEquals(tier1.uscc(), f.certificate(a).holder(), "the sender holds it until accepted");
    ok(tier2, "accept", a);
    assertEquals(tier2.uscc(), f.certificate(a).holder());
    assertEquals(2, f.certificate(a).depth(), "a transfer deepens the tree by one");

    Hash offer = f.offer(f.bank, b, 600, true, f.today().plusDays(10));
    ok(tier1, "requestFinancing", b, "offer", offer.hex());
    assertEquals(Status.FINANCING_PENDING, status(b));
    Outcome financed =
        act(
            f.bank,
            "approveFinancing",
            b,
            "registrationNumber",
            "RG-2026-000123",
            "registrationDate",
            f.today().toString());
    // 200,000.00 at 6.00% a year for 120 days, actual/365: the discount is
    // 20,000,000 fen * 600 * 120 / (10,000 * 365) = 394,520.55 fen, rounded half up to 394,521.
    assertEquals("196054.79", attribute(financed, "CertificateFinanced", "advance"));
    Certificate held = f.certificate(b);
    assertEquals(Status.FINANCED, held.status());
    assertEquals(f.bank.uscc(), held.holder());
    assertEquals(tier1.uscc(), held.counterparty(), "the seller the bank may turn to");
    assertTrue(held.recourse());
    Financing record = Ledger.financing(f.chain.state, b).orElseThrow();
    assertEquals("RG-2026-000123", record.registrationNumber());
    assertEquals(f.today(), record.registrationDate());
    assertEquals(Amount.ofFen(19_605_479), record.advance());
    assertEquals(offer, record.offer());
    assertEquals(yuan("200000"), f.invoice(tier1, "INV-1").financed());

    f.advanceDays(f.today().daysUntil(maturity));
    Outcome paid = expectSuccess(f.act(f.clearing, "settle", "certificate", root.hex()));
    assertEquals(Status.SETTLED, status(a));
    assertEquals(Status.SETTLED, status(b));
    assertEquals(Status.SPLIT, status(root));
    assertEquals(Amount.ZERO, f.line(line).used(), "settlement gives the line back");
    long payments =
        ((Outcome.Success) paid)
            .events().stream().filter(e -> e.name().equals("CertificatePaid")).count();
    assertEquals(2, payments);
    assertEquals(
        Finance.NOTHING_TO_SETTLE, code(f.act(f.clearing, "settle", "certificate", root.hex())));
  }

  @Test
  void reject_andWithdraw_endASubmission_andFreeTheInvoice() {
    Hash rejected = f.submit(tier1, "INV-1", "300000", maturity);
    ok(f.core, "reject", rejected, "reason", "no goods receipt");
    assertEquals(Status.REJECTED, status(rejected));
    assertEquals(Amount.ZERO, f.invoice(tier1, "INV-1").certified());

    Hash withdrawn = f.submit(tier1, "INV-1", "500000", maturity);
    ok(tier1, "withdraw", withdrawn);
    assertEquals(Status.WITHDRAWN, status(withdrawn));
    assertEquals(Amount.ZERO, f.invoice(tier1, "INV-1").certified());
    assertEquals(2, f.invoice(tier1, "INV-1").uses());
    assertEquals(Amount.ZERO, f.line(line).used());
  }

  @Test
  void transferDeclined_staysWithTheSender() {
    Hash c = active("300000");
    ok(tier1, "transfer", c, "to", tier2.uscc());
    ok(tier2, "decline", c);
    Certificate back = f.certificate(c);
    assertEquals(Status.ACTIVE, back.status());
    assertEquals(tier1.uscc(), back.holder());
    assertEquals(0, back.depth());
  }

  @Test
  void transferNotAcceptedInTime_expiresBackToTheSender() {
    Hash c = active("300000");
    ok(tier1, "transfer", c, "to", tier2.uscc());
    CalendarDate until = f.certificate(c).until();
    assertEquals(f.today().plusDays(Rules.DEFAULTS.acceptanceDays()), until);
    f.advanceDays(Rules.DEFAULTS.acceptanceDays());
    assertEquals("TRANSFER_PENDING", f.standing(c), "the last day it may still be accepted");
    f.advanceDays(1);
    assertEquals("ACTIVE", f.standing(c));
    assertEquals(Finance.TRANSFER_EXPIRED, code(act(tier2, "accept", c)));
    // The sender holds it and may act on it again.
    ok(tier1, "transfer", c, "to", f.bank2.uscc());
    ok(f.bank2, "accept", c);
    assertEquals(f.bank2.uscc(), f.certificate(c).holder());
  }

  @Test
  void financingDeclined_isTheHoldersAgain() {
    Hash c = active("300000");
    Hash offer = f.offer(f.bank2, c, 450, false, maturity);
    ok(tier1, "requestFinancing", c, "offer", offer.hex());
    ok(f.bank2, "declineFinancing", c);
    assertEquals(Status.ACTIVE, status(c));
    assertEquals(tier1.uscc(), f.certificate(c).holder());
    assertEquals(Amount.ZERO, f.invoice(tier1, "INV-1").financed());
  }

  @Test
  void pledge_andRelease() {
    Hash c = active("300000");
    ok(tier1, "pledge", c, "pledgee", f.bank.uscc());
    assertEquals(Status.PLEDGED, status(c));
    assertEquals(f.bank.uscc(), f.certificate(c).counterparty());
    assertEquals(Finance.CERTIFICATE_PLEDGED, code(act(tier1, "transfer", c, "to", tier2.uscc())));
    ok(f.bank, "release", c);
    assertEquals(Status.ACTIVE, status(c));
    assertEquals(tier1.uscc(), f.certificate(c).holder());
  }

  @Test
  void freeze_andUnfreeze_returnToThePreviousState() {
    Hash activeOne = active("100000");
    Hash pledged = active("100000");
    ok(tier1, "pledge", pledged, "pledgee", f.bank.uscc());
    Hash financed = active("100000");
    Hash offer = f.offer(f.bank, financed, 500, true, maturity);
    ok(tier1, "requestFinancing", financed, "offer", offer.hex());
    ok(
        f.bank,
        "approveFinancing",
        financed,
        "registrationNumber",
        "RG-1",
        "registrationDate",
        f.today().toString());
    for (Hash c : List.of(activeOne, pledged, financed)) {
      Certificate before = f.certificate(c);
      ok(f.regulator, "freeze", c, "reason", "court order 2026-17");
      assertEquals(Status.FROZEN, status(c));
      assertEquals("FROZEN", f.standing(c));
      ok(f.regulator, "unfreeze", c, "reason", "order lifted");
      Certificate after = f.certificate(c);
      // beforeFreeze is bookkeeping only the freeze sets; everything else is as it was.
      assertEquals(
          before.change().frozen().done().change().unfrozen().done(), after, "unfrozen as it was");
    }
  }

  @Test
  void earlyPayment_settlesAtTheAgreedAmount() {
    Hash c = active("300000");
    ok(f.core, "offerEarlyPayment", c, "amount", "295000");
    Outcome paid = act(tier1, "acceptEarlyPayment", c);
    assertEquals("295000.00", attribute(paid, "CertificatePaid", "amount"));
    assertEquals(Status.SETTLED, status(c));
    assertEquals(Amount.ZERO, f.line(line).used());
  }

  @Test
  void overdue_isReadFromTheDate_andPaidInFull() {
    Hash c = active("300000");
    f.advanceDays(120);
    assertEquals("ACTIVE", f.standing(c), "due today, not yet overdue");
    f.advanceDays(1);
    assertEquals("OVERDUE", f.standing(c));
    assertEquals(Status.ACTIVE, status(c), "OVERDUE is not stored");
    Outcome paid = expectSuccess(act(f.clearing, "settle", c));
    assertEquals("1", attribute(paid, "CertificatePaid", "daysLate"));
    assertEquals("SETTLED", f.standing(c));
    assertEquals(Amount.ZERO, f.line(line).used());
  }

  @Test
  void recourse_whenFinancedWithRecourse_andPastDue() {
    Hash c = active("300000");
    Hash offer = f.offer(f.bank, c, 500, true, maturity);
    ok(tier1, "requestFinancing", c, "offer", offer.hex());
    ok(
        f.bank,
        "approveFinancing",
        c,
        "registrationNumber",
        "RG-2",
        "registrationDate",
        f.today().toString());
    assertEquals(Finance.WRONG_STATE, code(act(f.bank, "recourse", c)), "not yet due");
    f.advanceDays(125);
    assertEquals("OVERDUE", f.standing(c));
    ok(f.bank, "recourse", c);
    assertEquals(Status.RECOURSED, status(c));
    assertEquals("RECOURSED", f.standing(c));
  }

  @Test
  void default_afterDefaultDays_thenWriteOff() {
    Hash c = active("300000");
    f.advanceDays(120 + Rules.DEFAULTS.defaultDays() - 1);
    assertEquals("OVERDUE", f.standing(c), "a day short of defaultDays past due: still overdue");
    assertEquals(Finance.WRONG_STATE, code(act(tier1, "writeOff", c)), "overdue, not defaulted");
    f.advanceDays(1);
    assertEquals("DEFAULTED", f.standing(c));
    ok(tier1, "writeOff", c);
    assertEquals(Status.WRITTEN_OFF, status(c));
    assertEquals("WRITTEN_OFF", f.standing(c));
  }

  @Test
  void settlingMoreThan256Pieces_takesSeveralBoundedCalls() {
    f.registerInvoice(tier1, "INV-BIG", f.core, "25600");
    Hash root = f.issue(tier1, "INV-BIG", "25600", maturity, line);
    String[] sixteen = new String[16];
    java.util.Arrays.fill(sixteen, "1600");
    List<Hash> leaves = new ArrayList<>();
    for (Hash mid : f.split(tier1, root, sixteen)) {
      String[] hundreds = new String[16];
      java.util.Arrays.fill(hundreds, "100");
      leaves.addAll(f.split(tier1, mid, hundreds));
    }
    String[] small = new String[16];
    java.util.Arrays.fill(small, "6.25");
    Hash last = leaves.remove(leaves.size() - 1);
    List<Hash> deepest = f.split(tier1, last, small);
    leaves.addAll(deepest);
    assertEquals(271, leaves.size());
    assertEquals(3, f.certificate(deepest.get(0)).depth());
    int entries = Ledger.size(f.chain.state, Ledger.treeList(root));
    assertEquals(1 + 16 + 256 + 16, entries);
    // A piece transferred to tier 2 is paid to tier 2.
    ok(tier1, "transfer", leaves.get(0), "to", tier2.uscc());
    ok(tier2, "accept", leaves.get(0));

    f.advanceDays(120);
    int calls = 0;
    int paid = 0;
    Outcome o;
    while (FinanceFixture.succeeded(o = f.act(f.clearing, "settle", "certificate", root.hex()))) {
      calls++;
      paid += Integer.parseInt(attribute(o, "SettlementProgress", "paid"));
    }
    assertEquals(Finance.NOTHING_TO_SETTLE, code(o), String.valueOf(o));
    assertEquals(
        (entries + Certificates.SETTLE_VISITS_MAX - 1) / Certificates.SETTLE_VISITS_MAX, calls);
    assertEquals(271, paid);
    for (Hash leaf : leaves) {
      assertEquals(Status.SETTLED, status(leaf));
    }
    assertEquals(Amount.ZERO, f.line(line).used());
  }
}
