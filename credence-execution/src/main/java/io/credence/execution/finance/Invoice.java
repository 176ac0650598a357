package io.credence.execution.finance;

import io.credence.core.Amount;
import io.credence.core.CalendarDate;
import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;

/**
 * An invoice in the registry, keyed by hash(seller USCC, number): its amount, the face of the
 * certificates that cite it (submitted or confirmed) and what has been financed against it. Both
 * totals stay within the amount (DOMAIN.md invariant 5, the double-financing guard); {@code uses}
 * counts the certificates that ever cited it; {@code receiveEvent} is the traceability event in
 * which the buyer received the goods the seller shipped, cited by a goods receipt (0: none).
 */
public record Invoice(
    Hash key,
    String seller,
    String buyer,
    String number,
    Amount amount,
    CalendarDate issued,
    Hash document,
    Amount certified,
    Amount financed,
    int uses,
    long receiveEvent) {
  public static final int NUMBER_BYTES_MAX = 64;

  /** What may still be certified against it. */
  public Amount uncertified() {
    return amount.minus(certified);
  }

  Invoice withCertified(Amount value, int newUses) {
    return new Invoice(
        key,
        seller,
        buyer,
        number,
        amount,
        issued,
        document,
        value,
        financed,
        newUses,
        receiveEvent);
  }

  Invoice withFinanced(Amount value) {
    return new Invoice(
        key, seller, buyer, number, amount, issued, document, certified, value, uses, receiveEvent);
  }

  Invoice withReceiveEvent(long event) {
    return new Invoice(
        key, seller, buyer, number, amount, issued, document, certified, financed, uses, event);
  }

  /** Whether a goods receipt backs it with the buyer's receiving event. */
  public boolean tradeBacked() {
    return receiveEvent != 0;
  }

  static final Codec<Invoice> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Invoice i) {
          i.key.write(w);
          w.string(i.seller).string(i.buyer).string(i.number);
          Amount.CODEC.write(w, i.amount);
          CalendarDate.CODEC.write(w, i.issued);
          i.document.write(w);
          Amount.CODEC.write(w, i.certified);
          Amount.CODEC.write(w, i.financed);
          w.u32(i.uses).u64(i.receiveEvent);
        }

        @Override
        public Invoice read(Reader r) {
          return new Invoice(
              Hash.read(r),
              r.string("invoice.seller", 18),
              r.string("invoice.buyer", 18),
              r.string("invoice.number", NUMBER_BYTES_MAX),
              Amount.CODEC.read(r),
              CalendarDate.CODEC.read(r),
              Hash.read(r),
              Amount.CODEC.read(r),
              Amount.CODEC.read(r),
              r.u32(),
              r.u64());
        }
      };
}
