package io.credence.execution.finance;

import static io.credence.execution.finance.FinanceFixture.attribute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Amount;
import io.credence.core.CalendarDate;
import io.credence.core.Hash;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.genesis.Uscc;
import io.credence.execution.Outcome;
import io.credence.execution.finance.FinanceFixture.Party;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;

/**
 * The certificate lifecycle against a small model written from DOMAIN.md's state diagram: random
 * sequences of every operation by random parties, the right ones and the wrong ones, with the clock
 * moving on. After every step the outcome agrees with the model, a rejection changed nothing, the
 * stored certificates, lines and invoices are the model's, and the invariants hold on the state.
 */
class CertificateModelTest {

  // The model: its own states, written from DOMAIN.md, not Certificate.Status.
  enum S {
    PENDING,
    ACTIVE,
    SPLIT,
    TRANSFER_PENDING,
    FINANCING_PENDING,
    FINANCED,
    PLEDGED,
    FROZEN,
    SETTLED,
    REJECTED,
    WITHDRAWN,
    RECOURSED,
    WRITTEN_OFF
  }

  /** What clearing pays at maturity; past maturity unpaid, these are overdue. */
  static final Set<S> LIVE =
      EnumSet.of(S.ACTIVE, S.TRANSFER_PENDING, S.FINANCING_PENDING, S.FINANCED, S.PLEDGED);

  static final int TENOR_DAYS_MAX = 180;
  static final int DEPTH_MAX = 8;
  static final int ACCEPTANCE_DAYS = 7;
  static final int DEFAULT_DAYS = 90;

  /** One certificate as the model sees it. */
  static final class M {
    Hash id;
    Hash root;
    Hash parent = Hash.ZERO;
    Party obligor;
    String holder;
    long face;
    CalendarDate maturity;
    int depth;
    Hash line = Hash.ZERO;
    String invoice;
    S status = S.PENDING;
    S before;
    String counterparty = "";
    CalendarDate until;
    Hash offer = Hash.ZERO;
    boolean recourse;
    long early;

    /** A new state: whatever step was pending ends. */
    void become(S s) {
      status = s;
      counterparty = "";
      offer = Hash.ZERO;
      early = 0;
    }

    String standing(CalendarDate today) {
      S s = status == S.TRANSFER_PENDING && today.isAfter(until) ? S.ACTIVE : status;
      if (LIVE.contains(s) && today.isAfter(maturity)) {
        return maturity.daysUntil(today) >= DEFAULT_DAYS ? "DEFAULTED" : "OVERDUE";
      }
      return s.name();
    }

    M copy() {
      M m = new M();
      m.root = root;
      m.obligor = obligor;
      m.holder = holder;
      m.face = face;
      m.maturity = maturity;
      m.depth = depth;
      m.line = line;
      m.invoice = invoice;
      return m;
    }
  }

  record Line(
      Hash id, String bank, Party obligor, long limit, CalendarDate from, CalendarDate until) {}

  record Inv(String number, Party seller, Party buyer, long amount) {}

  record Offer(
      Hash id, Hash certificate, String bank, int bp, boolean recourse, CalendarDate until) {}

  /** The real chain and the model side by side. */
  static final class Sim {
    final FinanceFixture f = new FinanceFixture();
    final List<M> certificates = new ArrayList<>();
    final Map<Hash, M> byId = new HashMap<>();
    final Map<Hash, Line> lines = new LinkedHashMap<>();
    final Map<Hash, Long> used = new HashMap<>();
    final List<Inv> invoices = new ArrayList<>();
    final Map<String, Long> certified = new HashMap<>();
    final Map<String, Long> financed = new HashMap<>();
    final List<Offer> offers = new ArrayList<>();
    final Map<Hash, List<Hash>> trees = new HashMap<>();
    final Map<Hash, Integer> cursors = new HashMap<>();
    final List<Hash> lineIds = new ArrayList<>();
    int daysMoved;

    Sim() {
      line(f.bank, f.core, 100_000, "2026-05-01", "2027-12-31");
      line(f.bank2, f.core, 40_000, "2026-05-01", f.today().plusDays(60).toString());
      line(f.bank, f.core2, 100_000, "2026-05-01", "2027-12-31");
      invoice("A", f.tier1, f.core, 50_000);
      invoice("B", f.tier1, f.core, 30_000);
      invoice("C", f.tier2, f.core, 20_000);
      invoice("D", f.tier2, f.tier1, 10_000);
    }

    private void line(Party bank, Party obligor, long yuan, String from, String until) {
      Hash id = f.grantLine(bank, obligor, Long.toString(yuan), from, until);
      lines.put(
          id,
          new Line(
              id,
              bank.uscc(),
              obligor,
              yuan * 100,
              CalendarDate.parse("from", from),
              CalendarDate.parse("until", until)));
      used.put(id, 0L);
      lineIds.add(id);
    }

