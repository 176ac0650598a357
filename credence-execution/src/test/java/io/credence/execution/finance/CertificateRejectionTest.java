package io.credence.execution.finance;

import static io.credence.execution.TestChain.code;
import static io.credence.execution.TestChain.message;
import static io.credence.execution.finance.FinanceFixture.expectSuccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Amount;
import io.credence.core.CalendarDate;
import io.credence.core.Hash;
import io.credence.core.genesis.Uscc;
import io.credence.execution.Outcome;
import io.credence.execution.Runtime;
import io.credence.execution.finance.FinanceFixture.Party;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rejection of the finance contract's certificate methods, and the runtime's NOT_AUTHORISED
 * and KYC_REQUIRED for the wrong organisation or a lapsed KYC: each case names its code, what the
 * message must mention (the field or the object), and shows that the state did not change.
 */
class CertificateRejectionTest {
  /** The codes no call can reach (see the test that plants state for each). */
  private static final Set<String> UNREACHABLE_BY_CALLS = Set.of(Finance.OVER_FINANCED);

  /**
   * The codes of the trade's backing by traceability events, met (with the state unchanged) by
   * TradeBackingTest, which has the goods shipped and received that they need.
   */
  private static final Set<String> MET_BY_TRADE_BACKING_TEST =
      Set.of(Finance.NOT_A_RECEIPT, Finance.RECEIVE_EVENT_NOT_FOUND, Finance.TRADE_NOT_BACKED);

  /** A fresh chain: a line from the bank to the core enterprise, tier 1's invoice INV-1. */
  static final class World {
    final FinanceFixture f = new FinanceFixture();
    final Hash line = f.grantLine(f.bank, f.core, "1000000", "2026-05-01", "2027-12-31");
    final CalendarDate maturity = f.today().plusDays(90);

    World() {
      f.registerInvoice(f.tier1, "INV-1", f.core, "1000000");
    }

    Hash pending() {
      return f.submit(f.tier1, "INV-1", "300000", maturity);
    }

    Hash active() {
      return f.issue(f.tier1, "INV-1", "300000", maturity, line);
    }

    void ok(Party p, String method, Hash c, Object... more) {
      expectSuccess(f.act(p, method, args(c, more)));
    }

    Hash pledged() {
      Hash c = active();
      ok(f.tier1, "pledge", c, "pledgee", f.bank.uscc());
      return c;
    }

    Hash frozen() {
      Hash c = active();
      ok(f.regulator, "freeze", c, "reason", "court order");
      return c;
    }

    Hash pendingTransfer() {
      Hash c = active();
      ok(f.tier1, "transfer", c, "to", f.tier2.uscc());
      return c;
    }

    Hash offer(Hash c, boolean recourse, CalendarDate until) {
      return f.offer(f.bank, c, 500, recourse, until);
    }

    Hash financingPending() {
      Hash c = active();
      ok(f.tier1, "requestFinancing", c, "offer", offer(c, true, maturity).hex());
      return c;
    }

    Hash financed(boolean recourse) {
      Hash c = active();
      ok(f.tier1, "requestFinancing", c, "offer", offer(c, recourse, maturity).hex());
      ok(
          f.bank,
          "approveFinancing",
          c,
          "registrationNumber",
          "RG-9",
          "registrationDate",
          f.today().toString());
      return c;
    }

    void toMaturity() {
      f.advanceDays(f.today().daysUntil(maturity));
    }

    static Object[] args(Hash c, Object... more) {
      Object[] args = new Object[2 + more.length];
      args[0] = "certificate";
      args[1] = c.hex();
      System.arraycopy(more, 0, args, 2, more.length);
      return args;
    }

    /** {@code p} calls {@code method} on certificate {@code c}; the message must name it. */
    Attempt on(Party p, String method, Hash c, Object... more) {
      return new Attempt(p, method, c.abbreviated(), args(c, more));
    }
  }

  /** The refused call, and what its message must mention. */
  record Attempt(Party by, String method, String mentions, Object... args) {
    Attempt mentioning(String text) {
      return new Attempt(by, method, text, args);
    }
  }

  record Case(String name, String code, Function<World, Attempt> setup) {}

  private static final String STRANGER = Uscc.complete("91310000000000099");

