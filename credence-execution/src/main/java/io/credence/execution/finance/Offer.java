package io.credence.execution.finance;

import io.credence.core.CalendarDate;
import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;

/**
 * A bank's offer to finance a certificate: the supplier's all-in annualised cost in basis points
 * (discount rate plus every fee, as the 2025 rules require it be stated), whether the bank keeps
 * recourse to the seller if the obligor does not pay, the last day the holder may take it, and
 * whether the bank finances only a certificate whose trade a goods receipt backs with the buyer's
 * receiving event.
 */
public record Offer(
    Hash id,
    Hash certificate,
    String bank,
    int annualCostBp,
    boolean recourse,
    CalendarDate validUntil,
    boolean tradeBackedOnly) {
  /** The highest all-in cost an offer may state: 36% a year. */
  public static final int ANNUAL_COST_BP_MAX = 3_600;

  static final Codec<Offer> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Offer o) {
          o.id.write(w);
          o.certificate.write(w);
          w.string(o.bank).u32(o.annualCostBp).bool(o.recourse);
          CalendarDate.CODEC.write(w, o.validUntil);
          w.bool(o.tradeBackedOnly);
        }

        @Override
        public Offer read(Reader r) {
          return new Offer(
              Hash.read(r),
              Hash.read(r),
              r.string("offer.bank", 18),
              r.u32(),
              r.bool(),
              CalendarDate.CODEC.read(r),
              r.bool());
        }
      };
}