    private void invoice(String number, Party seller, Party buyer, long yuan) {
      f.registerInvoice(seller, number, buyer, Long.toString(yuan));
      invoices.add(new Inv(number, seller, buyer, yuan * 100));
      certified.put(number, 0L);
      financed.put(number, 0L);
    }

    CalendarDate today() {
      return f.today();
    }

    Party party(int i) {
      return f.all.get(i % f.all.size());
    }

    /** The certificate with index {@code i}; past the end, an id that does not exist. */
    Hash certificate(int i) {
      return i < certificates.size() ? certificates.get(i).id : Hash.ZERO;
    }

    boolean isHolder(M c, Party p) {
      return c != null && c.holder.equals(p.uscc());
    }

    boolean isMember(String uscc) {
      return f.all.stream().anyMatch(p -> p.uscc().equals(uscc));
    }

    boolean isBank(String uscc) {
      return f.all.stream()
          .anyMatch(p -> p.uscc().equals(uscc) && p.role() == OrganisationRole.BANK);
    }

    Inv invoiceOf(Party seller, String number) {
      return invoices.stream()
          .filter(i -> i.seller().uscc().equals(seller.uscc()) && i.number().equals(number))
          .findFirst()
          .orElse(null);
    }

    void run(
        String what,
        boolean expected,
        Party p,
        String method,
        java.util.function.Consumer<Outcome.Success> apply,
        Object... args) {
      Map<String, String> before = financeState();
      Outcome o = f.act(p, method, args);
      boolean succeeded = o instanceof Outcome.Success;
      Statistics.label("outcomes").collect(method, succeeded ? "SUCCESS" : "refused");
      assertEquals(
          expected,
          succeeded,
          () ->
              what
                  + " on "
                  + today()
                  + ": the model expected "
                  + (expected ? "success" : "a rejection")
                  + ", the chain answered "
                  + o);
      if (succeeded) {
        apply.accept((Outcome.Success) o);
      } else {
        // A refused decision leaves its prepared call with approvals; finance is unchanged.
        Map<String, String> after = financeState();
        assertTrue(
            before.equals(after),
            () -> what + ": a rejection changes nothing, yet it changed " + changed(before, after));
      }
    }

    Map<String, String> financeState() {
      Map<String, String> out = new java.util.TreeMap<>();
      for (var e : f.chain.state.withPrefix("finance/")) {
        out.put(
            new String(e.getKey(), java.nio.charset.StandardCharsets.US_ASCII),
            io.credence.core.Hex.of(e.getValue()));
      }
      return out;
    }

    static Set<String> changed(Map<String, String> a, Map<String, String> b) {
      Set<String> keys = new java.util.TreeSet<>(a.keySet());
      keys.addAll(b.keySet());
      keys.removeIf(k -> java.util.Objects.equals(a.get(k), b.get(k)));
      return keys;
    }

    static Object[] on(Hash c, Object... more) {
      Object[] args = new Object[2 + more.length];
      args[0] = "certificate";
      args[1] = c.hex();
      System.arraycopy(more, 0, args, 2, more.length);
      return args;
    }

    // The operations.

    void submit(int who, String number, long faceYuan, int days) {
      Party p = party(who);
      Inv inv = invoiceOf(p, number);
      CalendarDate maturity = today().plusDays(days);
      long face = faceYuan * 100;
      boolean ok =
          inv != null
              && inv.buyer().role() == OrganisationRole.CORE_ENTERPRISE
              && face > 0
              && face <= inv.amount() - certified.get(number)
              && days >= 1
              && days <= TENOR_DAYS_MAX;
      run(
          p + " submits " + faceYuan + " on " + number + " due in " + days,
          ok,
          p,
          "submit",
          o -> {
            M m = new M();
            m.id = Hash.parse("id", attribute(o, "CertificateSubmitted", "certificate"));
            m.root = m.id;
            m.obligor = inv.buyer();
            m.holder = p.uscc();
            m.face = face;
            m.maturity = maturity;
            m.invoice = number;
            add(m);
            certified.merge(number, face, Long::sum);
          },
          "invoiceNumber",
          number,
          "face",
          Long.toString(faceYuan),
          "maturity",
          maturity.toString());
    }

    private void add(M m) {
      certificates.add(m);
      byId.put(m.id, m);
    }

    void confirm(int who, int index, int lineIndex) {
      Party p = party(who);
      Hash id = certificate(index);
      Hash lineId = lineIndex < lineIds.size() ? lineIds.get(lineIndex) : Hash.ZERO;
      M c = byId.get(id);
      Line l = lines.get(lineId);
      CalendarDate t = today();
      boolean ok =
          p.role() == OrganisationRole.CORE_ENTERPRISE
              && c != null
              && c.obligor == p
              && c.standing(t).equals("PENDING")
              && l != null
              && l.obligor() == c.obligor
              && !t.isBefore(l.from())
              && !t.isAfter(l.until())
              && c.maturity.isAfter(t)
              && t.daysUntil(c.maturity) <= TENOR_DAYS_MAX
              && used.get(lineId) + c.face <= l.limit();
      run(
          p + " confirms #" + index + " under line " + lineIndex,
          ok,
          p,
          "confirm",
          o -> {
            c.become(S.ACTIVE);
            c.line = lineId;
            used.merge(lineId, c.face, Long::sum);
            trees.computeIfAbsent(c.id, k -> new ArrayList<>()).add(c.id);
          },
          on(id, "line", lineId.hex()));
    }

