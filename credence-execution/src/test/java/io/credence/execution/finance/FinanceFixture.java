package io.credence.execution.finance;

import static io.credence.execution.TestChain.code;

import io.credence.core.Amount;
import io.credence.core.CalendarDate;
import io.credence.core.Event;
import io.credence.core.Hash;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.genesis.Uscc;
import io.credence.execution.Outcome;
import io.credence.execution.TestChain;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every party of a supply-chain-finance story on one in-memory chain, each with KYC valid: the core
 * enterprise (the convenor), a second core enterprise, a tier-1 and a tier-2 supplier, two banks,
 * the clearing institution and the regulator. Every organisation has an OPERATOR; the core
 * enterprises and the banks also an APPROVER, for their maker-checker decisions.
 */
final class FinanceFixture {
  /** An organisation with its admin, operator and (for maker-checker) approver accounts. */
  record Party(
      String name,
      String uscc,
      OrganisationRole role,
      KeyPair admin,
      KeyPair operator,
      KeyPair approver) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The methods an OPERATOR only prepares and an APPROVER of the same organisation approves. */
  static final Set<String> MAKER_CHECKER =
      Set.of("grantLine", "changeLine", "closeLine", "confirm", "offer", "approveFinancing");

  /** The last day every party's KYC is valid. */
  static final String KYC_UNTIL = "2029-12-31";

  final TestChain chain;
  final Party core;
  final Party core2;
  final Party tier1;
  final Party tier2;
  final Party bank;
  final Party bank2;
  final Party clearing;
  final Party regulator;
  final List<Party> all;

  FinanceFixture() {
    CryptoSuite suite = CryptoSuite.named("standard");
    SecureRandom random = new SecureRandom(new byte[] {7});
    String[][] specs = {
      {"Core", "91310000000000011", "CORE_ENTERPRISE"},
      {"Core2", "91310000000000012", "CORE_ENTERPRISE"},
      {"Tier1", "91310000000000013", "SUPPLIER"},
      {"Tier2", "91310000000000014", "SUPPLIER"},
      {"Bank", "91310000000000015", "BANK"},
      {"Bank2", "91310000000000016", "BANK"},
      {"Clearing", "91310000000000017", "CLEARING"},
      {"Regulator", "91310000000000018", "REGULATOR"}
    };
    List<KeyPair> admins = new ArrayList<>();
    List<Genesis.Organisation> organisations = new ArrayList<>();
    for (String[] s : specs) {
      KeyPair admin = suite.generate(random);
      admins.add(admin);
      organisations.add(
          new Genesis.Organisation(
              s[0], Uscc.complete(s[1]), OrganisationRole.valueOf(s[2]), admin.publicKey()));
    }
    chain = new TestChain(organisations);
    List<Party> parties = new ArrayList<>();
    for (int i = 0; i < specs.length; i++) {
      Genesis.Organisation o = organisations.get(i);
      boolean decides =
          o.role() == OrganisationRole.BANK || o.role() == OrganisationRole.CORE_ENTERPRISE;
      KeyPair admin = admins.get(i);
      parties.add(
          new Party(
              o.name(),
              o.uscc(),
              o.role(),
              admin,
              chain.registered(admin, "OPERATOR"),
              decides ? chain.registered(admin, "APPROVER") : null));
    }
    all = List.copyOf(parties);
    core = all.get(0);
    core2 = all.get(1);
    tier1 = all.get(2);
    tier2 = all.get(3);
    bank = all.get(4);
    bank2 = all.get(5);
    clearing = all.get(6);
    regulator = all.get(7);
    for (Party p : all) {
      expectSuccess(
          chain.call(
              core.admin,
              "identity",
              "setKyc",
              "organisation",
              p.uscc,
              "status",
              "VERIFIED",
              "validUntil",
              KYC_UNTIL));
    }
  }

  private FinanceFixture(FinanceFixture base) {
    chain = base.chain.copy();
    all = base.all;
    core = base.core;
    core2 = base.core2;
    tier1 = base.tier1;
    tier2 = base.tier2;
    bank = base.bank;
    bank2 = base.bank2;
    clearing = base.clearing;
    regulator = base.regulator;
  }

  /** The same parties on a copy of this chain: what this one has done, without the cost. */
  FinanceFixture copy() {
    return new FinanceFixture(this);
  }

