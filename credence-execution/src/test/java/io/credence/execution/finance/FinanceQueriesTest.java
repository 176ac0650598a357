package io.credence.execution.finance;

import static io.credence.execution.TestChain.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Amount;
import io.credence.core.Hash;
import io.credence.core.crypto.KeyPair;
import io.credence.execution.Outcome;
import io.credence.execution.Query;
import io.credence.execution.Runtime;
import io.credence.execution.TestChain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The finance list queries on a small chain: a supplier's invoice certified by the core enterprise
 * under the bank's line, split, financed; each answer paged, and the largest page of each still
 * within the keys one answer may be proven with.
 */
class FinanceQueriesTest {
  private static final String MATURITY = "2026-08-01";

  private final TestChain c = new TestChain();
  private final KeyPair coreOperator;
  private final KeyPair coreApprover;
  private final KeyPair bankOperator;
  private final KeyPair bankApprover;
  private final Hash line;

  FinanceQueriesTest() {
    for (String uscc : List.of(c.coreUscc, c.bankUscc, c.supplierUscc)) {
      ok(
          c.call(
              c.coreAdmin,
              "identity",
              "setKyc",
              "organisation",
              uscc,
              "status",
              "VERIFIED",
              "validUntil",
              "2027-12-31"));
    }
    coreOperator = c.registered(c.coreAdmin, "OPERATOR");
    coreApprover = c.registered(c.coreAdmin, "APPROVER");
    bankOperator = c.registered(c.bankAdmin, "OPERATOR");
    bankApprover = c.registered(c.bankAdmin, "APPROVER");
    Outcome granted =
        decided(
            bankOperator,
            bankApprover,
            "grantLine",
            "obligor",
            c.coreUscc,
            "limit",
            "100000000",
            "validFrom",
            "2026-05-01",
            "validUntil",
            "2026-12-31");
    line = Hash.parse("line", attribute(granted, "LineGranted", "line"));
  }

  private static Outcome ok(Outcome o) {
    assertEquals("SUCCESS", code(o), () -> o.toString());
    return o;
  }

  private static String attribute(Outcome o, String event, String name) {
    return ((Outcome.Success) o)
        .events().stream()
            .filter(e -> e.name().equals(event))
            .findFirst()
            .orElseThrow()
            .attributes()
            .get(name);
  }

  private Outcome decided(KeyPair maker, KeyPair checker, String method, Object... args) {
    Hash id = c.nextTransaction();
    ok(c.call(maker, "finance", method, args));
    return ok(c.call(checker, "approvals", "approve", "id", id.hex()));
  }

  /** A confirmed certificate of {@code face} on a fresh invoice of the supplier's. */
  private Hash confirmed(String number, String face, String maturity) {
    ok(
        c.call(
            c.supplierAdmin,
            "finance",
            "registerInvoice",
            "number",
            number,
            "buyer",
            c.coreUscc,
            "amount",
            face,
            "issued",
            "2026-05-20",
            "document",
            "ab".repeat(16) + String.format("%032x", number.hashCode())));
    Hash id = c.nextTransaction();
    ok(
        c.call(
            c.supplierAdmin,
            "finance",
            "submit",
            "invoiceNumber",
            number,
            "face",
            face,
            "maturity",
            maturity));
    decided(coreOperator, coreApprover, "confirm", "certificate", id.hex(), "line", line.hex());
    return id;
  }

  private List<Hash> split(Hash certificate, List<String> parts) {
    Outcome o =
        ok(
            c.call(
                c.supplierAdmin,
                "finance",
                "split",
                "certificate",
                certificate.hex(),
                "parts",
                parts));
    List<Hash> ids = new ArrayList<>();
    for (String hex : attribute(o, "CertificateSplit", "pieces").split(",")) {
      ids.add(Hash.parse("piece", hex));
    }
    return ids;
  }

  private Runtime.Answer ask(String query, Object... nameValues) {
    Map<String, Object> args = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      args.put((String) nameValues[i], nameValues[i + 1]);
    }
    return c.runtime.query("finance", query, args, c.state, c.height(), c.today());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> plain(Runtime.Answer a) {
    return (Map<String, Object>) a.plain();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> answer, String field) {
    return (List<Map<String, Object>>) answer.get(field);
  }

