package io.credence.execution.finance;

import io.credence.core.Amount;
import io.credence.core.CalendarDate;
import io.credence.core.Hash;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.types.Param;
import io.credence.core.types.Type;
import io.credence.core.types.Types;
import io.credence.core.types.Values;
import io.credence.execution.Access;
import io.credence.execution.Contract;
import io.credence.execution.ContractState;
import io.credence.execution.Invocation;
import io.credence.execution.Method;
import io.credence.execution.Outcome;
import io.credence.execution.Query;
import io.credence.execution.identity.AccountRole;
import io.credence.execution.identity.IdentityRegistry;
import io.credence.execution.identity.Organisation;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Supply-chain finance (DOMAIN.md): banks' credit lines to core enterprises, the invoice registry
 * and trade documents, and receivable certificates from submission to settlement ({@link
 * Certificates} holds their handlers). Every bank or core-enterprise decision is maker-checker: an
 * OPERATOR prepares it, an APPROVER of the same organisation approves it, and the organisation's
 * KYC must be valid.
 */
public final class Finance implements Contract {
  public static final String NAME = "finance";

  /** A credit line is valid for at most this many days. */
  public static final int LINE_DAYS_MAX = 3_660;

  public static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";
  public static final String NOT_A_CORE_ENTERPRISE = "NOT_A_CORE_ENTERPRISE";
  public static final String LINE_NOT_FOUND = "LINE_NOT_FOUND";
  public static final String NOT_THE_LINES_BANK = "NOT_THE_LINES_BANK";
  public static final String LINE_CLOSED = "LINE_CLOSED";
  public static final String LIMIT_BELOW_USED = "LIMIT_BELOW_USED";
  public static final String NOT_A_MEMBER = "NOT_A_MEMBER";
  public static final String NOT_A_BANK = "NOT_A_BANK";
  public static final String DUPLICATE_INVOICE = "DUPLICATE_INVOICE";
  public static final String DUPLICATE_DOCUMENT = "DUPLICATE_DOCUMENT";
  public static final String INVOICE_NOT_FOUND = "INVOICE_NOT_FOUND";
  public static final String OVER_THE_INVOICE = "OVER_THE_INVOICE";
  public static final String OVER_FINANCED = "OVER_FINANCED";
  public static final String TENOR_TOO_LONG = "TENOR_TOO_LONG";
  public static final String CERTIFICATE_NOT_FOUND = "CERTIFICATE_NOT_FOUND";
  public static final String NOT_THE_HOLDER = "NOT_THE_HOLDER";
  public static final String NOT_THE_OBLIGOR = "NOT_THE_OBLIGOR";
  public static final String NOT_THE_RECEIVER = "NOT_THE_RECEIVER";
  public static final String NOT_THE_BANK = "NOT_THE_BANK";
  public static final String NOT_THE_PLEDGEE = "NOT_THE_PLEDGEE";
  public static final String WRONG_STATE = "WRONG_STATE";
  public static final String WRONG_LINE = "WRONG_LINE";
  public static final String LINE_EXPIRED = "LINE_EXPIRED";
  public static final String OVER_THE_LINE = "OVER_THE_LINE";
  public static final String PARTS_DO_NOT_ADD_UP = "PARTS_DO_NOT_ADD_UP";
  public static final String DEPTH_TOO_DEEP = "DEPTH_TOO_DEEP";
  public static final String TRANSFER_EXPIRED = "TRANSFER_EXPIRED";
  public static final String CERTIFICATE_PLEDGED = "CERTIFICATE_PLEDGED";
  public static final String CERTIFICATE_FROZEN = "CERTIFICATE_FROZEN";
  public static final String PAST_MATURITY = "PAST_MATURITY";
  public static final String OFFER_NOT_FOUND = "OFFER_NOT_FOUND";
  public static final String OFFER_EXPIRED = "OFFER_EXPIRED";
  public static final String NOT_DUE = "NOT_DUE";
  public static final String NOTHING_TO_SETTLE = "NOTHING_TO_SETTLE";
  public static final String NO_EARLY_PAYMENT = "NO_EARLY_PAYMENT";
  public static final String NO_RECOURSE = "NO_RECOURSE";
  public static final String AMOUNT_OVERFLOW = "AMOUNT_OVERFLOW";
  public static final String RECEIVE_EVENT_NOT_FOUND = "RECEIVE_EVENT_NOT_FOUND";
  public static final String NOT_A_RECEIPT = "NOT_A_RECEIPT";
  public static final String TRADE_NOT_BACKED = "TRADE_NOT_BACKED";

