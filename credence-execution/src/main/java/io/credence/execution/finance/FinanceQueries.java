package io.credence.execution.finance;

import io.credence.core.Amount;
import io.credence.core.CalendarDate;
import io.credence.core.Hash;
import io.credence.core.types.Param;
import io.credence.core.types.Type;
import io.credence.core.types.Types;
import io.credence.core.types.Values;
import io.credence.execution.ContractState;
import io.credence.execution.Query;
import io.credence.execution.QueryCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The finance contract's list queries: what a party holds, a certificate's tree, an invoice's and a
 * credit line's certificates, the clearing calendar and a financing record. Every answer reads at
 * most {@link io.credence.execution.Runtime#QUERY_PROVEN_KEYS_MAX} distinct state keys for its
 * largest page, so it can always come with proofs; a list is read a page at a time, and each answer
 * says whether it was cut ({@code cut}) and where to continue ({@code next}).
 *
 * <p>Budget of one page (distinct keys): a list's length (1), the rules (1), the record the query
 * is about (1) and two per entry (the entry and the certificate it names): 3 + 2 x 100 = 203. The
 * calendar reads one length per day and up to four keys per root: 1 + 31 + 4 x 50 = 232.
 */
public final class FinanceQueries {
  /** Entries of a holder's list read per page of {@code holdings}, at most. */
  public static final int HOLDINGS_LIMIT_MAX = 100;

  /** Pieces of a tree per page of {@code lineage}. */
  public static final int LINEAGE_NODES_MAX = 100;

  /** Certificates per page of {@code invoiceUses} and of {@code lineUse}, at most. */
  public static final int USES_LIMIT_MAX = 100;

  /** Days one {@code calendar} answer covers, at most. */
  public static final int CALENDAR_DAYS_MAX = 31;

  /** Roots one {@code calendar} answer lists, at most; the rest is the next page's. */
  public static final int CALENDAR_ROOTS_MAX = 50;

  /** A code for a page argument out of its bounds. */
  public static final String INVALID_ARGUMENT = Finance.INVALID_ARGUMENT;

  static final Param<String> PARTY = Param.text("party", 18, "the party's USCC");
  static final Param<Long> FROM =
      Param.u64("from", "the list position to start at: 0, or the next of the previous answer");
  static final Param<Long> LIMIT = Param.u64("limit", "how many list entries to read, at most");
  static final Param<CalendarDate> FIRST_DAY = Param.date("from", "the first day of the window");
  static final Param<Long> DAYS =
      Param.u64("days", "how many days the window covers (1 to " + CALENDAR_DAYS_MAX + ")");
  static final Param<Long> SKIP =
      Param.u64(
          "skip",
          "roots of the first day already listed: 0, or the nextSkip of the previous answer");

  private static final Param<Hash> ID = Param.hash("certificate", "");
  private static final Param<Hash> PARENT = Param.hash("parent", "");
  private static final Param<String> HOLDER = Param.text("holder", 18, "");
  private static final Param<String> OBLIGOR = Param.text("obligor", 18, "");
  private static final Param<Amount> FACE = Param.amount("face", "");
  private static final Param<CalendarDate> MATURITY = Param.date("maturity", "");
  private static final Param<Certificate.Standing> STATUS =
      Param.choice("status", Certificate.Standing.class, "its state on the day of the block read");
  private static final Param<Long> DEPTH = Param.u64("depth", "");
  private static final Param<Amount> DUE =
      Param.amount("due", "its face while clearing has not finished with it, else 0");
  private static final Param<Boolean> CUT =
      Param.bool("cut", "whether the list goes on past this page");
  private static final Param<Long> NEXT =
      Param.u64("next", "where the next page starts (the from to ask with)");
  private static final Param<Long> SIZE = Param.u64("size", "how many entries the list has");

  /** One certificate in a list: who holds it, who pays it, how much and when, its state. */
  private static final Param<Values> PIECE =
      Param.record("piece", "a certificate", ID, HOLDER, OBLIGOR, FACE, MATURITY, STATUS);

  private static final Param<Values> NODE =
      Param.record("node", "a piece of the tree", ID, PARENT, HOLDER, FACE, STATUS, DEPTH);

  /** The answer of {@code finance.holdings}. */
  public static final Type HOLDINGS_ANSWER =
      Types.record(
          PARTY.field(),
          Param.list("holdings", PIECE, HOLDINGS_LIMIT_MAX, "").field(),
          Param.amount("total", "the face of this page's holdings").field(),
          SIZE.field(),
          CUT.field(),
          NEXT.field());

  /** The answer of {@code finance.lineage}. */
  public static final Type LINEAGE_ANSWER =
      Types.record(
          ID.field(),
          Param.hash("root", "").field(),
          Param.list("nodes", NODE, LINEAGE_NODES_MAX, "in creation order").field(),
          SIZE.field(),
          CUT.field(),
          NEXT.field());

  /** The answer of {@code finance.invoiceUses}. */
  public static final Type INVOICE_USES_ANSWER =
      Types.record(
          Param.hash("invoice", "").field(),
          Param.amount("amount", "").field(),
          Param.amount("certified", "").field(),
          Param.amount("financed", "").field(),
          Param.list("certificates", PIECE, USES_LIMIT_MAX, "").field(),
          SIZE.field(),
          CUT.field(),
          NEXT.field());

  /** The answer of {@code finance.lineUse}. */
  public static final Type LINE_USE_ANSWER =
      Types.record(
          Param.hash("line", "").field(),
          Param.text("bank", 18, "").field(),
          OBLIGOR.field(),
          Param.amount("lineLimit", "").field(),
          Param.amount("used", "").field(),
          Param.list("certificates", PIECE, USES_LIMIT_MAX, "in the order confirmed").field(),
          SIZE.field(),
          CUT.field(),
          NEXT.field());

  private static final Param<Values> ROOT =
      Param.record(
          "root",
          "a root certificate due that day",
          ID,
          OBLIGOR,
          FACE,
          STATUS,
          Param.u64("pieces", "its tree's pieces"),
          Param.u64("visited", "pieces clearing's walk has visited"),
          DUE);

  private static final Param<Values> DAY =
      Param.record(
          "day",
          "a day with roots maturing",
          Param.date("day", ""),
          Param.list("roots", ROOT, CALENDAR_ROOTS_MAX, ""),
          Param.amount("due", "the day's roots' due, added up"));

  /** The answer of {@code finance.calendar}. */
  public static final Type CALENDAR_ANSWER =
      Types.record(
          FIRST_DAY.field(),
          DAYS.field(),
          Param.list("dueDays", DAY, CALENDAR_DAYS_MAX, "only days with roots").field(),
          Param.amount("due", "the window's due on this page").field(),
          CUT.field(),
          Param.date("nextDay", "the from to ask with for the next page").field(),
          Param.u64("nextSkip", "the skip to ask with for the next page").field());

  /** The answer of {@code finance.financing}. */
  public static final Type FINANCING_ANSWER =
      Types.record(
          ID.field(),
          Param.hash("offer", "").field(),
          Param.text("bank", 18, "").field(),
          Param.text("from", 18, "who sold it to the bank").field(),
          FACE.field(),
          Param.amount("advance", "what the bank paid").field(),
          Param.u64("annualCostBp", "the all-in annual cost in basis points").field(),
          Param.bool("recourse", "").field(),
          Param.text("registrationNumber", Financing.REGISTRATION_NUMBER_BYTES_MAX, "").field(),
          Param.date("registrationDate", "").field(),
          Param.date("financedOn", "").field());

  private FinanceQueries() {}

  static List<Query> all(Certificates certificates) {
    return List.of(
        Query.named("holdings")
            .doc(
                "The certificates a party holds now, a page of its holder list at a time (limit"
                    + " entries read, at most "
                    + HOLDINGS_LIMIT_MAX
                    + ")")
            .args(PARTY, FROM, LIMIT)
            .answers(HOLDINGS_ANSWER)
            .handle(FinanceQueries::holdings),
        Query.named("lineage")
            .doc(
                "A certificate's tree from its root, "
                    + LINEAGE_NODES_MAX
                    + " pieces a page in creation order (a parent before its children)")
            .args(Finance.CERTIFICATE, FROM)
            .answers(LINEAGE_ANSWER)
            .handle(FinanceQueries::lineage),
        Query.named("invoiceUses")
            .doc("The certificates that cited an invoice, at most " + USES_LIMIT_MAX + " a page")
            .args(Finance.SELLER, Finance.NUMBER, FROM, LIMIT)
            .answers(INVOICE_USES_ANSWER)
            .handle(q -> invoiceUses(q, certificates)),
        Query.named("lineUse")
            .doc(
                "The certificates confirmed under a credit line, at most "
                    + USES_LIMIT_MAX
                    + " a page")
            .args(Finance.LINE, FROM, LIMIT)
            .answers(LINE_USE_ANSWER)
            .handle(FinanceQueries::lineUse),
        Query.named("calendar")
            .doc(
                "For clearing: each day of a window (at most "
                    + CALENDAR_DAYS_MAX
                    + " days) with the roots maturing, their faces and what is due (at most "
                    + CALENDAR_ROOTS_MAX
                    + " roots a page)")
            .args(FIRST_DAY, DAYS, SKIP)
            .answers(CALENDAR_ANSWER)
            .handle(FinanceQueries::calendar),
        Query.named("financing")
            .doc("A certificate's financing: bank, seller, advance, cost, recourse, registry entry")
            .args(Finance.CERTIFICATE)
            .answers(FINANCING_ANSWER)
            .handle(FinanceQueries::financing));
  }

  /** A page's bounds, checked: {@code from} within int range, {@code limit} 1 to {@code max}. */
  private record Page(int from, int limit) {
    static Page of(QueryCall q, int max) {
      long limit = q.arg(LIMIT);
      if (limit < 1 || limit > max) {
        throw q.none(INVALID_ARGUMENT, "limit: expected 1 to %d entries, found %d", max, limit);
      }
      return new Page(from(q), (int) limit);
    }

    static int from(QueryCall q) {
      long from = q.arg(FROM);
      // Lists count entries in a u32; a position past the end gives an empty page, not an error.
      return (int) Math.min(from, Integer.MAX_VALUE);
    }
  }

  private static Object holdings(QueryCall q) {
    String party = q.arg(PARTY);
    Page page = Page.of(q, HOLDINGS_LIMIT_MAX);
    ContractState state = q.state();
    String list = Ledger.holderList(party);
    int size = Ledger.size(state, list);
    Rules rules = Ledger.rules(state);
    // A certificate that came back to the party is on its list twice: once per page here.
    Set<Hash> seen = new LinkedHashSet<>();
    List<Values> held = new ArrayList<>();
    Amount total = Amount.ZERO;
    for (Hash id : Ledger.page(state, list, page.from(), page.limit())) {
      Certificate c = Ledger.certificate(state, id).orElseThrow();
      if (!seen.add(id) || !c.holder().equals(party) || Certificate.FINAL.contains(c.status())) {
        continue;
      }
      held.add(piece(c, rules, q.today()));
      total = total.plus(c.face());
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("party", party);
    v.put("holdings", held);
    v.put("total", total);
    putPage(v, size, page.from(), page.limit());
    return new Values(v);
  }

  private static Object lineage(QueryCall q) {
    Hash asked = q.arg(Finance.CERTIFICATE);
    ContractState state = q.state();
    Certificate c = Ledger.certificate(state, asked).orElseThrow(() -> notFound(q, asked));
    Rules rules = Ledger.rules(state);
    String list = Ledger.treeList(c.root());
    int size = Ledger.size(state, list);
    int from = Page.from(q);
    List<Values> nodes = new ArrayList<>();
    if (size == 0) {
      // Not confirmed (yet): the tree is the certificate alone.
      nodes.add(node(c, rules, q.today()));
      size = 1;
    } else {
      for (Hash id : Ledger.page(state, list, from, LINEAGE_NODES_MAX)) {
        nodes.add(node(Ledger.certificate(state, id).orElseThrow(), rules, q.today()));
      }
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("certificate", asked);
    v.put("root", c.root());
    v.put("nodes", nodes);
    putPage(v, size, from, LINEAGE_NODES_MAX);
    return new Values(v);
  }

  private static Object invoiceUses(QueryCall q, Certificates certificates) {
    Page page = Page.of(q, USES_LIMIT_MAX);
    ContractState state = q.state();
    Hash key = certificates.invoiceKey(q.arg(Finance.SELLER), q.arg(Finance.NUMBER));
    Invoice invoice =
        Ledger.invoice(state, key)
            .orElseThrow(
                () ->
                    q.none(
                        "NOT_FOUND",
                        "invoice %s of %s: expected a registered invoice, found none",
                        q.arg(Finance.NUMBER),
                        q.arg(Finance.SELLER)));
    String list = Ledger.usesList(key);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("invoice", key);
    v.put("amount", invoice.amount());
    v.put("certified", invoice.certified());
    v.put("financed", invoice.financed());
    v.put("certificates", pieces(q, list, page));
    putPage(v, Ledger.size(state, list), page.from(), page.limit());
    return new Values(v);
  }

  private static Object lineUse(QueryCall q) {
    Page page = Page.of(q, USES_LIMIT_MAX);
    Hash id = q.arg(Finance.LINE);
    CreditLine line =
        Finance.line(q.state(), id)
            .orElseThrow(
                () ->
                    q.none(
                        "NOT_FOUND",
                        "line %s: expected a credit line, found none",
                        id.abbreviated()));
    String list = Ledger.lineList(id);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("line", id);
    v.put("bank", line.bank());
    v.put("obligor", line.obligor());
    v.put("lineLimit", line.limit());
    v.put("used", line.used());
    v.put("certificates", pieces(q, list, page));
    putPage(v, Ledger.size(q.state(), list), page.from(), page.limit());
    return new Values(v);
  }

  private static Object calendar(QueryCall q) {
    CalendarDate first = q.arg(FIRST_DAY);
    long days = q.arg(DAYS);
    if (days < 1 || days > CALENDAR_DAYS_MAX) {
      throw q.none(INVALID_ARGUMENT, "days: expected 1 to %d, found %d", CALENDAR_DAYS_MAX, days);
    }
    long skip = q.arg(SKIP);
    ContractState state = q.state();
    Rules rules = Ledger.rules(state);
    List<Values> listed = new ArrayList<>();
    Amount due = Amount.ZERO;
    int roots = 0;
    CalendarDate nextDay = first.plusDays(days);
    long nextSkip = 0;
    boolean cut = false;
    for (int d = 0; d < days && !cut; d++) {
      CalendarDate day = first.plusDays(d);
      String list = Ledger.maturityList(day);
      int size = Ledger.size(state, list);
      List<Values> dayRoots = new ArrayList<>();
      Amount dayDue = Amount.ZERO;
      for (long i = d == 0 ? skip : 0; i < size; i++) {
        if (roots == CALENDAR_ROOTS_MAX) {
          cut = true;
          nextDay = day;
          nextSkip = i;
          break;
        }
        Certificate root =
            Ledger.certificate(state, Ledger.entry(state, list, (int) i)).orElseThrow();
        Values r = root(state, root, rules, q.today());
        dayRoots.add(r);
        dayDue = dayDue.plus(r.get(DUE));
        roots++;
      }
      if (!dayRoots.isEmpty()) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("day", day);
        v.put("roots", dayRoots);
        v.put("due", dayDue);
        listed.add(new Values(v));
        due = due.plus(dayDue);
      }
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("from", first);
    v.put("days", days);
    v.put("dueDays", listed);
    v.put("due", due);
    v.put("cut", cut);
    v.put("nextDay", nextDay);
    v.put("nextSkip", nextSkip);
    return new Values(v);
  }

  /**
   * A root and what is due on it: its face while it is payable, or, once split, until clearing's
   * walk has visited every piece (a partly walked tree still counts whole: the gross obligation).
   */
  private static Values root(
      ContractState state, Certificate root, Rules rules, CalendarDate today) {
    long pieces = 1;
    long visited = 0;
    boolean owed;
    if (root.status() == Certificate.Status.SPLIT) {
      pieces = Ledger.size(state, Ledger.treeList(root.id()));
      visited = Ledger.cursor(state, root.id());
      owed = visited < pieces;
    } else {
      owed =
          Certificate.PAYABLE.contains(root.status()) || root.status() == Certificate.Status.FROZEN;
      visited = owed ? 0 : 1;
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("certificate", root.id());
    v.put("obligor", root.obligor());
    v.put("face", root.face());
    v.put("status", root.standing(today, rules).name());
    v.put("pieces", pieces);
    v.put("visited", visited);
    v.put("due", owed ? root.face() : Amount.ZERO);
    return new Values(v);
  }

  private static Object financing(QueryCall q) {
    Hash id = q.arg(Finance.CERTIFICATE);
    Financing f =
        Ledger.financing(q.state(), id)
            .orElseThrow(
                () ->
                    q.none(
                        "NOT_FOUND",
                        "certificate %s: expected a financing record, found none",
                        id.abbreviated()));
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("certificate", f.certificate());
    v.put("offer", f.offer());
    v.put("bank", f.bank());
    v.put("from", f.from());
    v.put("face", f.face());
    v.put("advance", f.advance());
    v.put("annualCostBp", (long) f.annualCostBp());
    v.put("recourse", f.recourse());
    v.put("registrationNumber", f.registrationNumber());
    v.put("registrationDate", f.registrationDate());
    v.put("financedOn", f.financedOn());
    return new Values(v);
  }

  private static List<Values> pieces(QueryCall q, String list, Page page) {
    Rules rules = Ledger.rules(q.state());
    List<Values> out = new ArrayList<>();
    for (Hash id : Ledger.page(q.state(), list, page.from(), page.limit())) {
      out.add(piece(Ledger.certificate(q.state(), id).orElseThrow(), rules, q.today()));
    }
    return out;
  }

  private static Values piece(Certificate c, Rules rules, CalendarDate today) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("certificate", c.id());
    v.put("holder", c.holder());
    v.put("obligor", c.obligor());
    v.put("face", c.face());
    v.put("maturity", c.maturity());
    v.put("status", c.standing(today, rules).name());
    return new Values(v);
  }

  private static Values node(Certificate c, Rules rules, CalendarDate today) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("certificate", c.id());
    v.put("parent", c.parent());
    v.put("holder", c.holder());
    v.put("face", c.face());
    v.put("status", c.standing(today, rules).name());
    v.put("depth", (long) c.depth());
    return new Values(v);
  }

  /** The list's size, whether this page stops before its end, and where the next one starts. */
  private static void putPage(Map<String, Object> v, int size, int from, int limit) {
    long next = Math.min((long) size, (long) from + limit);
    v.put("size", (long) size);
    v.put("cut", next < size);
    v.put("next", next);
  }

  private static Query.Failure notFound(QueryCall q, Hash id) {
    return q.none(
        "NOT_FOUND",
        "certificate %s: expected a receivable certificate, found none",
        id.abbreviated());
  }
}