  @Test
  void aSplitCertificate_isSeenInHoldingsLineageInvoiceLineAndCalendar() {
    Hash root = confirmed("INV-1", "1000000", MATURITY);
    List<Hash> pieces = split(root, List.of("700000", "300000"));

    Map<String, Object> holdings =
        plain(ask("holdings", "party", c.supplierUscc, "from", 0, "limit", 100));
    List<Map<String, Object>> held = list(holdings, "holdings");
    assertEquals(2, held.size(), holdings.toString());
    assertEquals(pieces.get(0).hex(), held.get(0).get("certificate"));
    assertEquals("700000.00", held.get(0).get("face"));
    assertEquals(MATURITY, held.get(0).get("maturity"));
    assertEquals("ACTIVE", held.get(0).get("status"));
    assertEquals(c.coreUscc, held.get(0).get("obligor"));
    assertEquals("1000000.00", holdings.get("total"), "the split root is not held any more");
    assertEquals(false, holdings.get("cut"));
    assertEquals(3L, holdings.get("next"));

    Map<String, Object> lineage =
        plain(ask("lineage", "certificate", pieces.get(1).hex(), "from", 0));
    assertEquals(root.hex(), lineage.get("root"));
    List<Map<String, Object>> nodes = list(lineage, "nodes");
    assertEquals(3, nodes.size());
    assertEquals("SPLIT", nodes.get(0).get("status"));
    assertEquals(Hash.ZERO.hex(), nodes.get(0).get("parent"));
    assertEquals(root.hex(), nodes.get(2).get("parent"));
    assertEquals(1L, nodes.get(2).get("depth"));
    assertEquals(false, lineage.get("cut"));

    Map<String, Object> uses =
        plain(
            ask(
                "invoiceUses",
                "seller",
                c.supplierUscc,
                "number",
                "INV-1",
                "from",
                0,
                "limit",
                10));
    assertEquals(1, list(uses, "certificates").size());
    assertEquals("1000000.00", uses.get("certified"));

    Map<String, Object> lineUse = plain(ask("lineUse", "line", line.hex(), "from", 0, "limit", 10));
    assertEquals(root.hex(), list(lineUse, "certificates").get(0).get("certificate"));
    assertEquals("1000000.00", lineUse.get("used"));

    Map<String, Object> calendar =
        plain(ask("calendar", "from", "2026-07-30", "days", 5, "skip", 0));
    List<Map<String, Object>> days = list(calendar, "dueDays");
    assertEquals(1, days.size(), "only days with roots are listed");
    assertEquals(MATURITY, days.get(0).get("day"));
    assertEquals("1000000.00", days.get(0).get("due"));
    assertEquals(3L, list(days.get(0), "roots").get(0).get("pieces"));
    assertEquals("1000000.00", calendar.get("due"));
    assertEquals(false, calendar.get("cut"));
    assertEquals("2026-08-04", calendar.get("nextDay"));
  }

  @Test
  void aFinancedPiece_hasItsRecord_andMovesToTheBanksHoldings() {
    Hash root = confirmed("INV-2", "500000", MATURITY);
    assertEquals(
        "NOT_FOUND",
        assertThrows(Query.Failure.class, () -> ask("financing", "certificate", root.hex()))
            .code());
    Outcome offered =
        decided(
            bankOperator,
            bankApprover,
            "offer",
            "certificate",
            root.hex(),
            "annualCostBp",
            380,
            "recourse",
            true,
            "validUntil",
            "2026-06-30");
    String offer = attribute(offered, "FinancingOffered", "offer");
    ok(
        c.call(
            c.supplierAdmin,
            "finance",
            "requestFinancing",
            "certificate",
            root.hex(),
            "offer",
            offer));
    decided(
        bankOperator,
        bankApprover,
        "approveFinancing",
        "certificate",
        root.hex(),
        "registrationNumber",
        "ZDDJ-2026-0001",
        "registrationDate",
        "2026-05-28");

    Map<String, Object> f = plain(ask("financing", "certificate", root.hex()));
    assertEquals(c.bankUscc, f.get("bank"));
    assertEquals(c.supplierUscc, f.get("from"));
    assertEquals("500000.00", f.get("face"));
    assertEquals(380L, f.get("annualCostBp"));
    assertEquals(true, f.get("recourse"));
    assertEquals("ZDDJ-2026-0001", f.get("registrationNumber"));
    assertEquals("2026-05-28", f.get("registrationDate"));
    assertTrue(
        Amount.parse("advance", (String) f.get("advance")).compareTo(Amount.parse("face", "500000"))
            < 0,
        f.toString());

    assertEquals(
        0,
        list(plain(ask("holdings", "party", c.supplierUscc, "from", 0, "limit", 10)), "holdings")
            .size());
    List<Map<String, Object>> bank =
        list(plain(ask("holdings", "party", c.bankUscc, "from", 0, "limit", 10)), "holdings");
    assertEquals("FINANCED", bank.get(0).get("status"));
  }