  static final Param<String> OBLIGOR =
      Param.text("obligor", 18, "the core enterprise's USCC (the one who will pay)");
  static final Param<Amount> LIMIT = Param.amount("limit", "the most the line may have in use");
  static final Param<CalendarDate> VALID_FROM =
      Param.date("validFrom", "the first day certificates may be issued under it");
  static final Param<CalendarDate> VALID_UNTIL =
      Param.date("validUntil", "the last day certificates may be issued under it");
  static final Param<Hash> LINE = Param.hash("line", "the credit line's id");
  static final Param<String> NUMBER =
      Param.text("number", Invoice.NUMBER_BYTES_MAX, "the invoice's number, as printed on it");
  static final Param<String> BUYER = Param.text("buyer", 18, "the buyer's USCC");
  static final Param<Amount> AMOUNT = Param.amount("amount", "the amount");
  static final Param<CalendarDate> ISSUED = Param.date("issued", "the day it was issued");
  static final Param<Hash> DOCUMENT =
      Param.hash("document", "the hash of the document's file (the file stays off chain)");
  static final Param<TradeDocument.Kind> KIND =
      Param.choice("kind", TradeDocument.Kind.class, "what the document is");
  static final Param<String> COUNTERPARTY =
      Param.text("counterparty", 18, "the other party's USCC");
  static final Param<String> INVOICE_NUMBER =
      Param.text(
          "invoiceNumber", Invoice.NUMBER_BYTES_MAX, "the seller's invoice number (may be empty)");
  static final Param<Amount> FACE = Param.amount("face", "what the obligor will pay at maturity");
  static final Param<CalendarDate> MATURITY = Param.date("maturity", "the day it is paid");
  static final Param<Hash> CERTIFICATE = Param.hash("certificate", "the certificate's id");
  static final Param<String> REASON =
      Param.text("reason", Certificates.REASON_BYTES_MAX, "why, in plain words");
  static final Param<List<Amount>> PARTS =
      Param.list(
          "parts",
          Param.amount("part", "a piece's face"),
          Certificates.SPLIT_PARTS_MAX,
          "the pieces' faces, adding up to the certificate's face");
  static final Param<String> TO = Param.text("to", 18, "the receiver's USCC");
  static final Param<Long> ANNUAL_COST_BP =
      Param.u64(
          "annualCostBp",
          "the supplier's all-in annual cost in basis points (discount rate plus every fee)");
  static final Param<Boolean> RECOURSE =
      Param.bool("recourse", "whether the bank may turn to the seller if the obligor does not pay");
  static final Param<Hash> OFFER = Param.hash("offer", "the financing offer's id");
  static final Param<Long> RECEIVE_EVENT =
      Param.u64(
              "receiveEvent",
              "a goods receipt's traceability event: the buyer's receiving of the goods the seller"
                  + " shipped (0, the default: none)")
          .withDefault(0L);
  static final Param<Boolean> TRADE_BACKED_ONLY =
      Param.bool(
              "tradeBackedOnly",
              "finance only if a goods receipt backs the certificate's invoice with the buyer's"
                  + " receiving event (default false)")
          .withDefault(false);
  static final Param<String> REGISTRATION_NUMBER =
      Param.text(
          "registrationNumber",
          Financing.REGISTRATION_NUMBER_BYTES_MAX,
          "the financing's number in the movable-property financing registry");
  static final Param<CalendarDate> REGISTRATION_DATE =
      Param.date("registrationDate", "the day the financing was registered there");
  static final Param<String> PLEDGEE = Param.text("pledgee", 18, "the pledgee bank's USCC");
  static final Param<String> SELLER = Param.text("seller", 18, "the seller's USCC");

