package io.credence.execution.finance;

import io.credence.core.Amount;
import io.credence.core.Hash;
import io.credence.core.genesis.OrganisationRole;
import io.credence.execution.MapState;
import io.credence.execution.finance.Certificate.Status;
import io.credence.execution.identity.IdentityRegistry;
import io.credence.execution.identity.Organisation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DOMAIN.md's certificate invariants checked on the stored state alone: every certificate, line,
 * invoice and financing is read back from the keys under {@code finance/}, so a record no model
 * knows about is checked too. Returns the violations found, each naming its object.
 */
final class CertificateInvariants {
  private CertificateInvariants() {}

  /** States whose face still uses the line: confirmed, not split into pieces, not paid. */
  private static final Set<Status> USES_THE_LINE =
      EnumSet.of(
          Status.ACTIVE,
          Status.TRANSFER_PENDING,
          Status.FINANCING_PENDING,
          Status.FINANCED,
          Status.PLEDGED,
          Status.FROZEN,
          Status.RECOURSED,
          Status.WRITTEN_OFF);

  static List<Certificate> certificates(MapState state) {
    List<Certificate> out = new ArrayList<>();
    for (var e : state.withPrefix("finance/certificate/")) {
      out.add(Certificate.CODEC.decode(e.getValue()));
    }
    return out;
  }

