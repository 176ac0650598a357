package io.credence.execution.finance;

import io.credence.core.Amount;
import io.credence.core.CalendarDate;
import io.credence.core.Hash;
import io.credence.core.codec.Writer;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.genesis.OrganisationRole;
import io.credence.execution.Invocation;
import io.credence.execution.Outcome;
import io.credence.execution.finance.Certificate.Standing;
import io.credence.execution.finance.Certificate.Status;
import io.credence.execution.identity.IdentityRegistry;
import io.credence.execution.identity.Organisation;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The receivable certificate's life (DOMAIN.md): invoices and trade documents, submission and
 * confirmation under a credit line, split, transfer with acceptance, financing, pledge, freeze,
 * settlement at maturity, early payment, recourse and write-off. Every handler checks everything
 * before it writes anything, so a rejection changes nothing even before the runtime discards it.
 */
final class Certificates {
  private final CryptoSuite suite;

  /** Most pieces one split makes. */
  static final int SPLIT_PARTS_MAX = 16;

  /** Most entries of a root's piece list one settlement call walks. */
  static final int SETTLE_VISITS_MAX = 256;

  /** Longest free-text reason (a rejection, a freeze). */
  static final int REASON_BYTES_MAX = 256;

  Certificates(CryptoSuite suite) {
    this.suite = suite;
  }

  /** The registry key of invoice {@code number} of {@code seller}. */
  Hash invoiceKey(String seller, String number) {
    return suite.hash(new Writer().string(seller).string(number).toByteArray());
  }

  // Trade documents.

  Outcome registerInvoice(Invocation call) {
    String seller = call.organisation().uscc();
    String number = call.arg(Finance.NUMBER);
    String buyer = call.arg(Finance.BUYER);
    Amount amount = call.arg(Finance.AMOUNT);
    CalendarDate issued = call.arg(Finance.ISSUED);
    if (number.isBlank()) {
      return call.fail(Finance.INVALID_ARGUMENT, "number: expected an invoice number, found none");
    }
    Optional<Outcome> bad = member(call, "buyer", buyer);
    if (bad.isPresent()) {
      return bad.get();
    }
    if (buyer.equals(seller)) {
      return call.fail(
          Finance.INVALID_ARGUMENT,
          "buyer: expected another member than the seller, found %s",
          buyer);
    }
    if (amount.isZero()) {
      return call.fail(Finance.INVALID_ARGUMENT, "amount: expected more than 0.00, found 0.00");
    }
    if (issued.isAfter(call.today())) {
      return call.fail(
          Finance.INVALID_ARGUMENT,
          "issued: expected today (%s) or earlier, found %s",
          call.today(),
          issued);
    }
    Hash key = invoiceKey(seller, number);
    if (Ledger.invoice(call.state(), key).isPresent()) {
      return call.fail(
          Finance.DUPLICATE_INVOICE,
          "invoice %s of %s: expected a new invoice, found it registered already",
          number,
          seller);
    }
    Invoice invoice =
        new Invoice(
            key,
            seller,
            buyer,
            number,
            amount,
            issued,
            call.arg(Finance.DOCUMENT),
            Amount.ZERO,
            Amount.ZERO,
            0,
            0);
    Ledger.put(call.state(), invoice);
    call.emit(
        "InvoiceRegistered",
        "invoice",
        key.hex(),
        "seller",
        seller,
        "buyer",
        buyer,
        "number",
        number,
        "amount",
        amount.toString());
    return call.success();
  }

  Outcome anchorDocument(Invocation call) {
    String issuer = call.organisation().uscc();
    Hash hash = call.arg(Finance.DOCUMENT);
    TradeDocument.Kind kind = call.arg(Finance.KIND);
    String counterparty = call.arg(Finance.COUNTERPARTY);
    String number = call.arg(Finance.INVOICE_NUMBER);
    Optional<Outcome> bad = member(call, "counterparty", counterparty);
    if (bad.isPresent()) {
      return bad.get();
    }
    if (Ledger.document(call.state(), hash).isPresent()) {
      return call.fail(
          Finance.DUPLICATE_DOCUMENT,
          "document %s: expected a new document, found it anchored already",
          hash.abbreviated());
    }
    Hash invoice = Hash.ZERO;
    if (!number.isEmpty()) {
      String seller = kind == TradeDocument.Kind.GOODS_RECEIPT ? counterparty : issuer;
      invoice = invoiceKey(seller, number);
      if (Ledger.invoice(call.state(), invoice).isEmpty()) {
        return call.fail(
            Finance.INVOICE_NOT_FOUND,
            "invoiceNumber: expected an invoice of %s in the registry, found no '%s'",
            seller,
            number);
      }
    }
    long receiveEvent = call.arg(Finance.RECEIVE_EVENT);
    if (receiveEvent != 0) {
      Optional<Outcome> notBacking = receiptProblem(call, kind, issuer, counterparty, invoice);
      if (notBacking.isPresent()) {
        return notBacking.get();
      }
      call.state().put(Ledger.key("receipt-used/" + receiveEvent), invoice.bytes());
      Invoice backed = Ledger.invoice(call.state(), invoice).orElseThrow();
      if (!backed.tradeBacked()) {
        Ledger.put(call.state(), backed.withReceiveEvent(receiveEvent));
      }
      // Which invoices the goods of that event back: a recall reaching them finds the certificates.
      io.credence.execution.trace.TraceEvent received =
          io.credence.execution.trace.Trace.event(call.state(), receiveEvent).orElseThrow();
      for (String thing : received.epcs()) {
        Ledger.append(
            call.state(),
            Ledger.goodsList(io.credence.core.gs1.Epc.parse("epc", thing).identity()),
            invoice);
      }
      for (var q : received.quantities()) {
        io.credence.core.gs1.Epc lot = io.credence.core.gs1.Epc.parse("epc", q.epcClass());
        if (lot.kind() == io.credence.core.gs1.Epc.Kind.LGTIN) {
          Ledger.append(call.state(), Ledger.goodsList(lot.identity()), invoice);
        }
      }
    }
    TradeDocument d =
        new TradeDocument(
            hash,
            kind,
            issuer,
            counterparty,
            call.arg(Finance.AMOUNT),
            invoice,
            call.height(),
            receiveEvent);
    call.state().put(Ledger.documentKey(hash), TradeDocument.CODEC.encode(d));
    call.emit(
        "DocumentAnchored",
        "document",
        hash.hex(),
        "kind",
        kind.name(),
        "issuer",
        issuer,
        "counterparty",
        counterparty,
        "invoice",
        invoice.hex());
    return call.success();
  }