  /** The answer of {@code finance.line}. */
  public static final Type LINE_ANSWER =
      Types.record(
          LINE.field(),
          Param.text("bank", 18, "").field(),
          OBLIGOR.field(),
          LIMIT.field(),
          Param.amount("used", "").field(),
          Param.amount("available", "").field(),
          VALID_FROM.field(),
          VALID_UNTIL.field(),
          Param.choice("status", CreditLine.Status.class, "").field());

  private final Certificates certificates;

  public Finance(CryptoSuite suite) {
    this.certificates = new Certificates(suite);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "Supply-chain finance: credit lines, invoices and receivable certificates";
  }

  @Override
  public void initialise(Genesis genesis, ContractState state) {
    state.put(Ledger.rulesKey(), Rules.CODEC.encode(Rules.DEFAULTS));
  }

  private static Access bankDecision() {
    return Access.makerChecker().in(OrganisationRole.BANK).withKyc();
  }

  private static Access coreDecision() {
    return Access.makerChecker().in(OrganisationRole.CORE_ENTERPRISE).withKyc();
  }

  /** Staff acting for their organisation (ADMIN or OPERATOR), KYC valid. */
  private static Access staff() {
    return Access.role(AccountRole.ADMIN, AccountRole.OPERATOR).withKyc();
  }

  private static Access staffOf(OrganisationRole role) {
    return Access.role(AccountRole.ADMIN, AccountRole.OPERATOR).in(role).withKyc();
  }