    void reject(int who, int index) {
      Party p = party(who);
      Hash id = certificate(index);
      M c = byId.get(id);
      boolean ok =
          p.role() == OrganisationRole.CORE_ENTERPRISE
              && c != null
              && c.obligor == p
              && c.status == S.PENDING;
      run(
          p + " rejects #" + index,
          ok,
          p,
          "reject",
          o -> {
            c.become(S.REJECTED);
            certified.merge(c.invoice, -c.face, Long::sum);
          },
          on(id, "reason", "no receipt"));
    }

    void withdraw(int who, int index) {
      Party p = party(who);
      Hash id = certificate(index);
      M c = byId.get(id);
      boolean ok = isHolder(c, p) && c.status == S.PENDING;
      run(
          p + " withdraws #" + index,
          ok,
          p,
          "withdraw",
          o -> {
            c.become(S.WITHDRAWN);
            certified.merge(c.invoice, -c.face, Long::sum);
          },
          on(id));
    }

    void split(int who, int index, int n, boolean exact) {
      Party p = party(who);
      Hash id = certificate(index);
      M c = byId.get(id);
      long face = c == null ? 1_000_00 : c.face;
      List<Long> parts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        parts.add(face / n + (i == 0 ? face % n : 0) + (exact || i > 0 ? 0 : 1));
      }
      boolean ok =
          isHolder(c, p)
              && c.standing(today()).equals("ACTIVE")
              && n >= 2
              && n <= 16
              && parts.stream().allMatch(x -> x > 0)
              && exact
              && c.depth + 1 <= DEPTH_MAX;
      List<String> plain = parts.stream().map(x -> x + "fen").toList();
      run(
          p + " splits #" + index + " into " + plain,
          ok,
          p,
          "split",
          o -> {
            c.become(S.SPLIT);
            String[] ids = attribute(o, "CertificateSplit", "pieces").split(",");
            for (int i = 0; i < ids.length; i++) {
              M piece = c.copy();
              piece.id = Hash.parse("piece", ids[i]);
              piece.parent = c.id;
              piece.face = parts.get(i);
              piece.depth = c.depth + 1;
              piece.become(S.ACTIVE);
              add(piece);
              trees.get(c.root).add(piece.id);
            }
          },
          on(id, "parts", plain));
    }

    void transfer(int who, int index, int to) {
      Party p = party(who);
      Hash id = certificate(index);
      M c = byId.get(id);
      String receiver = to < f.all.size() ? party(to).uscc() : Uscc.complete("91310000000000099");
      boolean ok =
          isHolder(c, p)
              && c.standing(today()).equals("ACTIVE")
              && isMember(receiver)
              && !receiver.equals(p.uscc())
              && c.depth + 1 <= DEPTH_MAX;
      run(
          p + " transfers #" + index + " to " + receiver,
          ok,
          p,
          "transfer",
          o -> {
            c.become(S.TRANSFER_PENDING);
            c.counterparty = receiver;
            CalendarDate until = today().plusDays(ACCEPTANCE_DAYS);
            c.until = until.isAfter(c.maturity) ? c.maturity : until;
          },
          on(id, "to", receiver));
    }

    void answerTransfer(int who, int index, boolean accept) {
      Party p = party(who);
      Hash id = certificate(index);
      M c = byId.get(id);
      boolean ok =
          c != null
              && c.status == S.TRANSFER_PENDING
              && c.counterparty.equals(p.uscc())
              && !today().isAfter(c.until);
      run(
          p + (accept ? " accepts #" : " declines #") + index,
          ok,
          p,
          accept ? "accept" : "decline",
          o -> {
            if (accept) {
              c.holder = p.uscc();
              c.depth++;
            }
            c.become(S.ACTIVE);
          },
          on(id));
    }

    void offer(int who, int index, int bp, boolean recourse, int days) {
      Party p = party(who);
      Hash id = certificate(index);
      M c = byId.get(id);
      CalendarDate until = today().plusDays(days);
      boolean ok =
          p.role() == OrganisationRole.BANK
              && c != null
              && c.standing(today()).equals("ACTIVE")
              && bp <= 3_600
              && !until.isAfter(c.maturity);
      run(
          p + " offers " + bp + "bp on #" + index + " until " + until,
          ok,
          p,
          "offer",
          o ->
              offers.add(
                  new Offer(
                      Hash.parse("offer", attribute(o, "FinancingOffered", "offer")),
                      id,
                      p.uscc(),
                      bp,
                      recourse,
                      until)),
          on(id, "annualCostBp", (long) bp, "recourse", recourse, "validUntil", until.toString()));
    }