  private static List<Case> cases() {
    List<Case> all = new ArrayList<>();
    // Not found.
    all.add(
        new Case(
            "split of no certificate",
            Finance.CERTIFICATE_NOT_FOUND,
            w -> w.on(w.f.tier1, "split", Hash.ZERO, "parts", List.of("1", "1"))));
    all.add(
        new Case(
            "submit on an unregistered invoice",
            Finance.INVOICE_NOT_FOUND,
            w ->
                new Attempt(
                    w.f.tier1,
                    "submit",
                    "invoiceNumber",
                    "invoiceNumber",
                    "NOPE",
                    "face",
                    "1",
                    "maturity",
                    w.maturity.toString())));
    all.add(
        new Case(
            "a document citing an unregistered invoice",
            Finance.INVOICE_NOT_FOUND,
            w ->
                new Attempt(
                    w.f.tier1,
                    "anchorDocument",
                    "invoiceNumber",
                    "kind",
                    "INVOICE",
                    "document",
                    hash(9).hex(),
                    "counterparty",
                    w.f.core.uscc(),
                    "amount",
                    "1",
                    "invoiceNumber",
                    "NOPE")));
    all.add(
        new Case(
            "confirm under no line",
            Finance.LINE_NOT_FOUND,
            w ->
                w.on(w.f.core, "confirm", w.pending(), "line", Hash.ZERO.hex())
                    .mentioning("line 00000000")));
    all.add(
        new Case(
            "requestFinancing with no offer",
            Finance.OFFER_NOT_FOUND,
            w ->
                w.on(w.f.tier1, "requestFinancing", w.active(), "offer", Hash.ZERO.hex())
                    .mentioning("offer")));
    all.add(
        new Case(
            "requestFinancing with another certificate's offer",
            Finance.OFFER_NOT_FOUND,
            w -> {
              Hash other = w.active();
              Hash offer = w.offer(other, true, w.maturity);
              return w.on(w.f.tier1, "requestFinancing", w.active(), "offer", offer.hex())
                  .mentioning("another certificate");
            }));
    // The wrong party.
    all.add(
        new Case(
            "tier 2 splits tier 1's certificate",
            Finance.NOT_THE_HOLDER,
            w -> w.on(w.f.tier2, "split", w.active(), "parts", List.of("1", "299999"))));
    all.add(
        new Case(
            "a bank writes off what it does not hold",
            Finance.NOT_THE_HOLDER,
            w -> w.on(w.f.bank, "writeOff", w.active())));
    all.add(
        new Case(
            "the other core enterprise confirms",
            Finance.NOT_THE_OBLIGOR,
            w -> w.on(w.f.core2, "confirm", w.pending(), "line", w.line.hex())));
    all.add(
        new Case(
            "the other core enterprise rejects",
            Finance.NOT_THE_OBLIGOR,
            w -> w.on(w.f.core2, "reject", w.pending(), "reason", "not ours")));
    all.add(
        new Case(
            "the other core enterprise offers early payment",
            Finance.NOT_THE_OBLIGOR,
            w -> w.on(w.f.core2, "offerEarlyPayment", w.active(), "amount", "1")));
    all.add(
        new Case(
            "someone else than the receiver accepts",
            Finance.NOT_THE_RECEIVER,
            w -> w.on(w.f.bank2, "accept", w.pendingTransfer())));
    all.add(
        new Case(
            "the sender declines its own transfer",
            Finance.NOT_THE_RECEIVER,
            w -> w.on(w.f.tier1, "decline", w.pendingTransfer())));
    all.add(
        new Case(
            "another bank approves the financing",
            Finance.NOT_THE_BANK,
            w ->
                w.on(
                    w.f.bank2,
                    "approveFinancing",
                    w.financingPending(),
                    "registrationNumber",
                    "RG-1",
                    "registrationDate",
                    w.f.today().toString())));
    all.add(
        new Case(
            "another bank declines the financing",
            Finance.NOT_THE_BANK,
            w -> w.on(w.f.bank2, "declineFinancing", w.financingPending())));
    all.add(
        new Case(
            "another bank releases the pledge",
            Finance.NOT_THE_PLEDGEE,
            w -> w.on(w.f.bank2, "release", w.pledged())));
    all.add(
        new Case(
            "another bank closes the line",
            Finance.NOT_THE_LINES_BANK,
            w -> new Attempt(w.f.bank2, "closeLine", w.line.abbreviated(), "line", w.line.hex())));
    // The wrong state.
    all.add(
        new Case(
            "withdraw a confirmed certificate",
            Finance.WRONG_STATE,
            w -> w.on(w.f.tier1, "withdraw", w.active()).mentioning("expected PENDING_CONFIRM")));
    all.add(
        new Case(
            "confirm twice",
            Finance.WRONG_STATE,
            w -> w.on(w.f.core, "confirm", w.active(), "line", w.line.hex())));
    all.add(
        new Case(
            "split a certificate already split",
            Finance.WRONG_STATE,
            w -> {
              Hash c = w.active();
              w.f.split(w.f.tier1, c, "100000", "200000");
              return w.on(w.f.tier1, "split", c, "parts", List.of("100000", "200000"))
                  .mentioning("found SPLIT");
            }));
    all.add(
        new Case(
            "release what is not pledged",
            Finance.WRONG_STATE,
            w -> w.on(w.f.bank, "release", w.active()).mentioning("expected PLEDGED")));
    all.add(
        new Case(
            "unfreeze what is not frozen",
            Finance.WRONG_STATE,
            w -> w.on(w.f.regulator, "unfreeze", w.active(), "reason", "x")));
    all.add(
        new Case(
            "recourse before maturity",
            Finance.WRONG_STATE,
            w -> w.on(w.f.bank, "recourse", w.financed(true))));
    all.add(
        new Case(
            "settle a withdrawn certificate",
            Finance.WRONG_STATE,
            w -> {
              Hash c = w.pending();
              w.ok(w.f.tier1, "withdraw", c);
              w.toMaturity();
              return w.on(w.f.clearing, "settle", c);
            }));
    for (String method : List.of("transfer", "split", "requestFinancing", "offer")) {
      all.add(
          new Case(
              method + " of a pledged certificate",
              Finance.CERTIFICATE_PLEDGED,
              w -> attemptOnBlocked(w, method, w.pledged())));
      all.add(
          new Case(
              method + " of a frozen certificate",
              Finance.CERTIFICATE_FROZEN,
              w -> attemptOnBlocked(w, method, w.frozen())));
    }
    all.add(
        new Case(
            "pledge a pledged certificate",
            Finance.CERTIFICATE_PLEDGED,
            w -> w.on(w.f.tier1, "pledge", w.pledged(), "pledgee", w.f.bank2.uscc())));
    all.add(
        new Case(
            "freeze a frozen certificate",
            Finance.CERTIFICATE_FROZEN,
            w -> w.on(w.f.regulator, "freeze", w.frozen(), "reason", "again")));
    all.add(
        new Case(
            "settle a frozen certificate at maturity",
            Finance.CERTIFICATE_FROZEN,
            w -> {
              Hash c = w.frozen();
              w.toMaturity();
              return w.on(w.f.clearing, "settle", c);
            }));
    all.add(
        new Case(
            "split past maturity",
            Finance.PAST_MATURITY,
            w -> {
              Hash c = w.active();
              w.toMaturity();
              w.f.advanceDays(1);
              return w.on(w.f.tier1, "split", c, "parts", List.of("100000", "200000"));
            }));
    all.add(
        new Case(
            "write off an overdue, not yet defaulted certificate",
            Finance.WRONG_STATE,
            w -> {
              Hash c = w.active();
              w.toMaturity();
              w.f.advanceDays(1);
              return w.on(w.f.tier1, "writeOff", c).mentioning("found OVERDUE");
            }));
    // Lines.
    all.add(
        new Case(
            "confirm over the line",
            Finance.OVER_THE_LINE,
            w -> {
              Hash small =
                  w.f.grantLine(w.f.bank2, w.f.core, "299999.99", "2026-05-01", "2027-12-31");
              return w.on(w.f.core, "confirm", w.pending(), "line", small.hex()).mentioning("face");
            }));
    all.add(
        new Case(
            "confirm under a line not yet valid",
            Finance.LINE_EXPIRED,
            w -> {
              Hash later =
                  w.f.grantLine(
                      w.f.bank2,
                      w.f.core,
                      "1000000",
                      w.f.today().plusDays(10).toString(),
                      "2027-12-31");
              return w.on(w.f.core, "confirm", w.pending(), "line", later.hex())
                  .mentioning(later.abbreviated());
            }));
    all.add(
        new Case(
            "confirm under a line past its last day",
            Finance.LINE_EXPIRED,
            w -> {
              Hash brief =
                  w.f.grantLine(
                      w.f.bank2,
                      w.f.core,
                      "1000000",
                      "2026-05-01",
                      w.f.today().plusDays(5).toString());
              Hash c = w.pending();
              w.f.advanceDays(6);
              return w.on(w.f.core, "confirm", c, "line", brief.hex())
                  .mentioning(brief.abbreviated());
            }));
    all.add(
        new Case(
            "confirm under another obligor's line",
            Finance.WRONG_LINE,
            w -> {
              Hash theirs =
                  w.f.grantLine(w.f.bank, w.f.core2, "1000000", "2026-05-01", "2027-12-31");
              return w.on(w.f.core, "confirm", w.pending(), "line", theirs.hex())
                  .mentioning(theirs.abbreviated());
            }));
    all.add(
        new Case(
            "confirm under a closed line",
            Finance.LINE_CLOSED,
            w -> {
              Hash c = w.pending();
              expectSuccess(w.f.act(w.f.bank, "closeLine", "line", w.line.hex()));
              return w.on(w.f.core, "confirm", c, "line", w.line.hex())
                  .mentioning(w.line.abbreviated());
            }));
    all.add(
        new Case(
            "lower the limit below what certificates use",
            Finance.LIMIT_BELOW_USED,
            w -> {
              w.active();
              return new Attempt(
                  w.f.bank,
                  "changeLine",
                  "limit",
                  "line",
                  w.line.hex(),
                  "limit",
                  "299999.99",
                  "validUntil",
                  "2027-12-31");
            }));
    // Invoices and documents.
    all.add(
        new Case(
            "register an invoice twice",
            Finance.DUPLICATE_INVOICE,
            w ->
                new Attempt(
                    w.f.tier1,
                    "registerInvoice",
                    "INV-1",
                    "number",
                    "INV-1",
                    "buyer",
                    w.f.core.uscc(),
                    "amount",
                    "5",
                    "issued",
                    w.f.today().toString(),
                    "document",
                    hash(3).hex())));
    all.add(
        new Case(
            "anchor a document twice",
            Finance.DUPLICATE_DOCUMENT,
            w -> {
              Object[] args = {
                "kind",
                "CONTRACT",
                "document",
                hash(4).hex(),
                "counterparty",
                w.f.core.uscc(),
                "amount",
                "5",
                "invoiceNumber",
                "INV-1"
              };
              expectSuccess(w.f.act(w.f.tier1, "anchorDocument", args));
              return new Attempt(
                  w.f.tier1, "anchorDocument", "document " + hash(4).abbreviated(), args);
            }));
    all.add(
        new Case(
            "certify more than the invoice has left",
            Finance.OVER_THE_INVOICE,
            w -> {
              w.active();
              return new Attempt(
                  w.f.tier1,
                  "submit",
                  "face",
                  "invoiceNumber",
                  "INV-1",
                  "face",
                  "700000.01",
                  "maturity",
                  w.maturity.toString());
            }));
    all.add(
        new Case(
            "a tenor over tenorDaysMax",
            Finance.TENOR_TOO_LONG,
            w ->
                new Attempt(
                    w.f.tier1,
                    "submit",
                    "maturity",
                    "invoiceNumber",
                    "INV-1",
                    "face",
                    "1",
                    "maturity",
                    w.f.today().plusDays(Rules.DEFAULTS.tenorDaysMax() + 1).toString())));
    // Trees and transfers.
    all.add(
        new Case(
            "a transfer past depthMax",
            Finance.DEPTH_TOO_DEEP,
            w -> {
              Hash c = w.active();
              Party[] pair = {w.f.tier1, w.f.tier2};
              for (int i = 0; i < Rules.DEFAULTS.depthMax(); i++) {
                w.ok(pair[i % 2], "transfer", c, "to", pair[(i + 1) % 2].uscc());
                w.ok(pair[(i + 1) % 2], "accept", c);
              }
              Party holder = pair[Rules.DEFAULTS.depthMax() % 2];
              return w.on(holder, "transfer", c, "to", w.f.bank.uscc()).mentioning("depthMax 8");
            }));
    all.add(
        new Case(
            "a split past depthMax",
            Finance.DEPTH_TOO_DEEP,
            w -> {
              Hash c = w.active();
              for (int i = 0; i < Rules.DEFAULTS.depthMax(); i++) {
                c = w.f.split(w.f.tier1, c, "1", String.valueOf(300000 - 1 - i)).get(1);
              }
              return w.on(
                      w.f.tier1,
                      "split",
                      c,
                      "parts",
                      List.of("1", String.valueOf(300000 - 1 - Rules.DEFAULTS.depthMax())))
                  .mentioning("depthMax 8");
            }));
    all.add(
        new Case(
            "accept after the last day",
            Finance.TRANSFER_EXPIRED,
            w -> {
              Hash c = w.pendingTransfer();
              w.f.advanceDays(Rules.DEFAULTS.acceptanceDays() + 1);
              return w.on(w.f.tier2, "accept", c);
            }));
    all.add(
        new Case(
            "decline after the last day",
            Finance.TRANSFER_EXPIRED,
            w -> {
              Hash c = w.pendingTransfer();
              w.f.advanceDays(Rules.DEFAULTS.acceptanceDays() + 1);
              return w.on(w.f.tier2, "decline", c);
            }));
    all.add(
        new Case(
            "parts that do not add up",
            Finance.PARTS_DO_NOT_ADD_UP,
            w ->
                w.on(w.f.tier1, "split", w.active(), "parts", List.of("100000", "100000"))
                    .mentioning("parts")));
    all.add(
        new Case(
            "parts whose sum overflows",
            Finance.AMOUNT_OVERFLOW,
            w ->
                w.on(
                        w.f.tier1,
                        "split",
                        w.active(),
                        "parts",
                        List.of(Long.MAX_VALUE + "fen", "1fen"))
                    .mentioning("parts")));
    all.add(
        new Case(
            "a line's use that overflows",
            Finance.AMOUNT_OVERFLOW,
            w -> {
              String max = Long.MAX_VALUE + "fen";
              String half = (Long.MAX_VALUE / 2 + 1) + "fen";
              Hash huge = w.f.grantLine(w.f.bank2, w.f.core, max, "2026-05-01", "2027-12-31");
              w.f.registerInvoice(w.f.tier1, "BIG-1", w.f.core, max);
              w.f.registerInvoice(w.f.tier1, "BIG-2", w.f.core, max);
              w.f.issue(w.f.tier1, "BIG-1", half, w.maturity, huge);
              Hash second = w.f.submit(w.f.tier1, "BIG-2", half, w.maturity);
              return w.on(w.f.core, "confirm", second, "line", huge.hex()).mentioning("line used");
            }));
    // Financing.
    all.add(
        new Case(
            "request after the offer's last day",
            Finance.OFFER_EXPIRED,
            w -> {
              Hash c = w.active();
              Hash offer = w.offer(c, true, w.f.today().plusDays(2));
              w.f.advanceDays(3);
              return w.on(w.f.tier1, "requestFinancing", c, "offer", offer.hex())
                  .mentioning(offer.abbreviated());
            }));
    all.add(
        new Case(
            "recourse on a certificate financed without it",
            Finance.NO_RECOURSE,
            w -> {
              Hash c = w.financed(false);
              w.toMaturity();
              w.f.advanceDays(1);
              return w.on(w.f.bank, "recourse", c);
            }));
    // Settlement and early payment.
    all.add(
        new Case(
            "settle before maturity",
            Finance.NOT_DUE,
            w -> w.on(w.f.clearing, "settle", w.active())));
    all.add(
        new Case(
            "settle a split root twice",
            Finance.NOTHING_TO_SETTLE,
            w -> {
              Hash c = w.active();
              w.f.split(w.f.tier1, c, "100000", "200000");
              w.toMaturity();
              w.ok(w.f.clearing, "settle", c);
              return w.on(w.f.clearing, "settle", c);
            }));
    all.add(
        new Case(
            "accept an early payment never offered",
            Finance.NO_EARLY_PAYMENT,
            w -> w.on(w.f.tier1, "acceptEarlyPayment", w.active())));
    // Members and their roles.
    all.add(
        new Case(
            "transfer to a stranger",
            Finance.NOT_A_MEMBER,
            w -> w.on(w.f.tier1, "transfer", w.active(), "to", STRANGER).mentioning("to:")));
    all.add(
        new Case(
            "an invoice to a stranger",
            Finance.NOT_A_MEMBER,
            w ->
                new Attempt(
                    w.f.tier1,
                    "registerInvoice",
                    "buyer",
                    "number",
                    "INV-2",
                    "buyer",
                    STRANGER,
                    "amount",
                    "5",
                    "issued",
                    w.f.today().toString(),
                    "document",
                    hash(5).hex())));
    all.add(
        new Case(
            "pledge to a supplier",
            Finance.NOT_A_BANK,
            w ->
                w.on(w.f.tier1, "pledge", w.active(), "pledgee", w.f.tier2.uscc())
                    .mentioning("pledgee")));
    all.add(
        new Case(
            "submit on an invoice whose buyer is a supplier",
            Finance.NOT_A_CORE_ENTERPRISE,
            w -> {
              w.f.registerInvoice(w.f.tier2, "T2-1", w.f.tier1, "1000");
              return new Attempt(
                  w.f.tier2,
                  "submit",
                  "T2-1",
                  "invoiceNumber",
                  "T2-1",
                  "face",
                  "1000",
                  "maturity",
                  w.maturity.toString());
            }));
    all.add(
        new Case(
            "a line to a supplier",
            Finance.NOT_A_CORE_ENTERPRISE,
            w ->
                new Attempt(
                    w.f.bank,
                    "grantLine",
                    "obligor",
                    "obligor",
                    w.f.tier1.uscc(),
                    "limit",
                    "1",
                    "validFrom",
                    "2026-05-01",
                    "validUntil",
                    "2026-12-31")));
    // Bad arguments.
    all.add(
        new Case(
            "a split into one part",
            Finance.INVALID_ARGUMENT,
            w ->
                w.on(w.f.tier1, "split", w.active(), "parts", List.of("300000"))
                    .mentioning("parts")));
    all.add(
        new Case(
            "a split with a zero part",
            Finance.INVALID_ARGUMENT,
            w ->
                w.on(w.f.tier1, "split", w.active(), "parts", List.of("300000", "0"))
                    .mentioning("parts[1]")));
    all.add(
        new Case(
            "a transfer to oneself",
            Finance.INVALID_ARGUMENT,
            w ->
                w.on(w.f.tier1, "transfer", w.active(), "to", w.f.tier1.uscc()).mentioning("to:")));
    all.add(
        new Case(
            "a zero face",
            Finance.INVALID_ARGUMENT,
            w ->
                new Attempt(
                    w.f.tier1,
                    "submit",
                    "face",
                    "invoiceNumber",
                    "INV-1",
                    "face",
                    "0",
                    "maturity",
                    w.maturity.toString())));
    all.add(
        new Case(
            "maturity today",
            Finance.INVALID_ARGUMENT,
            w ->
                new Attempt(
                    w.f.tier1,
                    "submit",
                    "maturity",
                    "invoiceNumber",
                    "INV-1",
                    "face",
                    "1",
                    "maturity",
                    w.f.today().toString())));
    all.add(
        new Case(
            "confirm after the maturity passed",
            Finance.INVALID_ARGUMENT,
            w -> {
              Hash c = w.pending();
              w.toMaturity();
              return w.on(w.f.core, "confirm", c, "line", w.line.hex()).mentioning("maturity");
            }));
    all.add(
        new Case(
            "an offer above 36% a year",
            Finance.INVALID_ARGUMENT,
            w ->
                w.on(
                        w.f.bank,
                        "offer",
                        w.active(),
                        "annualCostBp",
                        3601L,
                        "recourse",
                        true,
                        "validUntil",
                        w.maturity.toString())
                    .mentioning("annualCostBp")));
    all.add(
        new Case(
            "an offer valid past maturity",
            Finance.INVALID_ARGUMENT,
            w ->
                w.on(
                        w.f.bank,
                        "offer",
                        w.active(),
                        "annualCostBp",
                        500L,
                        "recourse",
                        true,
                        "validUntil",
                        w.maturity.plusDays(1).toString())
                    .mentioning("validUntil")));
    all.add(
        new Case(
            "a financing without its registry number",
            Finance.INVALID_ARGUMENT,
            w ->
                w.on(
                        w.f.bank,
                        "approveFinancing",
                        w.financingPending(),
                        "registrationNumber",
                        " ",
                        "registrationDate",
                        w.f.today().toString())
                    .mentioning("registrationNumber")));
    all.add(
        new Case(
            "a financing registered tomorrow",
            Finance.INVALID_ARGUMENT,
            w ->
                w.on(
                        w.f.bank,
                        "approveFinancing",
                        w.financingPending(),
                        "registrationNumber",
                        "RG-1",
                        "registrationDate",
                        w.f.today().plusDays(1).toString())
                    .mentioning("registrationDate")));
    all.add(
        new Case(
            "a freeze without a reason",
            Finance.INVALID_ARGUMENT,
            w -> w.on(w.f.regulator, "freeze", w.active(), "reason", "").mentioning("reason")));
    all.add(
        new Case(
            "an unfreeze without a reason",
            Finance.INVALID_ARGUMENT,
            w -> w.on(w.f.regulator, "unfreeze", w.frozen(), "reason", " ").mentioning("reason")));
    all.add(
        new Case(
            "an early payment above the face",
            Finance.INVALID_ARGUMENT,
            w ->
                w.on(w.f.core, "offerEarlyPayment", w.active(), "amount", "300000.01")
                    .mentioning("amount")));
    all.add(
        new Case(
            "an invoice without a number",
            Finance.INVALID_ARGUMENT,
            w -> invoice(w, " ", w.f.core.uscc(), "5", w.f.today()).mentioning("number")));
    all.add(
        new Case(
            "an invoice to oneself",
            Finance.INVALID_ARGUMENT,
            w -> invoice(w, "INV-3", w.f.tier1.uscc(), "5", w.f.today()).mentioning("buyer")));
    all.add(
        new Case(
            "an invoice of zero",
            Finance.INVALID_ARGUMENT,
            w -> invoice(w, "INV-3", w.f.core.uscc(), "0", w.f.today()).mentioning("amount")));
    all.add(
        new Case(
            "an invoice issued tomorrow",
            Finance.INVALID_ARGUMENT,
            w ->
                invoice(w, "INV-3", w.f.core.uscc(), "5", w.f.today().plusDays(1))
                    .mentioning("issued")));
    // The runtime: the wrong organisation role, and KYC.
    for (Object[] wrong :
        new Object[][] {
          {"offer", "BANK"},
          {"approveFinancing", "BANK"},
          {"declineFinancing", "BANK"},
          {"release", "BANK"},
          {"recourse", "BANK"},
          {"settle", "CLEARING"},
          {"freeze", "REGULATOR"},
          {"unfreeze", "REGULATOR"},
          {"confirm", "CORE_ENTERPRISE"},
          {"reject", "CORE_ENTERPRISE"},
          {"offerEarlyPayment", "CORE_ENTERPRISE"}
        }) {
      String method = (String) wrong[0];
      all.add(
          new Case(
              "a supplier calls " + method,
              Runtime.NOT_AUTHORISED,
              w ->
                  anyArgs(w, w.f.tier1, method)
                      .mentioning("expected an organisation that is " + wrong[1])));
    }
    all.add(
        new Case(
            "a bank settles",
            Runtime.NOT_AUTHORISED,
            w -> anyArgs(w, w.f.bank, "settle").mentioning("CLEARING")));
    all.add(
        new Case(
            "a bank freezes",
            Runtime.NOT_AUTHORISED,
            w -> anyArgs(w, w.f.bank, "freeze").mentioning("REGULATOR")));
    all.add(
        new Case(
            "the core enterprise finances",
            Runtime.NOT_AUTHORISED,
            w -> anyArgs(w, w.f.core, "offer").mentioning("BANK")));
    all.add(
        new Case(
            "a bank confirms",
            Runtime.NOT_AUTHORISED,
            w -> anyArgs(w, w.f.bank, "confirm").mentioning("CORE_ENTERPRISE")));
    all.add(
        new Case(
            "a supplier with suspended KYC splits",
            Runtime.KYC_REQUIRED,
            w -> {
              Hash c = w.active();
              suspend(w, w.f.tier1);
              return w.on(w.f.tier1, "split", c, "parts", List.of("1", "299999"))
                  .mentioning(w.f.tier1.uscc());
            }));
    all.add(
        new Case(
            "a core enterprise with suspended KYC confirms",
            Runtime.KYC_REQUIRED,
            w -> {
              Hash c = w.pending();
              suspend(w, w.f.core);
              return w.on(w.f.core, "confirm", c, "line", w.line.hex()).mentioning(w.f.core.uscc());
            }));
    all.add(
        new Case(
            "clearing settles once its KYC lapsed",
            Runtime.KYC_REQUIRED,
            w -> {
              Hash c = w.active();
              w.f.advanceDays(
                  w.f.today().daysUntil(CalendarDate.parse("kyc", FinanceFixture.KYC_UNTIL)) + 1);
              return w.on(w.f.clearing, "settle", c).mentioning(w.f.clearing.uscc());
            }));
    return all;
  }