  @Override
  public List<Method> methods() {
    return List.of(
        Method.named("grantLine")
            .doc("A bank grants a core enterprise a credit line (maker-checker)")
            .args(OBLIGOR, LIMIT, VALID_FROM, VALID_UNTIL)
            .access(bankDecision())
            .handle(this::grantLine),
        Method.named("changeLine")
            .doc("The line's bank changes its limit or last day (maker-checker)")
            .args(LINE, LIMIT, VALID_UNTIL)
            .access(bankDecision())
            .handle(this::changeLine),
        Method.named("closeLine")
            .doc("The line's bank closes it: nothing more is issued under it (maker-checker)")
            .args(LINE)
            .access(bankDecision())
            .handle(this::closeLine),
        Method.named("registerInvoice")
            .doc("A seller registers an invoice: one registration per seller and number")
            .args(NUMBER, BUYER, AMOUNT, ISSUED, DOCUMENT)
            .access(staff())
            .handle(certificates::registerInvoice),
        Method.named("anchorDocument")
            .doc("Anchors a trade document (contract, invoice, goods receipt) by its file's hash")
            .args(KIND, DOCUMENT, COUNTERPARTY, AMOUNT, INVOICE_NUMBER, RECEIVE_EVENT)
            .access(staff())
            .handle(certificates::anchorDocument),
        Method.named("submit")
            .doc("A seller asks its buyer, a core enterprise, to confirm a payable on an invoice")
            .args(INVOICE_NUMBER, FACE, MATURITY)
            .access(staff())
            .handle(certificates::submit),
        Method.named("withdraw")
            .doc("The submitter withdraws a certificate not yet confirmed")
            .args(CERTIFICATE)
            .access(staff())
            .handle(Certificates.on(certificates::withdraw)),
        Method.named("confirm")
            .doc("The core enterprise confirms the payable under a credit line (maker-checker)")
            .args(CERTIFICATE, LINE)
            .access(coreDecision())
            .handle(Certificates.on(certificates::confirm)),
        Method.named("reject")
            .doc("The core enterprise rejects a submitted certificate, saying why")
            .args(CERTIFICATE, REASON)
            .access(staffOf(OrganisationRole.CORE_ENTERPRISE))
            .handle(Certificates.on(certificates::reject)),
        Method.named("split")
            .doc("The holder splits a certificate into pieces whose faces add up to it")
            .args(CERTIFICATE, PARTS)
            .access(staff())
            .handle(Certificates.on(certificates::split)),
        Method.named("transfer")
            .doc("The holder offers a certificate to another member, who must accept it")
            .args(CERTIFICATE, TO)
            .access(staff())
            .handle(Certificates.on(certificates::transfer)),
        Method.named("accept")
            .doc("The receiver accepts a transfer before it expires")
            .args(CERTIFICATE)
            .access(staff())
            .handle(Certificates.on(certificates::accept)),
        Method.named("decline")
            .doc("The receiver declines a transfer: it goes back to the sender")
            .args(CERTIFICATE)
            .access(staff())
            .handle(Certificates.on(certificates::decline)),
        Method.named("offer")
            .doc("A bank offers to finance a certificate at an all-in annual cost (maker-checker)")
            .args(CERTIFICATE, ANNUAL_COST_BP, RECOURSE, VALID_UNTIL, TRADE_BACKED_ONLY)
            .access(bankDecision())
            .handle(Certificates.on(certificates::offer)),
        Method.named("requestFinancing")
            .doc("The holder takes a bank's offer and asks it to pay")
            .args(CERTIFICATE, OFFER)
            .access(staff())
            .handle(Certificates.on(certificates::requestFinancing)),
        Method.named("approveFinancing")
            .doc(
                "The bank pays and takes the certificate; records the registry entry (maker-checker)")
            .args(CERTIFICATE, REGISTRATION_NUMBER, REGISTRATION_DATE)
            .access(bankDecision())
            .handle(Certificates.on(certificates::approveFinancing)),
        Method.named("declineFinancing")
            .doc("The bank declines a financing request: the certificate is the holder's again")
            .args(CERTIFICATE)
            .access(staffOf(OrganisationRole.BANK))
            .handle(Certificates.on(certificates::declineFinancing)),
        Method.named("pledge")
            .doc("The holder pledges a certificate to a bank")
            .args(CERTIFICATE, PLEDGEE)
            .access(staff())
            .handle(Certificates.on(certificates::pledge)),
        Method.named("release")
            .doc("The pledgee bank releases a pledge")
            .args(CERTIFICATE)
            .access(staffOf(OrganisationRole.BANK))
            .handle(Certificates.on(certificates::release)),
        Method.named("freeze")
            .doc("A regulator freezes a certificate, saying why")
            .args(CERTIFICATE, REASON)
            .access(staffOf(OrganisationRole.REGULATOR))
            .handle(Certificates.on(certificates::freeze)),
        Method.named("unfreeze")
            .doc("A regulator unfreezes a certificate, saying why")
            .args(CERTIFICATE, REASON)
            .access(staffOf(OrganisationRole.REGULATOR))
            .handle(Certificates.on(certificates::unfreeze)),
        Method.named("settle")
            .doc(
                "Clearing pays the holder at or after maturity; for a split certificate, pays up to"
                    + " 256 of its root's pieces a call")
            .args(CERTIFICATE)
            .access(staffOf(OrganisationRole.CLEARING))
            .handle(Certificates.on(certificates::settle)),
        Method.named("offerEarlyPayment")
            .doc("The obligor offers to pay a certificate early, at a discount")
            .args(CERTIFICATE, AMOUNT)
            .access(staffOf(OrganisationRole.CORE_ENTERPRISE))
            .handle(Certificates.on(certificates::offerEarlyPayment)),
        Method.named("acceptEarlyPayment")
            .doc("The holder takes the obligor's early payment: the certificate is settled")
            .args(CERTIFICATE)
            .access(staff())
            .handle(Certificates.on(certificates::acceptEarlyPayment)),
        Method.named("recourse")
            .doc(
                "The holding bank turns to the seller for a past-due certificate financed with recourse")
            .args(CERTIFICATE)
            .access(staffOf(OrganisationRole.BANK))
            .handle(Certificates.on(certificates::recourse)),
        Method.named("writeOff")
            .doc("The holder writes off a defaulted certificate")
            .args(CERTIFICATE)
            .access(staff())
            .handle(Certificates.on(certificates::writeOff)));
  }

