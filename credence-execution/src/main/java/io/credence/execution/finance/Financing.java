package io.credence.execution.finance;

import io.credence.core.Amount;
import io.credence.core.CalendarDate;
import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;

/**
 * A financing as approved: which offer, who sold the certificate to which bank, its face and the
 * advance paid, and the number and date of its registration in the national movable-property
 * financing registry (required since June 2025; the registration itself happens off chain).
 */
public record Financing(
    Hash certificate,
    Hash offer,
    String bank,
    String from,
    Amount face,
    Amount advance,
    int annualCostBp,
    boolean recourse,
    String registrationNumber,
    CalendarDate registrationDate,
    CalendarDate financedOn) {
  public static final int REGISTRATION_NUMBER_BYTES_MAX = 64;

  static final Codec<Financing> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Financing f) {
          f.certificate.write(w);
          f.offer.write(w);
          w.string(f.bank).string(f.from);
          Amount.CODEC.write(w, f.face);
          Amount.CODEC.write(w, f.advance);
          w.u32(f.annualCostBp).bool(f.recourse).string(f.registrationNumber);
          CalendarDate.CODEC.write(w, f.registrationDate);
          CalendarDate.CODEC.write(w, f.financedOn);
        }

        @Override
        public Financing read(Reader r) {
          return new Financing(
              Hash.read(r),
              Hash.read(r),
              r.string("financing.bank", 18),
              r.string("financing.from", 18),
              Amount.CODEC.read(r),
              Amount.CODEC.read(r),
              r.u32(),
              r.bool(),
              r.string("financing.registrationNumber", REGISTRATION_NUMBER_BYTES_MAX),
              CalendarDate.CODEC.read(r),
              CalendarDate.CODEC.read(r));
        }
      };
}
