package io.credence.execution.finance;

import static io.credence.execution.TestChain.code;
import static io.credence.execution.TestChain.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Amount;
import io.credence.core.Hash;
import io.credence.core.crypto.KeyPair;
import io.credence.execution.Approvals;
import io.credence.execution.Outcome;
import io.credence.execution.Runtime;
import io.credence.execution.TestChain;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Credit lines: granted, changed and closed by the bank's maker and checker, with KYC; every
 * rejection code triggered with the state unchanged.
 */
class CreditLineTest {
  private final TestChain c = new TestChain();
  private final KeyPair bankOperator;
  private final KeyPair bankApprover;

  CreditLineTest() {
    bankOperator = c.registered(c.bankAdmin, "OPERATOR");
    bankApprover = c.registered(c.bankAdmin, "APPROVER");
    assertEquals("SUCCESS", code(kyc(c.bankUscc)));
  }

  private Outcome kyc(String uscc) {
    return c.call(
        c.coreAdmin,
        "identity",
        "setKyc",
        "organisation",
        uscc,
        "status",
        "VERIFIED",
        "validUntil",
        "2027-12-31");
  }

  /** Prepares as the bank's operator and approves as its approver; the approval's outcome. */
  private Outcome decided(String method, Object... args) {
    Hash id = c.nextTransaction();
    Outcome prepared = c.call(bankOperator, "finance", method, args);
    assertEquals("SUCCESS", code(prepared), () -> prepared.toString());
    return c.call(bankApprover, "approvals", "approve", "id", id.hex());
  }

  private Hash grant(String limit, String until) {
    Outcome o =
        decided(
            "grantLine",
            "obligor",
            c.coreUscc,
            "limit",
            limit,
            "validFrom",
            "2026-05-01",
            "validUntil",
            until);
    assertEquals("SUCCESS", code(o), () -> o.toString());
    String line =
        ((Outcome.Success) o)
            .events().stream()
                .filter(e -> e.name().equals("LineGranted"))
                .findFirst()
                .orElseThrow()
                .attributes()
                .get("line");
    return Hash.parse("line", line);
  }

  /**
   * Prepares {@code method} as the bank's operator, then shows that its approval is refused with
   * {@code expected} and changes nothing (the prepared call stays waiting).
   */
  private void assertDecisionRefused(String expected, String method, Object... args) {
    Hash id = c.nextTransaction();
    Outcome prepared = c.call(bankOperator, "finance", method, args);
    assertEquals("SUCCESS", code(prepared), () -> prepared.toString());
    assertRejectedUnchanged(
        expected, () -> c.call(bankApprover, "approvals", "approve", "id", id.hex()));
  }

  private void assertRejectedUnchanged(String expected, Supplier<Outcome> call) {
    var before = c.state.snapshot();
    Outcome o = call.get();
    assertEquals(expected, code(o), () -> o.toString());
    assertEquals(before, c.state.snapshot(), "a rejection changes nothing");
  }

  @Test
  void aBankGrantsChangesAndClosesALine_byMakerAndChecker() {
    Hash line = grant("1000000", "2026-12-31");
    CreditLine granted = Finance.line(c.state, line).orElseThrow();
    assertEquals(Amount.parse("limit", "1000000"), granted.limit());
    assertEquals(Amount.ZERO, granted.used());
    assertEquals(c.bankUscc, granted.bank());
    assertEquals(c.coreUscc, granted.obligor());
    @SuppressWarnings("unchecked")
    Map<String, Object> answer =
        (Map<String, Object>)
            c.runtime
                .query(
                    "finance", "line", Map.of("line", line.hex()), c.state, c.height(), c.today())
                .plain();
    assertEquals("1000000.00", answer.get("available"));
    assertEquals("OPEN", answer.get("status"));

    assertEquals(
        "SUCCESS",
        code(
            decided(
                "changeLine", "line", line.hex(), "limit", "2000000", "validUntil", "2027-03-31")));
    assertEquals(
        Amount.parse("limit", "2000000"), Finance.line(c.state, line).orElseThrow().limit());
    assertEquals("SUCCESS", code(decided("closeLine", "line", line.hex())));
    assertEquals(CreditLine.Status.CLOSED, Finance.line(c.state, line).orElseThrow().status());
  }