    /** The offer index {@code pick} chooses: mostly one for certificate {@code index}. */
    int offerFor(int index, int pick) {
      Hash id = certificate(index);
      List<Integer> fit = new ArrayList<>();
      for (int i = 0; i < offers.size(); i++) {
        if (offers.get(i).certificate().equals(id)) {
          fit.add(i);
        }
      }
      if (pick < 4 && !fit.isEmpty()) {
        return fit.get(pick % fit.size());
      }
      return pick;
    }

    void requestFinancing(int who, int index, int offerIndex) {
      Party p = party(who);
      Hash id = certificate(index);
      M c = byId.get(id);
      Offer offer = offerIndex < offers.size() ? offers.get(offerIndex) : null;
      boolean ok =
          isHolder(c, p)
              && c.standing(today()).equals("ACTIVE")
              && offer != null
              && offer.certificate().equals(id)
              && !today().isAfter(offer.until());
      run(
          p + " requests financing of #" + index + " on offer " + offerIndex,
          ok,
          p,
          "requestFinancing",
          o -> {
            c.become(S.FINANCING_PENDING);
            c.counterparty = offer.bank();
            c.offer = offer.id();
          },
          on(id, "offer", offer == null ? Hash.ZERO.hex() : offer.id().hex()));
    }

    void answerFinancing(int who, int index, boolean approve) {
      Party p = party(who);
      Hash id = certificate(index);
      M c = byId.get(id);
      boolean ok =
          p.role() == OrganisationRole.BANK
              && c != null
              && c.standing(today()).equals("FINANCING_PENDING")
              && c.counterparty.equals(p.uscc());
      if (approve) {
        long days = c == null ? 0 : today().daysUntil(c.maturity);
        run(
            p + " approves the financing of #" + index,
            ok,
            p,
            "approveFinancing",
            o -> {
              Offer offer =
                  offers.stream().filter(x -> x.id().equals(c.offer)).findFirst().orElseThrow();
              // The advance: face less simple interest at the all-in cost, actual/365, half up.
              long discount =
                  BigDecimal.valueOf(c.face)
                      .multiply(BigDecimal.valueOf(offer.bp()))
                      .multiply(BigDecimal.valueOf(days))
                      .divide(BigDecimal.valueOf(3_650_000L), 0, RoundingMode.HALF_UP)
                      .longValueExact();
              assertEquals(
                  Amount.ofFen(c.face - Math.min(c.face, discount)).toString(),
                  attribute(o, "CertificateFinanced", "advance"));
              String seller = c.holder;
              c.become(S.FINANCED);
              c.holder = p.uscc();
              c.counterparty = seller;
              c.recourse = offer.recourse();
              financed.merge(c.invoice, c.face, Long::sum);
            },
            on(id, "registrationNumber", "RG-" + index, "registrationDate", today().toString()));
      } else {
        run(
            p + " declines the financing of #" + index,
            ok,
            p,
            "declineFinancing",
            o -> c.become(S.ACTIVE),
            on(id));
      }
    }

    void pledge(int who, int index, int pledgee) {
      Party p = party(who);
      Hash id = certificate(index);
      M c = byId.get(id);
      Party bank = party(pledgee);
      boolean ok = isHolder(c, p) && c.standing(today()).equals("ACTIVE") && isBank(bank.uscc());
      run(
          p + " pledges #" + index + " to " + bank,
          ok,
          p,
          "pledge",
          o -> {
            c.become(S.PLEDGED);
            c.counterparty = bank.uscc();
          },
          on(id, "pledgee", bank.uscc()));
    }

    void release(int who, int index) {
      Party p = party(who);
      Hash id = certificate(index);
      M c = byId.get(id);
      boolean ok =
          p.role() == OrganisationRole.BANK
              && c != null
              && c.status == S.PLEDGED
              && c.counterparty.equals(p.uscc());
      run(p + " releases #" + index, ok, p, "release", o -> c.become(S.ACTIVE), on(id));
    }

    void freeze(int who, int index, boolean freeze) {
      Party p = party(who);
      Hash id = certificate(index);
      M c = byId.get(id);
      boolean ok =
          p.role() == OrganisationRole.REGULATOR
              && c != null
              && (freeze ? LIVE.contains(c.status) : c.status == S.FROZEN);
      run(
          p + (freeze ? " freezes #" : " unfreezes #") + index,
          ok,
          p,
          freeze ? "freeze" : "unfreeze",
          o -> {
            if (freeze) {
              c.before = c.status;
              c.status = S.FROZEN;
            } else {
              c.status = c.before;
            }
          },
          on(id, "reason", "order 7"));
    }