  @Override
  public List<Query> queries() {
    List<Query> all = new java.util.ArrayList<>(certificateQueries());
    all.add(lineQuery());
    all.addAll(FinanceQueries.all(certificates));
    all.add(RepaymentRecord.query());
    return all;
  }

  private static Query lineQuery() {
    return Query.named("line")
        .doc("A credit line: its bank, obligor, limit, use and validity")
        .args(LINE)
        .answers(LINE_ANSWER)
        .handle(
            q ->
                plain(
                    line(q.state(), q.arg(LINE))
                        .orElseThrow(
                            () ->
                                q.none(
                                    "NOT_FOUND",
                                    "line %s: expected a credit line, found none",
                                    q.arg(LINE).abbreviated()))));
  }

  /** The answer of {@code finance.certificate}. */
  public static final Type CERTIFICATE_ANSWER =
      Types.record(
          CERTIFICATE.field(),
          Param.hash("root", "").field(),
          Param.hash("parent", "").field(),
          Param.text("obligor", 18, "").field(),
          Param.text("seller", 18, "").field(),
          Param.text("holder", 18, "").field(),
          FACE.field(),
          ISSUED.field(),
          MATURITY.field(),
          Param.u64("depth", "").field(),
          LINE.field(),
          Param.hash("invoice", "").field(),
          Param.choice("status", Certificate.Standing.class, "").field(),
          Param.text("counterparty", 18, "").field(),
          Param.date("until", "").field(),
          OFFER.field(),
          RECOURSE.field(),
          Param.amount("earlyPayment", "").field(),
          Param.bool(
                  "tradeBacked",
                  "a goods receipt backs its invoice with the buyer's receiving event")
              .field(),
          Param.u64("receiveEvent", "that traceability event, or 0").field(),
          Param.u64("recall", "the latest recall that reached those goods, or 0").field());

  /** The most certificates (and invoices per thing) a recall's answer lists. */
  public static final int RECALL_CERTIFICATES_MAX = 256;

  static final Param<Long> RECALL = Param.u64("recall", "the recall's number (trace.recall)");

  /** The answer of {@code finance.recall}. */
  public static final Type RECALL_ANSWER =
      Types.record(
          RECALL.field(),
          Param.text("epc", 200, "the thing recalled").field(),
          Param.text("reason", 512, "").field(),
          Param.text("issuedBy", 18, "").field(),
          Param.u64("things", "the things the recall reached, the one recalled included").field(),
          Param.list("holders", Param.text("holder", 18, ""), 1_000, "who holds them now").field(),
          Param.list("invoices", Param.hash("invoice", ""), RECALL_CERTIFICATES_MAX, "").field(),
          Param.list(
                  "certificates",
                  Param.hash("certificate", ""),
                  RECALL_CERTIFICATES_MAX,
                  "the certificates (as issued) whose trade those goods were")
              .field(),
          Param.bool("cut", "a limit shortened the walk or the list").field());

  /** The answer of {@code finance.invoice}. */
  public static final Type INVOICE_ANSWER =
      Types.record(
          Param.hash("invoice", "").field(),
          SELLER.field(),
          BUYER.field(),
          NUMBER.field(),
          AMOUNT.field(),
          ISSUED.field(),
          DOCUMENT.field(),
          Param.amount("certified", "").field(),
          Param.amount("financed", "").field(),
          Param.u64("uses", "").field());

  /** The answer of {@code finance.rules}. */
  public static final Type RULES_ANSWER =
      Types.record(
          Param.u64("tenorDaysMax", "").field(),
          Param.u64("depthMax", "").field(),
          Param.u64("acceptanceDays", "").field(),
          Param.u64("defaultDays", "").field());