  @Test
  void onlyABanksOperatorPrepares_andOnlyWithValidKyc() {
    // A core enterprise's operator: not a bank.
    KeyPair coreOperator = c.registered(c.coreAdmin, "OPERATOR");
    assertRejectedUnchanged(
        Runtime.NOT_AUTHORISED,
        () ->
            c.call(
                coreOperator,
                "finance",
                "grantLine",
                "obligor",
                c.coreUscc,
                "limit",
                "1",
                "validFrom",
                "2026-05-01",
                "validUntil",
                "2026-12-31"));
    // The bank's approver cannot prepare; only approve.
    assertRejectedUnchanged(
        Runtime.NOT_AUTHORISED,
        () ->
            c.call(
                bankApprover,
                "finance",
                "grantLine",
                "obligor",
                c.coreUscc,
                "limit",
                "1",
                "validFrom",
                "2026-05-01",
                "validUntil",
                "2026-12-31"));
    // KYC lapsed: the bank's decisions are refused.
    c.timestampMillis += 600L * 86_400_000L;
    assertRejectedUnchanged(
        Runtime.KYC_REQUIRED,
        () ->
            c.call(
                bankOperator,
                "finance",
                "grantLine",
                "obligor",
                c.coreUscc,
                "limit",
                "1",
                "validFrom",
                "2028-01-01",
                "validUntil",
                "2028-12-31"));
  }

  @Test
  void everyRejection_changesNothing() {
    Hash line = grant("500000", "2026-12-31");
    // The obligor must be a core enterprise that is a member.
    assertDecisionRefused(
        Finance.NOT_A_CORE_ENTERPRISE,
        "grantLine",
        "obligor",
        c.bankUscc,
        "limit",
        "1",
        "validFrom",
        "2026-05-01",
        "validUntil",
        "2026-12-31");
    assertDecisionRefused(
        Finance.NOT_A_CORE_ENTERPRISE,
        "grantLine",
        "obligor",
        "913100000000000099",
        "limit",
        "1",
        "validFrom",
        "2026-05-01",
        "validUntil",
        "2026-12-31");
    // Terms: a zero limit, a last day before the first, in the past, or too far.
    for (Object[] terms :
        new Object[][] {
          {"0", "2026-05-01", "2026-12-31"},
          {"1", "2026-12-31", "2026-05-01"},
          {"1", "2020-01-01", "2020-12-31"},
          {"1", "2026-05-01", "2040-12-31"}
        }) {
      assertDecisionRefused(
          Finance.INVALID_ARGUMENT,
          "grantLine",
          "obligor",
          c.coreUscc,
          "limit",
          terms[0],
          "validFrom",
          terms[1],
          "validUntil",
          terms[2]);
    }
    assertDecisionRefused(Finance.LINE_NOT_FOUND, "closeLine", "line", Hash.ZERO.hex());
    // Another bank cannot touch it.
    KeyPair otherOperator = c.registered(c.coreAdmin, "OPERATOR");
    assertRejectedUnchanged(
        Runtime.NOT_AUTHORISED,
        () -> c.call(otherOperator, "finance", "closeLine", "line", line.hex()));
    assertEquals("SUCCESS", code(decided("closeLine", "line", line.hex())));
    assertDecisionRefused(
        Finance.LINE_CLOSED,
        "changeLine",
        "line",
        line.hex(),
        "limit",
        "1",
        "validUntil",
        "2026-12-31");
    assertTrue(message(decided("closeLine", "line", line.hex())).contains("found CLOSED"));
  }

  @Test
  void aLimitBelowWhatIsInUse_isRefused() {
    Hash line = grant("500000", "2026-12-31");
    CreditLine l = Finance.line(c.state, line).orElseThrow();
    // What certificates will use: set here directly until they exist.
    c.state.put(
        Finance.lineKey(line), CreditLine.CODEC.encode(l.withUsed(Amount.parse("used", "300000"))));
    assertDecisionRefused(
        Finance.LIMIT_BELOW_USED,
        "changeLine",
        "line",
        line.hex(),
        "limit",
        "299999.99",
        "validUntil",
        "2026-12-31");
    assertEquals(
        "SUCCESS",
        code(
            decided(
                "changeLine", "line", line.hex(), "limit", "300000", "validUntil", "2026-12-31")));
    assertEquals(Amount.ZERO, Finance.line(c.state, line).orElseThrow().available());
  }

  @Test
  void approvalsOfFinance_areStillBoundByTheApprovalWindow() {
    Hash id = c.nextTransaction();
    assertEquals(
        "SUCCESS",
        code(
            c.call(
                bankOperator,
                "finance",
                "grantLine",
                "obligor",
                c.coreUscc,
                "limit",
                "1",
                "validFrom",
                "2026-05-01",
                "validUntil",
                "2026-12-31")));
    c.timestampMillis += (Approvals.APPROVAL_DAYS_MAX + 1) * 86_400_000L;
    assertRejectedUnchanged(
        Approvals.APPROVAL_EXPIRED,
        () -> c.call(bankApprover, "approvals", "approve", "id", id.hex()));
  }
}