    void settle(int who, int index) {
      Party p = party(who);
      Hash id = certificate(index);
      M c = byId.get(id);
      boolean ok = false;
      List<M> toPay = new ArrayList<>();
      int end = 0;
      if (p.role() == OrganisationRole.CLEARING
          && c != null
          && !today().isBefore(c.maturity)
          && c.status != S.FROZEN) {
        if (LIVE.contains(c.status)) {
          ok = true;
          toPay.add(c);
        } else if (c.status == S.SPLIT) {
          List<Hash> tree = trees.get(c.root);
          int cursor = cursors.getOrDefault(c.root, 0);
          end = Math.min(tree.size(), cursor + Certificates.SETTLE_VISITS_MAX);
          ok = cursor < tree.size();
          for (int i = cursor; i < end; i++) {
            M piece = byId.get(tree.get(i));
            if (LIVE.contains(piece.status)) {
              toPay.add(piece);
            }
          }
        }
      }
      int walked = end;
      run(
          p + " settles #" + index,
          ok,
          p,
          "settle",
          o -> {
            toPay.forEach(this::pay);
            if (c.status == S.SPLIT) {
              cursors.put(c.root, walked);
            }
          },
          on(id));
    }

    private void pay(M c) {
      c.become(S.SETTLED);
      used.merge(c.line, -c.face, Long::sum);
    }

    void offerEarlyPayment(int who, int index, int delta) {
      Party p = party(who);
      Hash id = certificate(index);
      M c = byId.get(id);
      long amount = c == null ? 100 : Math.max(0, c.face + delta);
      boolean ok =
          p.role() == OrganisationRole.CORE_ENTERPRISE
              && c != null
              && c.obligor == p
              && c.standing(today()).equals("ACTIVE")
              && amount > 0
              && amount <= c.face;
      run(
          p + " offers to pay #" + index + " early: " + amount + " fen",
          ok,
          p,
          "offerEarlyPayment",
          o -> c.early = amount,
          on(id, "amount", amount + "fen"));
    }

    void acceptEarlyPayment(int who, int index) {
      Party p = party(who);
      Hash id = certificate(index);
      M c = byId.get(id);
      boolean ok = isHolder(c, p) && c.standing(today()).equals("ACTIVE") && c.early > 0;
      run(
          p + " takes early payment of #" + index,
          ok,
          p,
          "acceptEarlyPayment",
          o -> pay(c),
          on(id));
    }

    void recourse(int who, int index) {
      Party p = party(who);
      Hash id = certificate(index);
      M c = byId.get(id);
      boolean ok =
          p.role() == OrganisationRole.BANK
              && isHolder(c, p)
              && c.status == S.FINANCED
              && !c.standing(today()).equals("FINANCED")
              && c.recourse;
      run(
          p + " takes recourse on #" + index,
          ok,
          p,
          "recourse",
          o -> c.become(S.RECOURSED),
          on(id));
    }

    void writeOff(int who, int index) {
      Party p = party(who);
      Hash id = certificate(index);
      M c = byId.get(id);
      boolean ok = isHolder(c, p) && c.standing(today()).equals("DEFAULTED");
      run(p + " writes off #" + index, ok, p, "writeOff", o -> c.become(S.WRITTEN_OFF), on(id));
    }

    void advance(int days) {
      f.advanceDays(days);
      daysMoved += days;
    }

    /** The stored name of a model state: the model's PENDING is PENDING_CONFIRM. */
    static String real(String model) {
      return model.equals("PENDING") ? "PENDING_CONFIRM" : model;
    }