  /** The call a blocked (pledged or frozen) certificate refuses. */
  private static Attempt attemptOnBlocked(World w, String method, Hash c) {
    return switch (method) {
      case "transfer" -> w.on(w.f.tier1, "transfer", c, "to", w.f.tier2.uscc());
      case "split" -> w.on(w.f.tier1, "split", c, "parts", List.of("1", "299999"));
      case "requestFinancing" -> {
        // An offer made while it was active.
        yield w.on(w.f.tier1, "requestFinancing", c, "offer", Hash.ZERO.hex());
      }
      case "offer" ->
          w.on(
              w.f.bank,
              "offer",
              c,
              "annualCostBp",
              500L,
              "recourse",
              true,
              "validUntil",
              w.maturity.toString());
      default -> throw new IllegalArgumentException(method);
    };
  }

  /** {@code method} on an active certificate with arguments of the right shape. */
  private static Attempt anyArgs(World w, Party p, String method) {
    Hash c = w.active();
    Map<String, Object[]> more =
        Map.ofEntries(
            Map.entry(
                "offer",
                new Object[] {
                  "annualCostBp", 1L, "recourse", true, "validUntil", w.maturity.toString()
                }),
            Map.entry(
                "approveFinancing",
                new Object[] {
                  "registrationNumber", "R", "registrationDate", w.f.today().toString()
                }),
            Map.entry("freeze", new Object[] {"reason", "r"}),
            Map.entry("unfreeze", new Object[] {"reason", "r"}),
            Map.entry("reject", new Object[] {"reason", "r"}),
            Map.entry("confirm", new Object[] {"line", w.line.hex()}),
            Map.entry("offerEarlyPayment", new Object[] {"amount", "1"}));
    return new Attempt(p, method, "", World.args(c, more.getOrDefault(method, new Object[0])));
  }