  /**
   * {@code p} calls {@code finance.method}: by its operator, and for a maker-checker method
   * prepared by its operator and approved by its approver (the approval's outcome, or the
   * preparation's if that was refused).
   */
  Outcome act(Party p, String method, Object... args) {
    if (MAKER_CHECKER.contains(method) && p.approver != null) {
      Hash id = chain.nextTransaction();
      Outcome prepared = chain.call(p.operator, "finance", method, args);
      if (!(prepared instanceof Outcome.Success)) {
        return prepared;
      }
      return chain.call(p.approver, "approvals", "approve", "id", id.hex());
    }
    return chain.call(p.operator, "finance", method, args);
  }

  static Outcome expectSuccess(Outcome o) {
    if (!(o instanceof Outcome.Success)) {
      throw new AssertionError("expected SUCCESS, found " + o);
    }
    return o;
  }

  /** The attribute {@code name} of the first event {@code event} of a successful outcome. */
  static String attribute(Outcome o, String event, String name) {
    return ((Outcome.Success) expectSuccess(o))
        .events().stream()
            .filter(e -> e.name().equals(event))
            .map(Event::attributes)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no event " + event + " in " + o))
            .get(name);
  }

  Hash grantLine(Party bank, Party obligor, String limit, String from, String until) {
    Outcome o =
        act(
            bank,
            "grantLine",
            "obligor",
            obligor.uscc,
            "limit",
            limit,
            "validFrom",
            from,
            "validUntil",
            until);
    return Hash.parse("line", attribute(o, "LineGranted", "line"));
  }

  void registerInvoice(Party seller, String number, Party buyer, String amount) {
    expectSuccess(
        act(
            seller,
            "registerInvoice",
            "number",
            number,
            "buyer",
            buyer.uscc,
            "amount",
            amount,
            "issued",
            chain.today().toString(),
            "document",
            Hash.of(Arrays.copyOf(number.getBytes(), Hash.LENGTH)).hex()));
  }

  Outcome submitting(Party seller, String number, String face, CalendarDate maturity) {
    return act(
        seller, "submit", "invoiceNumber", number, "face", face, "maturity", maturity.toString());
  }

  Hash submit(Party seller, String number, String face, CalendarDate maturity) {
    return Hash.parse(
        "certificate",
        attribute(
            submitting(seller, number, face, maturity), "CertificateSubmitted", "certificate"));
  }

  void confirm(Hash certificate, Hash line) {
    expectSuccess(act(core, "confirm", "certificate", certificate.hex(), "line", line.hex()));
  }

  /** Submits and confirms a certificate of {@code seller} on its invoice {@code number}. */
  Hash issue(Party seller, String number, String face, CalendarDate maturity, Hash line) {
    Hash id = submit(seller, number, face, maturity);
    confirm(id, line);
    return id;
  }

  List<Hash> split(Party holder, Hash certificate, String... parts) {
    Outcome o =
        act(holder, "split", "certificate", certificate.hex(), "parts", Arrays.asList(parts));
    List<Hash> out = new ArrayList<>();
    for (String h : attribute(o, "CertificateSplit", "pieces").split(",")) {
      out.add(Hash.parse("piece", h));
    }
    return out;
  }

  Hash offer(Party bank, Hash certificate, long bp, boolean recourse, CalendarDate until) {
    Outcome o =
        act(
            bank,
            "offer",
            "certificate",
            certificate.hex(),
            "annualCostBp",
            bp,
            "recourse",
            recourse,
            "validUntil",
            until.toString());
    return Hash.parse("offer", attribute(o, "FinancingOffered", "offer"));
  }

  /** The stored certificate. */
  Certificate certificate(Hash id) {
    return Ledger.certificate(chain.state, id).orElseThrow();
  }

  CreditLine line(Hash id) {
    return Finance.line(chain.state, id).orElseThrow();
  }

  Invoice invoice(Party seller, String number) {
    return Ledger.invoice(
            chain.state, new Certificates(chain.suite).invoiceKey(seller.uscc, number))
        .orElseThrow();
  }

  /** The answer of {@code finance.certificate} today. */
  @SuppressWarnings("unchecked")
  Map<String, Object> query(Hash certificate) {
    return (Map<String, Object>)
        chain
            .runtime
            .query(
                "finance",
                "certificate",
                Map.of("certificate", certificate.hex()),
                chain.state,
                chain.height(),
                chain.today())
            .plain();
  }

  String standing(Hash certificate) {
    return (String) query(certificate).get("status");
  }

  void advanceDays(long days) {
    chain.timestampMillis += days * 86_400_000L;
  }

  CalendarDate today() {
    return chain.today();
  }

  static Amount yuan(String text) {
    return Amount.parse("amount", text);
  }

  static boolean succeeded(Outcome o) {
    return "SUCCESS".equals(code(o));
  }
}