  @Test
  void theLargestPages_canBeProven_andPagingWalksEveryPieceOnce() {
    Hash root = confirmed("INV-3", "1600000", MATURITY);
    List<String> sixteen = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      sixteen.add("100000");
    }
    List<String> tenths = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      tenths.add("10000");
    }
    for (Hash piece : split(root, sixteen)) {
      split(piece, tenths);
    }
    // The holder list: the root, 16 pieces, 160 grandchildren; 160 held.
    long next = 0;
    int held = 0;
    long totalFen = 0;
    int pages = 0;
    boolean cut;
    do {
      Runtime.Answer a =
          ask(
              "holdings",
              "party",
              c.supplierUscc,
              "from",
              next,
              "limit",
              FinanceQueries.HOLDINGS_LIMIT_MAX);
      assertTrue(a.provable(), "a full page reads " + a.keysRead().size() + " keys");
      Map<String, Object> page = plain(a);
      held += list(page, "holdings").size();
      totalFen += Math.round(Double.parseDouble((String) page.get("total")) * 100);
      next = (Long) page.get("next");
      cut = (Boolean) page.get("cut");
      pages++;
    } while (cut);
    assertEquals(2, pages);
    assertEquals(160, held);
    assertEquals(160_000_000L, totalFen);

    Runtime.Answer tree = ask("lineage", "certificate", root.hex(), "from", 0);
    assertTrue(tree.provable(), "lineage reads " + tree.keysRead().size() + " keys");
    assertEquals(FinanceQueries.LINEAGE_NODES_MAX, list(plain(tree), "nodes").size());
    assertEquals(true, plain(tree).get("cut"));
    assertEquals(177L, plain(tree).get("size"));
    Map<String, Object> rest = plain(ask("lineage", "certificate", root.hex(), "from", 100));
    assertEquals(77, list(rest, "nodes").size());
    assertEquals(false, rest.get("cut"));
  }

  @Test
  void aBusyClearingDay_isCutAtTheRootLimit_andContinuesWithSkip() {
    int roots = FinanceQueries.CALENDAR_ROOTS_MAX + 3;
    for (int i = 0; i < roots; i++) {
      Hash root = confirmed("C-" + i, "2000", MATURITY);
      // Split roots cost the most keys (the tree's size and clearing's cursor).
      split(root, List.of("1000", "1000"));
    }
    Runtime.Answer first = ask("calendar", "from", "2026-07-02", "days", 31, "skip", 0);
    assertTrue(first.provable(), "the calendar reads " + first.keysRead().size() + " keys");
    Map<String, Object> page = plain(first);
    assertEquals(true, page.get("cut"));
    assertEquals(MATURITY, page.get("nextDay"));
    assertEquals((long) FinanceQueries.CALENDAR_ROOTS_MAX, page.get("nextSkip"));
    assertEquals(
        FinanceQueries.CALENDAR_ROOTS_MAX, list(list(page, "dueDays").get(0), "roots").size());
    Map<String, Object> second =
        plain(ask("calendar", "from", MATURITY, "days", 1, "skip", page.get("nextSkip")));
    assertEquals(3, list(list(second, "dueDays").get(0), "roots").size());
    assertEquals("6000.00", second.get("due"));
    assertEquals(false, second.get("cut"));
  }

  @Test
  void pageBoundsAndMissingRecords_areRefusedWithCodes() {
    Hash root = confirmed("INV-4", "1000", MATURITY);
    assertFalse(root.equals(Hash.ZERO));
    assertEquals(
        FinanceQueries.INVALID_ARGUMENT,
        assertThrows(
                Query.Failure.class,
                () -> ask("holdings", "party", c.supplierUscc, "from", 0, "limit", 0))
            .code());
    Query.Failure tooMany =
        assertThrows(
            Query.Failure.class, () -> ask("lineUse", "line", line.hex(), "from", 0, "limit", 101));
    assertEquals(FinanceQueries.INVALID_ARGUMENT, tooMany.code());
    assertTrue(tooMany.getMessage().contains("expected 1 to 100 entries, found 101"));
    assertEquals(
        FinanceQueries.INVALID_ARGUMENT,
        assertThrows(
                Query.Failure.class, () -> ask("calendar", "from", MATURITY, "days", 32, "skip", 0))
            .code());
    assertEquals(
        "NOT_FOUND",
        assertThrows(
                Query.Failure.class,
                () -> ask("lineage", "certificate", "00".repeat(32), "from", 0))
            .code());
    assertEquals(
        "NOT_FOUND",
        assertThrows(
                Query.Failure.class,
                () ->
                    ask(
                        "invoiceUses",
                        "seller",
                        c.supplierUscc,
                        "number",
                        "NOPE",
                        "from",
                        0,
                        "limit",
                        1))
            .code());
    assertEquals(
        "NOT_FOUND",
        assertThrows(
                Query.Failure.class,
                () -> ask("lineUse", "line", "11".repeat(32), "from", 0, "limit", 1))
            .code());
    // Past the end: an empty page, not an error.
    Map<String, Object> past =
        plain(ask("holdings", "party", c.supplierUscc, "from", 99, "limit", 5));
    assertEquals(0, list(past, "holdings").size());
    assertEquals(false, past.get("cut"));
  }
}