  private static Attempt invoice(
      World w, String number, String buyer, String amount, CalendarDate issued) {
    return new Attempt(
        w.f.tier1,
        "registerInvoice",
        "",
        "number",
        number,
        "buyer",
        buyer,
        "amount",
        amount,
        "issued",
        issued.toString(),
        "document",
        hash(6).hex());
  }

  private static void suspend(World w, Party p) {
    expectSuccess(
        w.f.chain.call(
            w.f.core.admin(),
            "identity",
            "setKyc",
            "organisation",
            p.uscc(),
            "status",
            "SUSPENDED",
            "validUntil",
            FinanceFixture.KYC_UNTIL));
  }

  private static Hash hash(int n) {
    byte[] b = new byte[Hash.LENGTH];
    Arrays.fill(b, (byte) n);
    return Hash.of(b);
  }

  @TestFactory
  Stream<DynamicTest> everyRejection_namesWhatIsWrong_andChangesNothing() {
    return cases().stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.code() + ": " + c.name(),
                    () -> {
                      World w = new World();
                      Attempt a = c.setup().apply(w);
                      var before = w.f.chain.state.snapshot();
                      Outcome o;
                      if (FinanceFixture.MAKER_CHECKER.contains(a.method())
                          && a.by().approver() != null) {
                        Hash id = w.f.chain.nextTransaction();
                        Outcome prepared =
                            w.f.chain.call(a.by().operator(), "finance", a.method(), a.args());
                        if (prepared instanceof Outcome.Success) {
                          before = w.f.chain.state.snapshot();
                          o =
                              w.f.chain.call(
                                  a.by().approver(), "approvals", "approve", "id", id.hex());
                        } else {
                          o = prepared;
                        }
                      } else {
                        o = w.f.chain.call(a.by().operator(), "finance", a.method(), a.args());
                      }
                      Outcome outcome = o;
                      assertEquals(c.code(), code(outcome), () -> outcome.toString());
                      assertTrue(
                          message(outcome).contains(a.mentions()),
                          () ->
                              "expected the message to mention '" + a.mentions() + "': " + outcome);
                      assertEquals(
                          before, w.f.chain.state.snapshot(), "a rejection changes nothing");
                    }));
  }

  @Test
  void everyFinanceCode_hasACase_orIsKnownUnreachable() throws IllegalAccessException {
    Set<String> declared = new TreeSet<>();
    for (Field field : Finance.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers())
          && field.getType() == String.class
          && !field.getName().equals("NAME")) {
        declared.add((String) field.get(null));
      }
    }
    Set<String> covered = new TreeSet<>(UNREACHABLE_BY_CALLS);
    covered.addAll(MET_BY_TRADE_BACKING_TEST);
    cases().forEach(c -> covered.add(c.code()));
    declared.removeAll(covered);
    assertEquals(Set.of(), declared, "codes with no case");
  }

  /**
   * OVER_FINANCED cannot be reached by calls: a certificate is financed once, and the pieces of an
   * invoice's certificates add up to at most what is certified on it, itself at most its amount.
   * The guard is shown with the invoice's financed total planted one fen short of the limit.
   */
  @Test
  void overFinanced_guardsTheInvoice_whenItsTotalsAreAlreadyHigh() {
    World w = new World();
    Hash c = w.financingPending();
    Invoice i = w.f.invoice(w.f.tier1, "INV-1");
    Ledger.put(w.f.chain.state, i.withFinanced(i.amount().minus(Amount.parse("f", "299999.99"))));
    Hash id = w.f.chain.nextTransaction();
    expectSuccess(
        w.f.chain.call(
            w.f.bank.operator(),
            "finance",
            "approveFinancing",
            World.args(
                c, "registrationNumber", "RG-1", "registrationDate", w.f.today().toString())));
    var before = w.f.chain.state.snapshot();
    Outcome o = w.f.chain.call(w.f.bank.approver(), "approvals", "approve", "id", id.hex());
    assertEquals(Finance.OVER_FINANCED, code(o), () -> o.toString());
    assertTrue(message(o).contains("INV-1"), () -> o.toString());
    assertEquals(before, w.f.chain.state.snapshot(), "a rejection changes nothing");
  }
}