    /** The stored state agrees with the model, and the invariants hold on it. */
    void check() {
      List<String> violations = CertificateInvariants.violations(f.chain.state);
      assertEquals(List.of(), violations, "invariants on " + today());
      assertEquals(
          certificates.size(),
          CertificateInvariants.certificates(f.chain.state).size(),
          "certificates stored");
      for (int i = 0; i < certificates.size(); i++) {
        M m = certificates.get(i);
        Certificate c = f.certificate(m.id);
        String name = "#" + i + " " + m.id.abbreviated();
        assertEquals(real(m.status.name()), c.status().name(), name + " status");
        assertEquals(real(m.standing(today())), f.standing(m.id), name + " standing");
        assertEquals(m.holder, c.holder(), name + " holder");
        assertEquals(m.face, c.face().fen(), name + " face");
        assertEquals(m.depth, c.depth(), name + " depth");
        assertEquals(m.parent, c.parent(), name + " parent");
        assertEquals(m.root, c.root(), name + " root");
        assertEquals(m.obligor.uscc(), c.obligor(), name + " obligor");
        assertEquals(m.maturity, c.maturity(), name + " maturity");
        assertEquals(m.line, c.line(), name + " line");
        assertEquals(m.early, c.earlyPayment().fen(), name + " early payment");
        S waiting = m.status == S.FROZEN ? m.before : m.status;
        if (waiting == S.TRANSFER_PENDING
            || waiting == S.FINANCING_PENDING
            || waiting == S.PLEDGED
            || waiting == S.FINANCED) {
          assertEquals(m.counterparty, c.counterparty(), name + " counterparty");
        }
        if (waiting == S.TRANSFER_PENDING) {
          assertEquals(m.until, c.until(), name + " until");
        }
      }
      for (Hash id : lineIds) {
        assertEquals(
            (long) used.get(id), f.line(id).used().fen(), "line " + id.abbreviated() + " used");
      }
      for (Inv i : invoices) {
        Invoice real = f.invoice(i.seller(), i.number());
        assertEquals(
            (long) certified.get(i.number()), real.certified().fen(), i.number() + " certified");
        assertEquals(
            (long) financed.get(i.number()), real.financed().fen(), i.number() + " financed");
      }
    }
  }

  // The actions: each picks parties and certificates by index, so a shrunk chain still resolves.
  // Mostly a certificate in a state the operation applies to and the party that may do it;
  // sometimes any certificate (or none) and anyone, the wrong ones included.

  private static Arbitrary<Integer> anyone() {
    return Arbitraries.integers().between(0, 7);
  }

  private static Arbitrary<Integer> one(Integer... likely) {
    return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(likely)), Tuple.of(1, anyone()));
  }

  private static final Integer[] SUPPLIERS = {2, 3};
  private static final Integer[] BANKS = {4, 5};

  private static Arbitrary<Integer> which(Sim s, java.util.function.Predicate<M> useful) {
    List<Integer> fit = new ArrayList<>();
    for (int i = 0; i < s.certificates.size(); i++) {
      if (useful.test(s.certificates.get(i))) {
        fit.add(i);
      }
    }
    Arbitrary<Integer> any = Arbitraries.integers().between(0, s.certificates.size());
    return fit.isEmpty()
        ? any
        : Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.of(fit)), Tuple.of(1, any));
  }

  /** Who acts on certificate {@code index}: mostly {@code right} of it, else anyone. */
  private static Arbitrary<Integer> by(
      Sim s, int index, java.util.function.Function<M, String> right, Integer... likely) {
    Arbitrary<Integer> fallback = likely.length == 0 ? anyone() : one(likely);
    if (index >= s.certificates.size()) {
      return fallback;
    }
    String uscc = right.apply(s.certificates.get(index));
    for (int i = 0; i < s.f.all.size(); i++) {
      if (s.f.all.get(i).uscc().equals(uscc)) {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(i)), Tuple.of(1, fallback));
      }
    }
    return fallback;
  }

  /** An operation on one certificate: {@code make(party, certificate)} gives its transformer. */
  private static Action.Dependent<Sim> on(
      java.util.function.Predicate<M> useful,
      java.util.function.Function<M, String> right,
      Integer[] likely,
      java.util.function.BiFunction<Integer, Integer, Arbitrary<Transformer<Sim>>> make) {
    return s ->
        which(s, useful).flatMap(c -> by(s, c, right, likely).flatMap(p -> make.apply(p, c)));
  }

  private static Transformer<Sim> does(String what, java.util.function.Consumer<Sim> step) {
    return Transformer.mutate(what, step);
  }

  private static Arbitrary<Transformer<Sim>> just(
      String what, java.util.function.Consumer<Sim> step) {
    return Arbitraries.just(does(what, step));
  }

  private static boolean is(M c, S... states) {
    return java.util.Arrays.asList(states).contains(c.status);
  }

  private static final Integer[] NONE = {};

  @Provide
  Arbitrary<ActionChain<Sim>> chains() {
    Action.Dependent<Sim> submit =
        s ->
            Arbitraries.frequencyOf(
                    Tuple.of(
                        4,
                        Arbitraries.of(
                            Tuple.of(2, "A"),
                            Tuple.of(2, "B"),
                            Tuple.of(3, "C"),
                            Tuple.of(3, "D"))),
                    Tuple.of(
                        1,
                        Combinators.combine(anyone(), Arbitraries.of("A", "C", "E")).as(Tuple::of)))
                .flatMap(
                    pn ->
                        Combinators.combine(
                                Arbitraries.frequencyOf(
                                    Tuple.of(6, Arbitraries.of(5_000L, 10_000L, 20_000L)),
                                    Tuple.of(1, Arbitraries.of(0L, 60_000L))),
                                Arbitraries.frequencyOf(
                                    Tuple.of(6, Arbitraries.of(30, 90, 150)),
                                    Tuple.of(1, Arbitraries.of(0, 181))))
                            .as(
                                (face, days) ->
                                    does(
                                        "submit " + pn.get1() + " " + pn.get2() + " " + face + " "
                                            + days,
                                        x -> x.submit(pn.get1(), pn.get2(), face, days))));
    return ActionChain.startWith(Sim::new)
        .withAction(5, submit)
        .withAction(
            3,
            on(
                c -> is(c, S.PENDING),
                c -> c.obligor.uscc(),
                NONE,
                (p, c) ->
                    Arbitraries.of(0, 0, 0, 0, 1, 2, 3)
                        .map(
                            l ->
                                does("confirm " + p + " " + c + " " + l, x -> x.confirm(p, c, l)))))
        .withAction(
            on(
                c -> is(c, S.PENDING),
                c -> c.obligor.uscc(),
                NONE,
                (p, c) -> just("reject " + p + " " + c, x -> x.reject(p, c))))
        .withAction(
            on(
                c -> is(c, S.PENDING),
                c -> c.holder,
                NONE,
                (p, c) -> just("withdraw " + p + " " + c, x -> x.withdraw(p, c))))
        .withAction(
            3,
            on(
                c -> is(c, S.ACTIVE),
                c -> c.holder,
                SUPPLIERS,
                (p, c) ->
                    Combinators.combine(
                            Arbitraries.integers().between(1, 4),
                            Arbitraries.of(true, true, true, false))
                        .as(
                            (n, exact) ->
                                does(
                                    "split " + p + " " + c + " " + n + " " + exact,
                                    x -> x.split(p, c, n, exact)))))
        .withAction(
            3,
            on(
                c -> is(c, S.ACTIVE),
                c -> c.holder,
                SUPPLIERS,
                (p, c) ->
                    Arbitraries.integers()
                        .between(0, 8)
                        .map(
                            to ->
                                does(
                                    "transfer " + p + " " + c + " " + to,
                                    x -> x.transfer(p, c, to)))))
        .withAction(
            3,
            on(
                c -> is(c, S.TRANSFER_PENDING),
                c -> c.counterparty,
                NONE,
                (p, c) ->
                    Arbitraries.of(true, true, false)
                        .map(
                            yes ->
                                does(
                                    (yes ? "accept " : "decline ") + p + " " + c,
                                    x -> x.answerTransfer(p, c, yes)))))
        .withAction(
            3,
            on(
                c -> is(c, S.ACTIVE),
                c -> "",
                BANKS,
                (p, c) ->
                    Combinators.combine(
                            Arbitraries.of(500, 1_200, 0, 3_601),
                            Arbitraries.of(true, false),
                            Arbitraries.of(10, 30, 0, 200))
                        .as(
                            (bp, recourse, days) ->
                                does(
                                    "offer " + p + " " + c + " " + bp + " " + recourse + " " + days,
                                    x -> x.offer(p, c, bp, recourse, days)))))
        .withAction(
            3,
            on(
                c -> is(c, S.ACTIVE),
                c -> c.holder,
                SUPPLIERS,
                (p, c) ->
                    Arbitraries.integers()
                        .between(0, 6)
                        .map(
                            o ->
                                does(
                                    "requestFinancing " + p + " " + c + " " + o,
                                    x -> x.requestFinancing(p, c, x.offerFor(c, o))))))
        .withAction(
            3,
            on(
                c -> is(c, S.FINANCING_PENDING),
                c -> c.counterparty,
                BANKS,
                (p, c) ->
                    Arbitraries.of(true, true, false)
                        .map(
                            yes ->
                                does(
                                    (yes ? "approveFinancing " : "declineFinancing ") + p + " " + c,
                                    x -> x.answerFinancing(p, c, yes)))))
        .withAction(
            on(
                c -> is(c, S.ACTIVE),
                c -> c.holder,
                SUPPLIERS,
                (p, c) ->
                    one(BANKS)
                        .map(b -> does("pledge " + p + " " + c + " " + b, x -> x.pledge(p, c, b)))))
        .withAction(
            on(
                c -> is(c, S.PLEDGED),
                c -> c.counterparty,
                BANKS,
                (p, c) -> just("release " + p + " " + c, x -> x.release(p, c))))
        .withAction(
            2,
            on(
                c -> LIVE.contains(c.status) || c.status == S.FROZEN,
                c -> "",
                new Integer[] {7},
                (p, c) ->
                    Arbitraries.of(true, false)
                        .map(
                            yes ->
                                does(
                                    (yes ? "freeze " : "unfreeze ") + p + " " + c,
                                    x -> x.freeze(p, c, yes)))))
        .withAction(
            3,
            on(
                c -> LIVE.contains(c.status) || c.status == S.SPLIT,
                c -> "",
                new Integer[] {6},
                (p, c) -> just("settle " + p + " " + c, x -> x.settle(p, c))))
        .withAction(
            on(
                c -> is(c, S.ACTIVE),
                c -> c.obligor.uscc(),
                NONE,
                (p, c) ->
                    Arbitraries.of(-10_000, -1, 0, 1)
                        .map(
                            d ->
                                does(
                                    "offerEarlyPayment " + p + " " + c + " " + d,
                                    x -> x.offerEarlyPayment(p, c, d)))))
        .withAction(
            on(
                c -> c.early > 0,
                c -> c.holder,
                NONE,
                (p, c) ->
                    just("acceptEarlyPayment " + p + " " + c, x -> x.acceptEarlyPayment(p, c))))
        .withAction(
            on(
                c -> is(c, S.FINANCED),
                c -> c.holder,
                BANKS,
                (p, c) -> just("recourse " + p + " " + c, x -> x.recourse(p, c))))
        .withAction(
            on(
                c -> LIVE.contains(c.status),
                c -> c.holder,
                NONE,
                (p, c) -> just("writeOff " + p + " " + c, x -> x.writeOff(p, c))))
        .withAction(
            3,
            (Action.Dependent<Sim>)
                s ->
                    Arbitraries.of(1, 3, 7, 8, 30, 60, 91)
                        .map(
                            d ->
                                does(
                                    "advance " + d + " days",
                                    x -> {
                                      if (x.daysMoved + d <= 400) {
                                        x.advance(d);
                                      }
                                    })))
        .withMaxTransformations(40);
  }

  @Property(tries = 100)
  void everySequence_agreesWithTheModel_andKeepsTheInvariants(
      @ForAll("chains") ActionChain<Sim> chain) {
    chain.withInvariant("model and invariants", Sim::check).run();
  }

  // The oracle bites: the checker reports a planted violation.

  private static Sim withASplitCertificate() {
    Sim s = new Sim();
    s.submit(2, "A", 30_000, 90);
    s.confirm(0, 0, 0);
    s.split(2, 0, 2, true);
    s.check();
    return s;
  }

  @Example
  void invariants_reportAPieceWithTheWrongFace() {
    Sim s = withASplitCertificate();
    Certificate piece = s.f.certificate(s.certificates.get(1).id);
    Ledger.put(s.f.chain.state, piece.change().face(piece.face().plus(Amount.ofFen(1))).done());
    List<String> v = CertificateInvariants.violations(s.f.chain.state);
    assertTrue(v.stream().anyMatch(x -> x.startsWith("1 conservation")), v::toString);
  }

  @Example
  void invariants_reportALineUsedOffByOne() {
    Sim s = withASplitCertificate();
    Hash id = s.lineIds.get(0);
    CreditLine l = s.f.line(id);
    s.f.chain.state.put(
        Finance.lineKey(id), CreditLine.CODEC.encode(l.withUsed(l.used().plus(Amount.ofFen(1)))));
    List<String> v = CertificateInvariants.violations(s.f.chain.state);
    assertTrue(v.stream().anyMatch(x -> x.startsWith("4 line")), v::toString);
  }

  @Example
  void invariants_reportAPieceWithAnotherMaturity_andTooDeep() {
    Sim s = withASplitCertificate();
    Certificate piece = s.f.certificate(s.certificates.get(2).id);
    Certificate wrong =
        new Certificate(
            piece.id(),
            piece.root(),
            piece.parent(),
            piece.obligor(),
            piece.seller(),
            piece.holder(),
            piece.face(),
            piece.issued(),
            piece.maturity().plusDays(1),
            Rules.DEFAULTS.depthMax() + 1,
            piece.line(),
            piece.invoice(),
            piece.status(),
            piece.beforeFreeze(),
            piece.counterparty(),
            piece.until(),
            piece.offer(),
            piece.recourse(),
            piece.earlyPayment());
    Ledger.put(s.f.chain.state, wrong);
    List<String> v = CertificateInvariants.violations(s.f.chain.state);
    assertTrue(v.stream().anyMatch(x -> x.contains("differs from its parent")), v::toString);
    assertTrue(v.stream().anyMatch(x -> x.contains("> depthMax")), v::toString);
  }

  @Example
  void invariants_reportAnInvoiceCertifiedOverItsAmount() {
    Sim s = withASplitCertificate();
    Invoice i = s.f.invoice(s.f.tier1, "A");
    Ledger.put(s.f.chain.state, i.withCertified(i.amount().plus(Amount.ofFen(1)), i.uses()));
    List<String> v = CertificateInvariants.violations(s.f.chain.state);
    assertTrue(v.stream().anyMatch(x -> x.startsWith("5 invoice A")), v::toString);
  }

  @Example
  void theModel_catchesAChainThatDisagrees() {
    Sim s = withASplitCertificate();
    // Plant a holder change the model never saw: the agreement check must fail.
    Certificate piece = s.f.certificate(s.certificates.get(1).id);
    Ledger.put(s.f.chain.state, piece.change().holder(s.f.tier2.uscc()).done());
    AssertionErrorCatcher.assertFails(s::check, "holder");
  }

  /** Asserts that {@code r} fails with a message containing {@code text}. */
  static final class AssertionErrorCatcher {
    static void assertFails(Runnable r, String text) {
      try {
        r.run();
      } catch (AssertionError e) {
        assertTrue(e.getMessage().contains(text), e::getMessage);
        return;
      }
      throw new AssertionError("expected the check to fail on " + text);
    }
  }
}