  /**
   * Why traceability event {@code receiveEvent} does not back this goods receipt: it must be a
   * receiving event signed by the receipt's issuer (the buyer), of goods the counterparty (the
   * seller) shipped to it, and the receipt must cite its invoice. Empty if it does.
   */
  private Optional<Outcome> receiptProblem(
      Invocation call, TradeDocument.Kind kind, String buyer, String seller, Hash invoice) {
    long id = call.arg(Finance.RECEIVE_EVENT);
    if (kind != TradeDocument.Kind.GOODS_RECEIPT || invoice.equals(Hash.ZERO)) {
      return Optional.of(
          call.fail(
              Finance.INVALID_ARGUMENT,
              "receiveEvent: expected only on a GOODS_RECEIPT that cites its invoice, found it on a"
                  + " %s%s",
              kind,
              invoice.equals(Hash.ZERO) ? " citing no invoice" : ""));
    }
    Optional<io.credence.execution.trace.TraceEvent> found =
        io.credence.execution.trace.Trace.event(call.state(), id);
    if (found.isEmpty()) {
      return Optional.of(
          call.fail(
              Finance.RECEIVE_EVENT_NOT_FOUND,
              "receiveEvent: expected a traceability event recorded on the chain, found no event %d",
              id));
    }
    io.credence.execution.trace.TraceEvent e = found.get();
    String step = io.credence.execution.trace.Trace.shortName(e.bizStep());
    Invoice sale = Ledger.invoice(call.state(), invoice).orElseThrow();
    if (!sale.buyer().equals(buyer) || buyer.equals(seller)) {
      return Optional.of(
          call.fail(
              Finance.NOT_A_RECEIPT,
              "receiveEvent %d: expected the goods receipt of %s, the invoice's buyer, for goods"
                  + " of %s, found one of %s for goods of %s",
              id,
              sale.buyer(),
              sale.seller(),
              buyer,
              seller));
    }
    if (e.type() != io.credence.execution.trace.TraceEvent.Type.OBJECT
        || !step.equals("receiving")
        || !e.signer().equals(buyer)) {
      return Optional.of(
          call.fail(
              Finance.NOT_A_RECEIPT,
              "receiveEvent %d: expected a receiving event signed by %s, the buyer, found a %s %s"
                  + " event signed by %s",
              id,
              buyer,
              e.type(),
              step.isEmpty() ? "(no step)" : step,
              e.signer()));
    }
    byte[] used = Ledger.key("receipt-used/" + id);
    if (call.state().get(used) != null) {
      return Optional.of(
          call.fail(
              Finance.NOT_A_RECEIPT,
              "receiveEvent %d: expected a receiving no goods receipt cited yet, found it backing"
                  + " invoice %s",
              id,
              Hash.read(new io.credence.core.codec.Reader(call.state().get(used))).abbreviated()));
    }
    // The goods: every thing it names must have come by the seller's shipment to the buyer.
    List<String> things = new java.util.ArrayList<>(e.epcs());
    e.quantities().stream()
        .map(io.credence.execution.trace.TraceEvent.Quantity::epcClass)
        .filter(
            c ->
                io.credence.core.gs1.Epc.parse("epc", c).kind()
                    == io.credence.core.gs1.Epc.Kind.LGTIN)
        .forEach(things::add);
    if (things.isEmpty()) {
      return Optional.of(
          call.fail(
              Finance.NOT_A_RECEIPT,
              "receiveEvent %d: expected goods received, found an event naming none",
              id));
    }
    for (String thing : things) {
      String shippedBy = "nobody";
      Optional<io.credence.execution.trace.TracedObject> o =
          io.credence.execution.trace.Trace.object(
              call.state(), io.credence.core.gs1.Epc.parse("epc", thing).identity());
      if (o.isPresent()) {
        List<Long> moves = o.get().events();
        int at = moves.indexOf(id);
        if (at > 0) {
          io.credence.execution.trace.TraceEvent before =
              io.credence.execution.trace.Trace.event(call.state(), moves.get(at - 1))
                  .orElseThrow();
          if (io.credence.execution.trace.Trace.shortName(before.bizStep()).equals("shipping")) {
            shippedBy = before.signer();
          }
        }
      }
      if (!shippedBy.equals(seller)) {
        return Optional.of(
            call.fail(
                Finance.NOT_A_RECEIPT,
                "receiveEvent %d: expected goods %s shipped to %s, found %s shipped by %s",
                id,
                seller,
                buyer,
                thing,
                shippedBy));
      }
    }
    return Optional.empty();
  }

  // Issue.