  private List<Query> certificateQueries() {
    return List.of(
        Query.named("certificate")
            .doc("A receivable certificate: its parties, face, maturity and state today")
            .args(CERTIFICATE)
            .answers(CERTIFICATE_ANSWER)
            .handle(
                q -> {
                  Certificate c =
                      Ledger.certificate(q.state(), q.arg(CERTIFICATE))
                          .orElseThrow(
                              () ->
                                  q.none(
                                      "NOT_FOUND",
                                      "certificate %s: expected a receivable certificate, found"
                                          + " none",
                                      q.arg(CERTIFICATE).abbreviated()));
                  return plain(c, Ledger.rules(q.state()), q.today(), q.state());
                }),
        Query.named("recall")
            .doc(
                "The certificates a recall touches: those whose invoice a goods receipt backs with"
                    + " a receiving of goods the recall reached, and who holds the goods")
            .args(RECALL)
            .answers(RECALL_ANSWER)
            .handle(
                q -> {
                  io.credence.execution.trace.Trace.Recall r =
                      io.credence.execution.trace.Trace.recall(q.state(), q.arg(RECALL))
                          .orElseThrow(
                              () ->
                                  q.none(
                                      "NOT_FOUND",
                                      "recall: expected the number of a recall issued, found %d",
                                      q.arg(RECALL)));
                  java.util.LinkedHashSet<Hash> invoices = new java.util.LinkedHashSet<>();
                  for (String thing : r.reached()) {
                    invoices.addAll(
                        Ledger.page(
                            q.state(), Ledger.goodsList(thing), 0, RECALL_CERTIFICATES_MAX));
                  }
                  java.util.LinkedHashSet<Hash> touched = new java.util.LinkedHashSet<>();
                  boolean cut = r.cut();
                  for (Hash invoice : invoices) {
                    for (Hash c :
                        Ledger.page(
                            q.state(), Ledger.usesList(invoice), 0, RECALL_CERTIFICATES_MAX)) {
                      if (touched.size() >= RECALL_CERTIFICATES_MAX) {
                        cut = true;
                        break;
                      }
                      touched.add(c);
                    }
                  }
                  Map<String, Object> v = new LinkedHashMap<>();
                  v.put("recall", r.id());
                  v.put("epc", r.epc());
                  v.put("reason", r.reason());
                  v.put("issuedBy", r.signer());
                  v.put("things", (long) r.reached().size());
                  v.put("holders", r.holders());
                  v.put("invoices", new java.util.ArrayList<>(invoices));
                  v.put("certificates", new java.util.ArrayList<>(touched));
                  v.put("cut", cut);
                  return new Values(v);
                }),
        Query.named("invoice")
            .doc("An invoice in the registry: its amount, what is certified and financed on it")
            .args(SELLER, NUMBER)
            .answers(INVOICE_ANSWER)
            .handle(
                q -> {
                  Invoice i =
                      Ledger.invoice(
                              q.state(), certificates.invoiceKey(q.arg(SELLER), q.arg(NUMBER)))
                          .orElseThrow(
                              () ->
                                  q.none(
                                      "NOT_FOUND",
                                      "invoice %s of %s: expected a registered invoice, found none",
                                      q.arg(NUMBER),
                                      q.arg(SELLER)));
                  Map<String, Object> v = new LinkedHashMap<>();
                  v.put("invoice", i.key());
                  v.put("seller", i.seller());
                  v.put("buyer", i.buyer());
                  v.put("number", i.number());
                  v.put("amount", i.amount());
                  v.put("issued", i.issued());
                  v.put("document", i.document());
                  v.put("certified", i.certified());
                  v.put("financed", i.financed());
                  v.put("uses", (long) i.uses());
                  return new Values(v);
                }),
        Query.named("rules")
            .doc("The finance rules in force: tenor, depth, acceptance and default thresholds")
            .answers(RULES_ANSWER)
            .handle(
                q -> {
                  Rules r = Ledger.rules(q.state());
                  Map<String, Object> v = new LinkedHashMap<>();
                  v.put("tenorDaysMax", (long) r.tenorDaysMax());
                  v.put("depthMax", (long) r.depthMax());
                  v.put("acceptanceDays", (long) r.acceptanceDays());
                  v.put("defaultDays", (long) r.defaultDays());
                  return new Values(v);
                }));
  }

