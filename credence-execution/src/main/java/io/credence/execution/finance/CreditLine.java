package io.credence.execution.finance;

import io.credence.core.Amount;
import io.credence.core.CalendarDate;
import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;

/**
 * A bank's credit line to a core enterprise: a limit, what certificates issued under it use now,
 * and the days it is valid. Issuing uses it, settlement gives it back; the bank changes or closes
 * it.
 */
public record CreditLine(
    Hash id,
    String bank,
    String obligor,
    Amount limit,
    Amount used,
    CalendarDate validFrom,
    CalendarDate validUntil,
    Status status) {
  public enum Status {
    OPEN,
    CLOSED
  }

  /** What is left to issue: the limit less what is used (zero if a lowered limit is below it). */
  public Amount available() {
    return used.compareTo(limit) >= 0 ? Amount.ZERO : limit.minus(used);
  }

  CreditLine with(Amount newLimit, CalendarDate newUntil) {
    return new CreditLine(id, bank, obligor, newLimit, used, validFrom, newUntil, status);
  }

  CreditLine withUsed(Amount newUsed) {
    return new CreditLine(id, bank, obligor, limit, newUsed, validFrom, validUntil, status);
  }

  CreditLine closed() {
    return new CreditLine(id, bank, obligor, limit, used, validFrom, validUntil, Status.CLOSED);
  }

  static final Codec<CreditLine> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, CreditLine l) {
          l.id.write(w);
          w.string(l.bank).string(l.obligor);
          Amount.CODEC.write(w, l.limit);
          Amount.CODEC.write(w, l.used);
          CalendarDate.CODEC.write(w, l.validFrom);
          CalendarDate.CODEC.write(w, l.validUntil);
          w.u8(l.status.ordinal());
        }

        @Override
        public CreditLine read(Reader r) {
          Hash id = Hash.read(r);
          String bank = r.string("line.bank", 18);
          String obligor = r.string("line.obligor", 18);
          Amount limit = Amount.CODEC.read(r);
          Amount used = Amount.CODEC.read(r);
          CalendarDate from = CalendarDate.CODEC.read(r);
          CalendarDate until = CalendarDate.CODEC.read(r);
          int status = r.u8();
          if (status >= Status.values().length) {
            throw new CodecException("line.status: unknown ordinal " + status);
          }
          return new CreditLine(
              id, bank, obligor, limit, used, from, until, Status.values()[status]);
        }
      };
}