  Outcome submit(Invocation call) {
    String seller = call.organisation().uscc();
    String number = call.arg(Finance.INVOICE_NUMBER);
    Amount face = call.arg(Finance.FACE);
    CalendarDate maturity = call.arg(Finance.MATURITY);
    Optional<Invoice> found = Ledger.invoice(call.state(), invoiceKey(seller, number));
    if (found.isEmpty()) {
      return call.fail(
          Finance.INVOICE_NOT_FOUND,
          "invoiceNumber: expected an invoice of %s in the registry, found no '%s'",
          seller,
          number);
    }
    Invoice invoice = found.get();
    Optional<Organisation> obligor = IdentityRegistry.organisation(call.state(), invoice.buyer());
    if (obligor.isEmpty() || obligor.get().role() != OrganisationRole.CORE_ENTERPRISE) {
      return call.fail(
          Finance.NOT_A_CORE_ENTERPRISE,
          "invoice %s: its buyer %s is not a CORE_ENTERPRISE member",
          number,
          invoice.buyer());
    }
    if (face.isZero()) {
      return call.fail(Finance.INVALID_ARGUMENT, "face: expected more than 0.00, found 0.00");
    }
    if (face.compareTo(invoice.uncertified()) > 0) {
      return call.fail(
          Finance.OVER_THE_INVOICE,
          "face: expected at most what invoice %s has left to certify (%s of %s), found %s",
          number,
          invoice.uncertified(),
          invoice.amount(),
          face);
    }
    Optional<Outcome> tenor = tenor(call, maturity);
    if (tenor.isPresent()) {
      return tenor.get();
    }
    Hash id = call.context().transaction();
    Certificate c =
        new Certificate(
            id,
            id,
            Hash.ZERO,
            invoice.buyer(),
            seller,
            seller,
            face,
            call.today(),
            maturity,
            0,
            Hash.ZERO,
            invoice.key(),
            Status.PENDING_CONFIRM,
            Status.PENDING_CONFIRM,
            "",
            call.today(),
            Hash.ZERO,
            false,
            Amount.ZERO);
    Ledger.put(call.state(), c);
    Ledger.put(
        call.state(), invoice.withCertified(invoice.certified().plus(face), invoice.uses() + 1));
    Ledger.append(call.state(), Ledger.usesList(invoice.key()), id);
    call.emit(
        "CertificateSubmitted",
        "certificate",
        id.hex(),
        "obligor",
        invoice.buyer(),
        "holder",
        seller,
        "face",
        face.toString(),
        "maturity",
        maturity.toString(),
        "invoice",
        invoice.key().hex());
    return call.success();
  }

  private Optional<Outcome> tenor(Invocation call, CalendarDate maturity) {
    if (!maturity.isAfter(call.today())) {
      return Optional.of(
          call.fail(
              Finance.INVALID_ARGUMENT,
              "maturity: expected after today (%s), found %s",
              call.today(),
              maturity));
    }
    Rules rules = Ledger.rules(call.state());
    long days = call.today().daysUntil(maturity);
    if (days > rules.tenorDaysMax()) {
      return Optional.of(
          call.fail(
              Finance.TENOR_TOO_LONG,
              "maturity: expected at most %d days from today (%s), found %d days (%s)",
              rules.tenorDaysMax(),
              call.today(),
              days,
              maturity));
    }
    return Optional.empty();
  }

  Outcome confirm(Invocation call, Certificate c) {
    Optional<Outcome> refused = obligorOnly(call, c, Standing.PENDING_CONFIRM);
    if (refused.isPresent()) {
      return refused.get();
    }
    Hash lineId = call.arg(Finance.LINE);
    Optional<CreditLine> line = Finance.line(call.state(), lineId);
    if (line.isEmpty()) {
      return call.fail(
          Finance.LINE_NOT_FOUND,
          "line %s: expected a credit line, found none",
          lineId.abbreviated());
    }
    CreditLine l = line.get();
    if (!l.obligor().equals(c.obligor())) {
      return call.fail(
          Finance.WRONG_LINE,
          "line %s: expected a line granted to %s, found one granted to %s",
          lineId.abbreviated(),
          c.obligor(),
          l.obligor());
    }
    if (l.status() != CreditLine.Status.OPEN) {
      return call.fail(
          Finance.LINE_CLOSED, "line %s: expected OPEN, found CLOSED", lineId.abbreviated());
    }
    if (call.today().isBefore(l.validFrom()) || call.today().isAfter(l.validUntil())) {
      return call.fail(
          Finance.LINE_EXPIRED,
          "line %s: valid from %s to %s, today is %s",
          lineId.abbreviated(),
          l.validFrom(),
          l.validUntil(),
          call.today());
    }
    Optional<Outcome> tenor = tenor(call, c.maturity());
    if (tenor.isPresent()) {
      return tenor.get();
    }
    Optional<Amount> used = sum(l.used(), c.face());
    if (used.isEmpty()) {
      return overflow(call, "line used");
    }
    if (used.get().compareTo(l.limit()) > 0) {
      return call.fail(
          Finance.OVER_THE_LINE,
          "face: expected at most what line %s has available (%s), found %s",
          lineId.abbreviated(),
          l.available(),
          c.face());
    }
    call.state().put(Finance.lineKey(l.id()), CreditLine.CODEC.encode(l.withUsed(used.get())));
    Certificate active = c.change().status(Status.ACTIVE).issued(call.today()).line(l.id()).done();
    Ledger.put(call.state(), active);
    Ledger.append(call.state(), Ledger.treeList(c.id()), c.id());
    Ledger.append(call.state(), Ledger.holderList(c.holder()), c.id());
    Ledger.append(call.state(), Ledger.maturityList(c.maturity()), c.id());
    Ledger.append(call.state(), Ledger.lineList(l.id()), c.id());
    call.emit(
        "CertificateConfirmed",
        "certificate",
        c.id().hex(),
        "obligor",
        c.obligor(),
        "holder",
        c.holder(),
        "face",
        c.face().toString(),
        "maturity",
        c.maturity().toString(),
        "issued",
        call.today().toString(),
        "line",
        l.id().hex());
    return call.success();
  }