  static Values plain(Certificate c, Rules rules, CalendarDate today, ContractState state) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("certificate", c.id());
    v.put("root", c.root());
    v.put("parent", c.parent());
    v.put("obligor", c.obligor());
    v.put("seller", c.seller());
    v.put("holder", c.holder());
    v.put("face", c.face());
    v.put("issued", c.issued());
    v.put("maturity", c.maturity());
    v.put("depth", (long) c.depth());
    v.put("line", c.line());
    v.put("invoice", c.invoice());
    v.put("status", c.standing(today, rules).name());
    v.put("counterparty", c.counterparty());
    v.put("until", c.until());
    v.put("offer", c.offer());
    v.put("recourse", c.recourse());
    v.put("earlyPayment", c.earlyPayment());
    long received = Ledger.invoice(state, c.invoice()).map(Invoice::receiveEvent).orElse(0L);
    v.put("tradeBacked", received != 0);
    v.put("receiveEvent", received);
    v.put("recall", recallOf(state, received));
    return new Values(v);
  }

  /** The latest recall that reached goods of receiving event {@code received}; 0 if none. */
  static long recallOf(ContractState state, long received) {
    if (received == 0) {
      return 0;
    }
    io.credence.execution.trace.TraceEvent e =
        io.credence.execution.trace.Trace.event(state, received).orElseThrow();
    long latest = 0;
    List<String> things = new java.util.ArrayList<>(e.epcs());
    e.quantities().forEach(q -> things.add(q.epcClass()));
    for (String thing : things) {
      io.credence.core.gs1.Epc epc = io.credence.core.gs1.Epc.parse("epc", thing);
      latest =
          Math.max(
              latest,
              io.credence.execution.trace.Trace.recalledBy(state, epc.identity()).orElse(0L));
    }
    return latest;
  }

  static byte[] lineKey(Hash id) {
    return (NAME + "/line/" + id.hex()).getBytes(StandardCharsets.US_ASCII);
  }

  /** The credit line {@code id}, if it exists. */
  public static Optional<CreditLine> line(ContractState state, Hash id) {
    byte[] raw = state.get(lineKey(id));
    return raw == null ? Optional.empty() : Optional.of(CreditLine.CODEC.decode(raw));
  }

  private static Values plain(CreditLine l) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("line", l.id());
    v.put("bank", l.bank());
    v.put("obligor", l.obligor());
    v.put("limit", l.limit());
    v.put("used", l.used());
    v.put("available", l.available());
    v.put("validFrom", l.validFrom());
    v.put("validUntil", l.validUntil());
    v.put("status", l.status().name());
    return new Values(v);
  }

  private Outcome grantLine(Invocation call) {
    String obligor = call.arg(OBLIGOR);
    Optional<Organisation> org = IdentityRegistry.organisation(call.state(), obligor);
    if (org.isEmpty() || org.get().role() != OrganisationRole.CORE_ENTERPRISE) {
      return call.fail(
          NOT_A_CORE_ENTERPRISE,
          "obligor: expected a member that is CORE_ENTERPRISE, found %s",
          org.isEmpty() ? "no member '" + obligor + "'" : obligor + " (" + org.get().role() + ")");
    }
    Amount limit = call.arg(LIMIT);
    CalendarDate from = call.arg(VALID_FROM);
    CalendarDate until = call.arg(VALID_UNTIL);
    Optional<Outcome> bad = checkTerms(call, limit, from, until);
    if (bad.isPresent()) {
      return bad.get();
    }
    Hash id = call.context().transaction();
    CreditLine line =
        new CreditLine(
            id,
            call.organisation().uscc(),
            obligor,
            limit,
            Amount.ZERO,
            from,
            until,
            CreditLine.Status.OPEN);
    call.state().put(lineKey(id), CreditLine.CODEC.encode(line));
    call.emit(
        "LineGranted",
        "line",
        id.hex(),
        "bank",
        line.bank(),
        "obligor",
        obligor,
        "limit",
        limit.toString(),
        "validUntil",
        until.toString());
    return call.success();
  }

  private static Optional<Outcome> checkTerms(
      Invocation call, Amount limit, CalendarDate from, CalendarDate until) {
    if (limit.isZero()) {
      return Optional.of(
          call.fail(INVALID_ARGUMENT, "limit: expected more than 0.00, found %s", limit));
    }
    if (until.isBefore(from)) {
      return Optional.of(
          call.fail(
              INVALID_ARGUMENT,
              "validUntil: expected %s (validFrom) or later, found %s",
              from,
              until));
    }
    if (until.isBefore(call.today())) {
      return Optional.of(
          call.fail(
              INVALID_ARGUMENT,
              "validUntil: expected today (%s) or later, found %s",
              call.today(),
              until));
    }
    if (from.daysUntil(until) > LINE_DAYS_MAX) {
      return Optional.of(
          call.fail(
              INVALID_ARGUMENT,
              "validUntil: expected at most %d days after validFrom (%s), found %d",
              LINE_DAYS_MAX,
              from,
              from.daysUntil(until)));
    }
    return Optional.empty();
  }

  /** Why the caller may not change {@code line}: none, of another bank, or closed; else empty. */
  private static Optional<Outcome> refusal(Invocation call, Hash id, Optional<CreditLine> line) {
    if (line.isEmpty()) {
      return Optional.of(
          call.fail(
              LINE_NOT_FOUND, "line %s: expected a credit line, found none", id.abbreviated()));
    }
    if (!line.get().bank().equals(call.organisation().uscc())) {
      return Optional.of(
          call.fail(
              NOT_THE_LINES_BANK,
              "line %s: granted by bank %s, the sender is of %s",
              id.abbreviated(),
              line.get().bank(),
              call.organisation().uscc()));
    }
    if (line.get().status() != CreditLine.Status.OPEN) {
      return Optional.of(
          call.fail(LINE_CLOSED, "line %s: expected OPEN, found CLOSED", id.abbreviated()));
    }
    return Optional.empty();
  }

  private Outcome changeLine(Invocation call) {
    Optional<CreditLine> found = line(call.state(), call.arg(LINE));
    Optional<Outcome> refused = refusal(call, call.arg(LINE), found);
    if (refused.isPresent()) {
      return refused.get();
    }
    CreditLine line = found.get();
    Amount limit = call.arg(LIMIT);
    CalendarDate until = call.arg(VALID_UNTIL);
    Optional<Outcome> bad = checkTerms(call, limit, line.validFrom(), until);
    if (bad.isPresent()) {
      return bad.get();
    }
    if (limit.compareTo(line.used()) < 0) {
      return call.fail(
          LIMIT_BELOW_USED,
          "limit: expected at least what is in use (%s), found %s",
          line.used(),
          limit);
    }
    call.state().put(lineKey(line.id()), CreditLine.CODEC.encode(line.with(limit, until)));
    call.emit(
        "LineChanged",
        "line",
        line.id().hex(),
        "limit",
        limit.toString(),
        "validUntil",
        until.toString());
    return call.success();
  }

  private Outcome closeLine(Invocation call) {
    Optional<CreditLine> found = line(call.state(), call.arg(LINE));
    Optional<Outcome> refused = refusal(call, call.arg(LINE), found);
    if (refused.isPresent()) {
      return refused.get();
    }
    CreditLine line = found.get();
    call.state().put(lineKey(line.id()), CreditLine.CODEC.encode(line.closed()));
    call.emit("LineClosed", "line", line.id().hex(), "used", line.used().toString());
    return call.success();
  }
}