  static List<String> violations(MapState state) {
    Rules rules = Ledger.rules(state);
    List<String> v = new ArrayList<>();
    List<Certificate> all = certificates(state);
    Map<Hash, Certificate> byId = new HashMap<>();
    Map<Hash, List<Certificate>> children = new HashMap<>();
    for (Certificate c : all) {
      byId.put(c.id(), c);
      if (!c.parent().equals(Hash.ZERO)) {
        children.computeIfAbsent(c.parent(), k -> new ArrayList<>()).add(c);
      }
    }
    for (Certificate c : all) {
      String name = "certificate " + c.id().abbreviated();
      // 1. Conservation: a split retires the parent; its pieces add up to its face.
      List<Certificate> pieces = children.getOrDefault(c.id(), List.of());
      if (c.status() == Status.SPLIT) {
        BigInteger sum = BigInteger.ZERO;
        for (Certificate p : pieces) {
          sum = sum.add(BigInteger.valueOf(p.face().fen()));
        }
        if (pieces.size() < 2 || !sum.equals(BigInteger.valueOf(c.face().fen()))) {
          v.add(
              "1 conservation: "
                  + name
                  + " split into "
                  + pieces.size()
                  + " pieces adding up to "
                  + sum
                  + " fen, expected "
                  + c.face().fen());
        }
      } else if (!pieces.isEmpty()) {
        v.add("1 conservation: " + name + " has pieces but is " + c.status());
      }
      // 2. Obligor, maturity, root, seller and invoice are the parent's; depth grows, capped.
      if (!c.parent().equals(Hash.ZERO)) {
        Certificate parent = byId.get(c.parent());
        if (parent == null) {
          v.add("2 tree: " + name + " has no parent " + c.parent().abbreviated());
        } else if (!parent.obligor().equals(c.obligor())
            || !parent.maturity().equals(c.maturity())
            || !parent.root().equals(c.root())
            || !parent.seller().equals(c.seller())
            || !parent.invoice().equals(c.invoice())
            || !parent.line().equals(c.line())
            || c.depth() <= parent.depth()) {
          v.add("2 tree: " + name + " differs from its parent " + parent.id().abbreviated());
        }
      } else if (!c.root().equals(c.id())) {
        v.add("2 tree: " + name + " has no parent but root " + c.root().abbreviated());
      }
      if (c.depth() > rules.depthMax()) {
        v.add("2 tree: " + name + " at depth " + c.depth() + " > depthMax " + rules.depthMax());
      }
      // 3. Tenor.
      if (!c.line().equals(Hash.ZERO)) {
        long tenor = c.issued().daysUntil(c.maturity());
        if (tenor < 1 || tenor > rules.tenorDaysMax()) {
          v.add("3 tenor: " + name + " of " + tenor + " days");
        }
      }
      // 6. A financed certificate is held by a bank, with its financing recorded.
      if (c.status() == Status.FINANCED
          || (c.status() == Status.FROZEN && c.beforeFreeze() == Status.FINANCED)) {
        Optional<Financing> f = Ledger.financing(state, c.id());
        if (!isA(state, c.holder(), OrganisationRole.BANK)
            || f.isEmpty()
            || !f.get().bank().equals(c.holder())) {
          v.add("6 financing: " + name + " FINANCED but held by " + c.holder());
        }
      }
      if (c.status() == Status.PLEDGED && !isA(state, c.counterparty(), OrganisationRole.BANK)) {
        v.add("6 pledge: " + name + " pledged to " + c.counterparty() + ", not a bank");
      }
      // 7. A pending transfer waits on another member, at the latest until maturity.
      if (c.status() == Status.TRANSFER_PENDING
          && (c.counterparty().equals(c.holder())
              || IdentityRegistry.organisation(state, c.counterparty()).isEmpty()
              || c.until().isAfter(c.maturity()))) {
        v.add("7 transfer: " + name + " offered to " + c.counterparty() + " until " + c.until());
      }
      // 8. A frozen certificate remembers a live state to return to.
      if (c.status() == Status.FROZEN && !Certificate.PAYABLE.contains(c.beforeFreeze())) {
        v.add("8 frozen: " + name + " would return to " + c.beforeFreeze());
      }
    }
    // 4. Lines: used within the limit, and equal to the live confirmed faces under it.
    for (var e : state.withPrefix("finance/line/")) {
      if (e.getKey().length != "finance/line/".length() + 2 * Hash.LENGTH) {
        continue; // a line's list of certificates, not the line
      }
      CreditLine l = CreditLine.CODEC.decode(e.getValue());
      long live = 0;
      for (Certificate c : all) {
        if (c.line().equals(l.id()) && USES_THE_LINE.contains(c.status())) {
          live = Math.addExact(live, c.face().fen());
        }
      }
      if (l.used().compareTo(l.limit()) > 0 || l.used().fen() != live) {
        v.add(
            "4 line "
                + l.id().abbreviated()
                + ": used "
                + l.used()
                + " of limit "
                + l.limit()
                + ", live certificates "
                + Amount.ofFen(live));
      }
    }
    // 5. Invoices: certified = the roots citing it not rejected or withdrawn; both within amount.
    for (var e : state.withPrefix("finance/invoice/")) {
      if (e.getKey().length != "finance/invoice/".length() + 2 * Hash.LENGTH) {
        continue; // A list key under the invoice, not the invoice.
      }
      Invoice i = Invoice.CODEC.decode(e.getValue());
      long certified = 0;
      long financed = 0;
      for (Certificate c : all) {
        if (!c.invoice().equals(i.key())) {
          continue;
        }
        if (c.parent().equals(Hash.ZERO)
            && c.status() != Status.REJECTED
            && c.status() != Status.WITHDRAWN) {
          certified = Math.addExact(certified, c.face().fen());
        }
        Optional<Financing> f = Ledger.financing(state, c.id());
        if (f.isPresent()) {
          financed = Math.addExact(financed, f.get().face().fen());
        }
      }
      if (i.certified().fen() != certified
          || i.financed().fen() != financed
          || i.certified().compareTo(i.amount()) > 0
          || i.financed().compareTo(i.amount()) > 0) {
        v.add(
            "5 invoice "
                + i.number()
                + ": amount "
                + i.amount()
                + ", certified "
                + i.certified()
                + " (certificates "
                + Amount.ofFen(certified)
                + "), financed "
                + i.financed()
                + " (financings "
                + Amount.ofFen(financed)
                + ")");
      }
    }
    return v;
  }

  private static boolean isA(MapState state, String uscc, OrganisationRole role) {
    Optional<Organisation> o = IdentityRegistry.organisation(state, uscc);
    return o.isPresent() && o.get().role() == role;
  }
}