  Outcome reject(Invocation call, Certificate c) {
    Optional<Outcome> refused = obligorOnly(call, c, Standing.PENDING_CONFIRM);
    if (refused.isPresent()) {
      return refused.get();
    }
    return unsubmit(call, c, Status.REJECTED, "CertificateRejected", call.arg(Finance.REASON));
  }

  Outcome withdraw(Invocation call, Certificate c) {
    Optional<Outcome> refused = holderOnly(call, c, Standing.PENDING_CONFIRM);
    if (refused.isPresent()) {
      return refused.get();
    }
    return unsubmit(
        call, c, Status.WITHDRAWN, "CertificateWithdrawn", "withdrawn by the submitter");
  }

  /** Ends a submission that was never confirmed: its invoice may be certified again. */
  private Outcome unsubmit(
      Invocation call, Certificate c, Status end, String event, String reason) {
    Invoice invoice = Ledger.invoice(call.state(), c.invoice()).orElseThrow();
    Ledger.put(
        call.state(), invoice.withCertified(invoice.certified().minus(c.face()), invoice.uses()));
    Ledger.put(call.state(), c.change().status(end).done());
    call.emit(event, "certificate", c.id().hex(), "reason", reason);
    return call.success();
  }

  // Split and transfer.

  Outcome split(Invocation call, Certificate c) {
    Optional<Outcome> refused = holderOnly(call, c, Standing.ACTIVE);
    if (refused.isPresent()) {
      return refused.get();
    }
    List<Amount> parts = call.arg(Finance.PARTS);
    if (parts.size() < 2 || parts.size() > SPLIT_PARTS_MAX) {
      return call.fail(
          Finance.INVALID_ARGUMENT,
          "parts: expected 2 to %d amounts, found %d",
          SPLIT_PARTS_MAX,
          parts.size());
    }
    Amount total = Amount.ZERO;
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i).isZero()) {
        return call.fail(
            Finance.INVALID_ARGUMENT, "parts[%d]: expected more than 0.00, found 0.00", i);
      }
      Optional<Amount> next = sum(total, parts.get(i));
      if (next.isEmpty()) {
        return overflow(call, "parts");
      }
      total = next.get();
    }
    if (!total.equals(c.face())) {
      return call.fail(
          Finance.PARTS_DO_NOT_ADD_UP,
          "parts: expected amounts that add up to the face %s, found %s",
          c.face(),
          total);
    }
    Optional<Outcome> deep = depth(call, c);
    if (deep.isPresent()) {
      return deep.get();
    }
    Ledger.put(call.state(), c.change().status(Status.SPLIT).done());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      Hash child = suite.hash(new Writer().bytes(c.id().bytes()).u32(i).toByteArray());
      Certificate piece =
          c.change()
              .id(child)
              .parent(c.id())
              .face(parts.get(i))
              .depth(c.depth() + 1)
              .status(Status.ACTIVE)
              .done();
      Ledger.put(call.state(), piece);
      Ledger.append(call.state(), Ledger.treeList(c.root()), child);
      Ledger.append(call.state(), Ledger.holderList(c.holder()), child);
      ids.add(child.hex());
    }
    call.emit(
        "CertificateSplit",
        "certificate",
        c.id().hex(),
        "root",
        c.root().hex(),
        "holder",
        c.holder(),
        "pieces",
        String.join(",", ids));
    return call.success();
  }

  private Optional<Outcome> depth(Invocation call, Certificate c) {
    int max = Ledger.rules(call.state()).depthMax();
    if (c.depth() + 1 > max) {
      return Optional.of(
          call.fail(
              Finance.DEPTH_TOO_DEEP,
              "certificate %s: at depth %d; a split or transfer would make it %d, above depthMax %d",
              c.id().abbreviated(),
              c.depth(),
              c.depth() + 1,
              max));
    }
    return Optional.empty();
  }

  Outcome transfer(Invocation call, Certificate c) {
    Optional<Outcome> refused = holderOnly(call, c, Standing.ACTIVE);
    if (refused.isPresent()) {
      return refused.get();
    }
    String to = call.arg(Finance.TO);
    Optional<Outcome> bad = member(call, "to", to);
    if (bad.isPresent()) {
      return bad.get();
    }
    if (to.equals(c.holder())) {
      return call.fail(
          Finance.INVALID_ARGUMENT, "to: expected another member than the holder, found %s", to);
    }
    Optional<Outcome> deep = depth(call, c);
    if (deep.isPresent()) {
      return deep.get();
    }
    CalendarDate until = call.today().plusDays(Ledger.rules(call.state()).acceptanceDays());
    if (until.isAfter(c.maturity())) {
      until = c.maturity();
    }
    Ledger.put(
        call.state(),
        c.change().status(Status.TRANSFER_PENDING).counterparty(to).until(until).done());
    call.emit(
        "TransferRequested",
        "certificate",
        c.id().hex(),
        "from",
        c.holder(),
        "to",
        to,
        "face",
        c.face().toString(),
        "until",
        until.toString());
    return call.success();
  }

  Outcome accept(Invocation call, Certificate c) {
    Optional<Outcome> refused = receiverOnly(call, c);
    if (refused.isPresent()) {
      return refused.get();
    }
    Ledger.put(
        call.state(),
        c.change().status(Status.ACTIVE).holder(c.counterparty()).depth(c.depth() + 1).done());
    Ledger.append(call.state(), Ledger.holderList(c.counterparty()), c.id());
    call.emit(
        "TransferAccepted",
        "certificate",
        c.id().hex(),
        "from",
        c.holder(),
        "to",
        c.counterparty(),
        "face",
        c.face().toString());
    return call.success();
  }

  Outcome decline(Invocation call, Certificate c) {
    Optional<Outcome> refused = receiverOnly(call, c);
    if (refused.isPresent()) {
      return refused.get();
    }
    Ledger.put(call.state(), c.change().status(Status.ACTIVE).done());
    call.emit("TransferDeclined", "certificate", c.id().hex(), "by", c.counterparty());
    return call.success();
  }

  private Optional<Outcome> receiverOnly(Invocation call, Certificate c) {
    if (c.status() != Status.TRANSFER_PENDING) {
      return Optional.of(
          wrongState(
              call, c, c.standing(call.today(), Ledger.rules(call.state())), "TRANSFER_PENDING"));
    }
    if (!c.counterparty().equals(call.organisation().uscc())) {
      return Optional.of(notThe(call, c, Finance.NOT_THE_RECEIVER, "offered to", c.counterparty()));
    }
    if (call.today().isAfter(c.until())) {
      return Optional.of(
          call.fail(
              Finance.TRANSFER_EXPIRED,
              "certificate %s: the transfer could be accepted until %s, today is %s",
              c.id().abbreviated(),
              c.until(),
              call.today()));
    }
    return Optional.empty();
  }

  // Financing.

  Outcome offer(Invocation call, Certificate c) {
    Standing s = c.standing(call.today(), Ledger.rules(call.state()));
    if (s != Standing.ACTIVE) {
      return wrongState(call, c, s, "ACTIVE");
    }
    int bp = (int) Math.min(Integer.MAX_VALUE, call.arg(Finance.ANNUAL_COST_BP));
    if (bp > Offer.ANNUAL_COST_BP_MAX) {
      return call.fail(
          Finance.INVALID_ARGUMENT,
          "annualCostBp: expected at most %d (36%% a year), found %d",
          Offer.ANNUAL_COST_BP_MAX,
          call.arg(Finance.ANNUAL_COST_BP));
    }
    CalendarDate until = call.arg(Finance.VALID_UNTIL);
    if (until.isBefore(call.today()) || until.isAfter(c.maturity())) {
      return call.fail(
          Finance.INVALID_ARGUMENT,
          "validUntil: expected from today (%s) to the maturity (%s), found %s",
          call.today(),
          c.maturity(),
          until);
    }
    Hash id = call.context().transaction();
    Offer o =
        new Offer(
            id,
            c.id(),
            call.organisation().uscc(),
            bp,
            call.arg(Finance.RECOURSE),
            until,
            call.arg(Finance.TRADE_BACKED_ONLY));
    call.state().put(Ledger.offerKey(id), Offer.CODEC.encode(o));
    call.emit(
        "FinancingOffered",
        "offer",
        id.hex(),
        "certificate",
        c.id().hex(),
        "bank",
        o.bank(),
        "annualCostBp",
        Integer.toString(bp),
        "recourse",
        Boolean.toString(o.recourse()),
        "advanceToday",
        advance(c.face(), bp, call.today().daysUntil(c.maturity())).toString(),
        "validUntil",
        until.toString());
    return call.success();
  }

  /**
   * What the bank pays now for {@code face} due in {@code days}: the face less simple interest at
   * the all-in annual cost over an actual/365 year, rounded to the fen (half up).
   */
  static Amount advance(Amount face, int annualCostBp, long days) {
    BigInteger discount =
        new java.math.BigDecimal(
                BigInteger.valueOf(face.fen())
                    .multiply(BigInteger.valueOf(annualCostBp))
                    .multiply(BigInteger.valueOf(Math.max(0, days))))
            .divide(java.math.BigDecimal.valueOf(10_000L * 365), 0, RoundingMode.HALF_UP)
            .toBigIntegerExact();
    long d = Math.min(face.fen(), discount.longValueExact());
    return Amount.ofFen(face.fen() - d);
  }

  Outcome requestFinancing(Invocation call, Certificate c) {
    Optional<Outcome> refused = holderOnly(call, c, Standing.ACTIVE);
    if (refused.isPresent()) {
      return refused.get();
    }
    Hash offerId = call.arg(Finance.OFFER);
    Optional<Offer> offer = Ledger.offer(call.state(), offerId);
    if (offer.isEmpty() || !offer.get().certificate().equals(c.id())) {
      return call.fail(
          Finance.OFFER_NOT_FOUND,
          "offer: expected an offer for certificate %s, found %s",
          c.id().abbreviated(),
          offer.isEmpty() ? "none " + offerId.abbreviated() : "one for another certificate");
    }
    if (call.today().isAfter(offer.get().validUntil())) {
      return call.fail(
          Finance.OFFER_EXPIRED,
          "offer %s: valid until %s, today is %s",
          offerId.abbreviated(),
          offer.get().validUntil(),
          call.today());
    }
    if (offer.get().tradeBackedOnly()
        && !Ledger.invoice(call.state(), c.invoice()).map(Invoice::tradeBacked).orElse(false)) {
      return call.fail(
          Finance.TRADE_NOT_BACKED,
          "offer %s: expected a certificate whose invoice a goods receipt backs with the buyer's"
              + " receiving event, as %s requires, found certificate %s's invoice not backed",
          offerId.abbreviated(),
          offer.get().bank(),
          c.id().abbreviated());
    }
    Ledger.put(
        call.state(),
        c.change()
            .status(Status.FINANCING_PENDING)
            .counterparty(offer.get().bank())
            .offer(offerId)
            .done());
    call.emit(
        "FinancingRequested",
        "certificate",
        c.id().hex(),
        "holder",
        c.holder(),
        "bank",
        offer.get().bank(),
        "offer",
        offerId.hex());
    return call.success();
  }

  Outcome approveFinancing(Invocation call, Certificate c) {
    Optional<Outcome> refused = bankOnly(call, c, Standing.FINANCING_PENDING);
    if (refused.isPresent()) {
      return refused.get();
    }
    String number = call.arg(Finance.REGISTRATION_NUMBER);
    CalendarDate registered = call.arg(Finance.REGISTRATION_DATE);
    if (number.isBlank()) {
      return call.fail(
          Finance.INVALID_ARGUMENT,
          "registrationNumber: expected the financing's number in the movable-property financing"
              + " registry, found none");
    }
    if (registered.isAfter(call.today())) {
      return call.fail(
          Finance.INVALID_ARGUMENT,
          "registrationDate: expected today (%s) or earlier, found %s",
          call.today(),
          registered);
    }
    Invoice invoice = Ledger.invoice(call.state(), c.invoice()).orElseThrow();
    Optional<Amount> financed = sum(invoice.financed(), c.face());
    if (financed.isEmpty()) {
      return overflow(call, "invoice financed");
    }
    if (financed.get().compareTo(invoice.amount()) > 0) {
      return call.fail(
          Finance.OVER_FINANCED,
          "invoice %s of %s: %s of %s financed already; financing %s more would exceed it",
          invoice.number(),
          invoice.seller(),
          invoice.financed(),
          invoice.amount(),
          c.face());
    }
    Offer offer = Ledger.offer(call.state(), c.offer()).orElseThrow();
    Amount advance = advance(c.face(), offer.annualCostBp(), call.today().daysUntil(c.maturity()));
    String bank = call.organisation().uscc();
    Financing f =
        new Financing(
            c.id(),
            offer.id(),
            bank,
            c.holder(),
            c.face(),
            advance,
            offer.annualCostBp(),
            offer.recourse(),
            number,
            registered,
            call.today());
    call.state().put(Ledger.financingKey(c.id()), Financing.CODEC.encode(f));
    Ledger.put(call.state(), invoice.withFinanced(financed.get()));
    Ledger.put(
        call.state(),
        c.change()
            .status(Status.FINANCED)
            .holder(bank)
            .counterparty(c.holder())
            .recourse(offer.recourse())
            .done());
    Ledger.append(call.state(), Ledger.holderList(bank), c.id());
    call.emit(
        "CertificateFinanced",
        "certificate",
        c.id().hex(),
        "bank",
        bank,
        "from",
        c.holder(),
        "face",
        c.face().toString(),
        "advance",
        advance.toString(),
        "annualCostBp",
        Integer.toString(offer.annualCostBp()),
        "recourse",
        Boolean.toString(offer.recourse()),
        "registrationNumber",
        number,
        "registrationDate",
        registered.toString());
    return call.success();
  }

  Outcome declineFinancing(Invocation call, Certificate c) {
    Optional<Outcome> refused = bankOnly(call, c, Standing.FINANCING_PENDING);
    if (refused.isPresent()) {
      return refused.get();
    }
    Ledger.put(call.state(), c.change().status(Status.ACTIVE).done());
    call.emit("FinancingDeclined", "certificate", c.id().hex(), "bank", call.organisation().uscc());
    return call.success();
  }

  private Optional<Outcome> bankOnly(Invocation call, Certificate c, Standing expected) {
    Standing s = c.standing(call.today(), Ledger.rules(call.state()));
    if (s != expected) {
      return Optional.of(wrongState(call, c, s, expected.name()));
    }
    if (!c.counterparty().equals(call.organisation().uscc())) {
      return Optional.of(notThe(call, c, Finance.NOT_THE_BANK, "waits on bank", c.counterparty()));
    }
    return Optional.empty();
  }

  // Pledge and freeze.

  Outcome pledge(Invocation call, Certificate c) {
    Optional<Outcome> refused = holderOnly(call, c, Standing.ACTIVE);
    if (refused.isPresent()) {
      return refused.get();
    }
    String pledgee = call.arg(Finance.PLEDGEE);
    Optional<Organisation> bank = IdentityRegistry.organisation(call.state(), pledgee);
    if (bank.isEmpty() || bank.get().role() != OrganisationRole.BANK) {
      return call.fail(
          Finance.NOT_A_BANK,
          "pledgee: expected a BANK member, found %s",
          bank.isEmpty()
              ? "no member '" + pledgee + "'"
              : pledgee + " (" + bank.get().role() + ")");
    }
    Ledger.put(call.state(), c.change().status(Status.PLEDGED).counterparty(pledgee).done());
    call.emit(
        "CertificatePledged",
        "certificate",
        c.id().hex(),
        "holder",
        c.holder(),
        "pledgee",
        pledgee);
    return call.success();
  }

  Outcome release(Invocation call, Certificate c) {
    if (c.status() != Status.PLEDGED) {
      return wrongState(call, c, c.standing(call.today(), Ledger.rules(call.state())), "PLEDGED");
    }
    if (!c.counterparty().equals(call.organisation().uscc())) {
      return notThe(call, c, Finance.NOT_THE_PLEDGEE, "pledged to", c.counterparty());
    }
    Ledger.put(call.state(), c.change().status(Status.ACTIVE).done());
    call.emit("CertificateReleased", "certificate", c.id().hex(), "pledgee", c.counterparty());
    return call.success();
  }

  private static final Set<Status> FREEZABLE = Certificate.PAYABLE;

  /** A regulator's step without its reason. */
  private static Outcome noReason(Invocation call, String what) {
    return call.fail(Finance.INVALID_ARGUMENT, "reason: expected why it is %s, found none", what);
  }

  Outcome freeze(Invocation call, Certificate c) {
    if (!FREEZABLE.contains(c.status())) {
      return wrongState(
          call, c, c.standing(call.today(), Ledger.rules(call.state())), "a live certificate");
    }
    String reason = call.arg(Finance.REASON);
    if (reason.isBlank()) {
      return noReason(call, "frozen");
    }
    Certificate frozen = c.change().frozen().done();
    Ledger.put(call.state(), frozen);
    call.emit(
        "CertificateFrozen",
        "certificate",
        c.id().hex(),
        "regulator",
        call.organisation().uscc(),
        "reason",
        reason);
    return call.success();
  }

  Outcome unfreeze(Invocation call, Certificate c) {
    if (c.status() != Status.FROZEN) {
      return wrongState(call, c, c.standing(call.today(), Ledger.rules(call.state())), "FROZEN");
    }
    String reason = call.arg(Finance.REASON);
    if (reason.isBlank()) {
      return noReason(call, "unfrozen");
    }
    Certificate back = c.change().unfrozen().done();
    Ledger.put(call.state(), back);
    call.emit(
        "CertificateUnfrozen",
        "certificate",
        c.id().hex(),
        "regulator",
        call.organisation().uscc(),
        "reason",
        reason,
        "status",
        back.status().name());
    return call.success();
  }

  // Settlement.

  Outcome settle(Invocation call, Certificate c) {
    if (c.status() != Status.FROZEN
        && c.status() != Status.SPLIT
        && !Certificate.PAYABLE.contains(c.status())) {
      return wrongState(
          call, c, c.standing(call.today(), Ledger.rules(call.state())), "a certificate to pay");
    }
    if (call.today().isBefore(c.maturity())) {
      return call.fail(
          Finance.NOT_DUE,
          "certificate %s: matures on %s, today is %s",
          c.id().abbreviated(),
          c.maturity(),
          call.today());
    }
    if (c.status() == Status.FROZEN) {
      return call.fail(
          Finance.CERTIFICATE_FROZEN,
          "certificate %s: frozen by a regulator; it is paid once unfrozen",
          c.id().abbreviated());
    }
    if (Certificate.PAYABLE.contains(c.status())) {
      pay(call, c, c.face());
      return call.success();
    }
    if (c.status() != Status.SPLIT) {
      return wrongState(
          call, c, c.standing(call.today(), Ledger.rules(call.state())), "a certificate to pay");
    }
    // A split certificate: pay its root's live pieces, a bounded number of entries per call.
    Hash root = c.root();
    String list = Ledger.treeList(root);
    int size = Ledger.size(call.state(), list);
    int cursor = Ledger.cursor(call.state(), root);
    if (cursor >= size) {
      return call.fail(
          Finance.NOTHING_TO_SETTLE,
          "certificate %s: every piece of root %s has been visited; name a frozen piece to pay it",
          c.id().abbreviated(),
          root.abbreviated());
    }
    int end = Math.min(size, cursor + SETTLE_VISITS_MAX);
    int paid = 0;
    int held = 0;
    for (int i = cursor; i < end; i++) {
      Certificate piece =
          Ledger.certificate(call.state(), Ledger.entry(call.state(), list, i)).orElseThrow();
      if (Certificate.PAYABLE.contains(piece.status())) {
        pay(call, piece, piece.face());
        paid++;
      } else if (piece.status() == Status.FROZEN) {
        held++;
      }
    }
    Ledger.cursor(call.state(), root, end);
    call.emit(
        "SettlementProgress",
        "root",
        root.hex(),
        "paid",
        Integer.toString(paid),
        "frozen",
        Integer.toString(held),
        "remaining",
        Integer.toString(size - end));
    return call.success();
  }

  /** Settles {@code c}, paying {@code amount} to its holder; the line gets the face back. */
  private void pay(Invocation call, Certificate c, Amount amount) {
    Optional<CreditLine> line = Finance.line(call.state(), c.line());
    CreditLine l = line.orElseThrow();
    call.state()
        .put(
            Finance.lineKey(l.id()), CreditLine.CODEC.encode(l.withUsed(l.used().minus(c.face()))));
    Ledger.put(call.state(), c.change().status(Status.SETTLED).done());
    RepaymentRecord.paid(call.state(), c.obligor(), c.face(), c.daysPastDue(call.today()));
    call.emit(
        "CertificatePaid",
        "certificate",
        c.id().hex(),
        "root",
        c.root().hex(),
        "obligor",
        c.obligor(),
        "holder",
        c.holder(),
        "amount",
        amount.toString(),
        "face",
        c.face().toString(),
        "daysLate",
        Long.toString(c.daysPastDue(call.today())));
  }

  Outcome offerEarlyPayment(Invocation call, Certificate c) {
    Optional<Outcome> refused = obligorOnly(call, c, Standing.ACTIVE);
    if (refused.isPresent()) {
      return refused.get();
    }
    Amount amount = call.arg(Finance.AMOUNT);
    if (amount.isZero() || amount.compareTo(c.face()) > 0) {
      return call.fail(
          Finance.INVALID_ARGUMENT,
          "amount: expected more than 0.00 and at most the face %s, found %s",
          c.face(),
          amount);
    }
    Ledger.put(call.state(), c.change().earlyPayment(amount).done());
    call.emit(
        "EarlyPaymentOffered",
        "certificate",
        c.id().hex(),
        "holder",
        c.holder(),
        "amount",
        amount.toString());
    return call.success();
  }

  Outcome acceptEarlyPayment(Invocation call, Certificate c) {
    Optional<Outcome> refused = holderOnly(call, c, Standing.ACTIVE);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (c.earlyPayment().isZero()) {
      return call.fail(
          Finance.NO_EARLY_PAYMENT,
          "certificate %s: expected an early payment offered by %s, found none",
          c.id().abbreviated(),
          c.obligor());
    }
    pay(call, c, c.earlyPayment());
    return call.success();
  }

  Outcome recourse(Invocation call, Certificate c) {
    Optional<Outcome> refused = holderOnly(call, c, null);
    if (refused.isPresent()) {
      return refused.get();
    }
    Standing s = c.standing(call.today(), Ledger.rules(call.state()));
    if (c.status() != Status.FINANCED || (s != Standing.OVERDUE && s != Standing.DEFAULTED)) {
      return wrongState(call, c, s, "FINANCED and past due");
    }
    if (!c.recourse()) {
      return call.fail(
          Finance.NO_RECOURSE,
          "certificate %s: financed without recourse to %s",
          c.id().abbreviated(),
          c.counterparty());
    }
    Ledger.put(call.state(), c.change().status(Status.RECOURSED).done());
    RepaymentRecord.recoursed(call.state(), c.obligor(), c.face());
    call.emit(
        "RecourseTaken",
        "certificate",
        c.id().hex(),
        "root",
        c.root().hex(),
        "obligor",
        c.obligor(),
        "bank",
        c.holder(),
        "against",
        c.counterparty(),
        "face",
        c.face().toString(),
        "daysLate",
        Long.toString(c.daysPastDue(call.today())));
    return call.success();
  }

  Outcome writeOff(Invocation call, Certificate c) {
    Optional<Outcome> refused = holderOnly(call, c, Standing.DEFAULTED);
    if (refused.isPresent()) {
      return refused.get();
    }
    Ledger.put(call.state(), c.change().status(Status.WRITTEN_OFF).done());
    RepaymentRecord.writtenOff(call.state(), c.obligor(), c.face());
    call.emit(
        "CertificateWrittenOff",
        "certificate",
        c.id().hex(),
        "root",
        c.root().hex(),
        "holder",
        c.holder(),
        "obligor",
        c.obligor(),
        "face",
        c.face().toString(),
        "daysLate",
        Long.toString(c.daysPastDue(call.today())));
    return call.success();
  }

  // Checks shared by the handlers.

  /** A step on one certificate. */
  interface Step {
    Outcome apply(Invocation call, Certificate c);
  }

  /**
   * The handler that finds the certificate named by the call's argument and applies {@code step}.
   */
  static io.credence.execution.Method.Handler on(Step step) {
    return call ->
        Ledger.certificate(call.state(), call.arg(Finance.CERTIFICATE))
            .map(c -> step.apply(call, c))
            .orElseGet(() -> notFound(call));
  }

  private static Outcome notFound(Invocation call) {
    return call.fail(
        Finance.CERTIFICATE_NOT_FOUND,
        "certificate %s: expected a receivable certificate, found none",
        call.arg(Finance.CERTIFICATE).abbreviated());
  }

  /** The refusal of a sender who is not {@code party}, the one {@code relation} names. */
  private static Outcome notThe(
      Invocation call, Certificate c, String code, String relation, String party) {
    return call.fail(
        code,
        "certificate %s: %s %s, the sender is of %s",
        c.id().abbreviated(),
        relation,
        party,
        call.organisation().uscc());
  }

  /** The holder only, and the certificate in {@code expected} (null: any) on the block's day. */
  private static Optional<Outcome> holderOnly(Invocation call, Certificate c, Standing expected) {
    if (!c.holder().equals(call.organisation().uscc())) {
      return Optional.of(notThe(call, c, Finance.NOT_THE_HOLDER, "held by", c.holder()));
    }
    return inState(call, c, expected);
  }

  private static Optional<Outcome> obligorOnly(Invocation call, Certificate c, Standing expected) {
    if (!c.obligor().equals(call.organisation().uscc())) {
      return Optional.of(notThe(call, c, Finance.NOT_THE_OBLIGOR, "owed by", c.obligor()));
    }
    return inState(call, c, expected);
  }

  private static Optional<Outcome> inState(Invocation call, Certificate c, Standing expected) {
    if (expected == null) {
      return Optional.empty();
    }
    Standing s = c.standing(call.today(), Ledger.rules(call.state()));
    if (s == expected) {
      return Optional.empty();
    }
    // Asked for a past-due standing (a write-off): not yet past due enough is a plain wrong state.
    return Optional.of(
        PAST_DUE.contains(expected)
            ? call.fail(
                Finance.WRONG_STATE,
                "certificate %s: expected %s, found %s",
                c.id().abbreviated(),
                expected,
                s)
            : wrongState(call, c, s, expected.name()));
  }

  private static final Set<Standing> PAST_DUE = EnumSet.of(Standing.OVERDUE, Standing.DEFAULTED);

  /**
   * The most specific code for a certificate found in {@code found} instead of {@code expected}.
   */
  private static Outcome wrongState(
      Invocation call, Certificate c, Standing found, String expected) {
    String code =
        switch (found) {
          case PLEDGED -> Finance.CERTIFICATE_PLEDGED;
          case FROZEN -> Finance.CERTIFICATE_FROZEN;
          default -> PAST_DUE.contains(found) ? Finance.PAST_MATURITY : Finance.WRONG_STATE;
        };
    return call.fail(
        code, "certificate %s: expected %s, found %s", c.id().abbreviated(), expected, found);
  }

  private static Optional<Outcome> member(Invocation call, String field, String uscc) {
    if (IdentityRegistry.organisation(call.state(), uscc).isEmpty()) {
      return Optional.of(
          call.fail(Finance.NOT_A_MEMBER, "%s: expected a member's USCC, found '%s'", field, uscc));
    }
    return Optional.empty();
  }

  private static Optional<Amount> sum(Amount a, Amount b) {
    try {
      return Optional.of(a.plus(b));
    } catch (ArithmeticException e) {
      return Optional.empty();
    }
  }

  private static Outcome overflow(Invocation call, String what) {
    return call.fail(Finance.AMOUNT_OVERFLOW, "%s: the sum exceeds the largest amount", what);
  }
}
