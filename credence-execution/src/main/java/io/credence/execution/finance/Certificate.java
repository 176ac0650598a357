package io.credence.execution.finance;

import io.credence.core.Amount;
import io.credence.core.CalendarDate;
import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.util.EnumSet;
import java.util.Set;

/**
 * A receivable certificate (DOMAIN.md): the obligor's irrevocable promise to pay {@code face} on
 * {@code maturity} to whoever holds it then. Pieces split from one root share its obligor,
 * maturity, seller and invoice. {@code counterparty} is the party a pending step waits on (the
 * receiver of a transfer, the bank of a financing request, the pledgee) or, once financed, the
 * party that sold it to the bank; {@code until} is the last day a pending transfer may be accepted.
 */
public record Certificate(
    Hash id,
    Hash root,
    Hash parent,
    String obligor,
    String seller,
    String holder,
    Amount face,
    CalendarDate issued,
    CalendarDate maturity,
    int depth,
    Hash line,
    Hash invoice,
    Status status,
    Status beforeFreeze,
    String counterparty,
    CalendarDate until,
    Hash offer,
    boolean recourse,
    Amount earlyPayment) {

  /** Stored states; OVERDUE and DEFAULTED are read from the date (see {@link #standing}). */
  public enum Status {
    PENDING_CONFIRM,
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

  /** What a certificate is on a given day: its stored state, or what the calendar made of it. */
  public enum Standing {
    PENDING_CONFIRM,
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
    WRITTEN_OFF,
    OVERDUE,
    DEFAULTED
  }

  /** States clearing pays at maturity (a pending step is dropped and the holder paid). */
  public static final Set<Status> PAYABLE =
      EnumSet.of(
          Status.ACTIVE,
          Status.FINANCED,
          Status.PLEDGED,
          Status.TRANSFER_PENDING,
          Status.FINANCING_PENDING);

  /** States after which nothing changes. */
  public static final Set<Status> FINAL =
      EnumSet.of(
          Status.SPLIT,
          Status.SETTLED,
          Status.REJECTED,
          Status.WITHDRAWN,
          Status.RECOURSED,
          Status.WRITTEN_OFF);

  /**
   * The state a holder's request meets on {@code today}: a transfer not accepted by its last day is
   * back with the sender (ACTIVE); an unpaid certificate past maturity is OVERDUE, and DEFAULTED
   * from {@code defaultDays} past due (90 by default, as the analyser and Basel count a default).
   */
  public Standing standing(CalendarDate today, Rules rules) {
    Status s = status == Status.TRANSFER_PENDING && today.isAfter(until) ? Status.ACTIVE : status;
    if (PAYABLE.contains(s) && today.isAfter(maturity)) {
      return maturity.daysUntil(today) >= rules.defaultDays()
          ? Standing.DEFAULTED
          : Standing.OVERDUE;
    }
    return Standing.valueOf(s.name());
  }

  /** Days past maturity on {@code today} (0 if not yet due). */
  public long daysPastDue(CalendarDate today) {
    return today.isAfter(maturity) ? maturity.daysUntil(today) : 0;
  }

  public Change change() {
    return new Change(this);
  }

  /** A copy with some fields changed. */
  public static final class Change {
    private Hash id;
    private Hash parent;
    private String holder;
    private Amount face;
    private CalendarDate issued;
    private int depth;
    private Hash line;
    private Status status;
    private Status beforeFreeze;
    private String counterparty;
    private CalendarDate until;
    private Hash offer;
    private boolean recourse;
    private Amount earlyPayment;
    private final Certificate of;

    private Change(Certificate c) {
      of = c;
      id = c.id;
      parent = c.parent;
      holder = c.holder;
      face = c.face;
      issued = c.issued;
      depth = c.depth;
      line = c.line;
      status = c.status;
      beforeFreeze = c.beforeFreeze;
      counterparty = c.counterparty;
      until = c.until;
      offer = c.offer;
      recourse = c.recourse;
      earlyPayment = c.earlyPayment;
    }

    public Change id(Hash v) {
      id = v;
      return this;
    }

    public Change parent(Hash v) {
      parent = v;
      return this;
    }

    public Change holder(String v) {
      holder = v;
      return this;
    }

    public Change face(Amount v) {
      face = v;
      return this;
    }

    public Change issued(CalendarDate v) {
      issued = v;
      return this;
    }

    public Change depth(int v) {
      depth = v;
      return this;
    }

    public Change line(Hash v) {
      line = v;
      return this;
    }

    /** A new state; any pending step (counterparty, last day, offer, early payment) ends. */
    public Change status(Status v) {
      status = v;
      counterparty = "";
      until = of.issued;
      offer = Hash.ZERO;
      earlyPayment = Amount.ZERO;
      return this;
    }

    /** Frozen: the state it was in is kept, and so is any pending step. */
    public Change frozen() {
      beforeFreeze = of.status;
      status = Status.FROZEN;
      return this;
    }

    /** Back to the state it was frozen in, with its pending step. */
    public Change unfrozen() {
      status = of.beforeFreeze;
      return this;
    }

    public Change counterparty(String v) {
      counterparty = v;
      return this;
    }

    public Change until(CalendarDate v) {
      until = v;
      return this;
    }

    public Change offer(Hash v) {
      offer = v;
      return this;
    }

    public Change recourse(boolean v) {
      recourse = v;
      return this;
    }

    public Change earlyPayment(Amount v) {
      earlyPayment = v;
      return this;
    }

    public Certificate done() {
      return new Certificate(
          id,
          of.root,
          parent,
          of.obligor,
          of.seller,
          holder,
          face,
          issued,
          of.maturity,
          depth,
          line,
          of.invoice,
          status,
          beforeFreeze,
          counterparty,
          until,
          offer,
          recourse,
          earlyPayment);
    }
  }

  static final Codec<Certificate> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Certificate c) {
          c.id.write(w);
          c.root.write(w);
          c.parent.write(w);
          w.string(c.obligor).string(c.seller).string(c.holder);
          Amount.CODEC.write(w, c.face);
          CalendarDate.CODEC.write(w, c.issued);
          CalendarDate.CODEC.write(w, c.maturity);
          w.u32(c.depth);
          c.line.write(w);
          c.invoice.write(w);
          w.u8(c.status.ordinal()).u8(c.beforeFreeze.ordinal());
          w.string(c.counterparty);
          CalendarDate.CODEC.write(w, c.until);
          c.offer.write(w);
          w.bool(c.recourse);
          Amount.CODEC.write(w, c.earlyPayment);
        }

        @Override
        public Certificate read(Reader r) {
          return new Certificate(
              Hash.read(r),
              Hash.read(r),
              Hash.read(r),
              r.string("certificate.obligor", 18),
              r.string("certificate.seller", 18),
              r.string("certificate.holder", 18),
              Amount.CODEC.read(r),
              CalendarDate.CODEC.read(r),
              CalendarDate.CODEC.read(r),
              r.u32(),
              Hash.read(r),
              Hash.read(r),
              status(r.u8()),
              status(r.u8()),
              r.string("certificate.counterparty", 18),
              CalendarDate.CODEC.read(r),
              Hash.read(r),
              r.bool(),
              Amount.CODEC.read(r));
        }

        private Status status(int ordinal) {
          if (ordinal >= Status.values().length) {
            throw new CodecException("certificate.status: unknown ordinal " + ordinal);
          }
          return Status.values()[ordinal];
        }
      };
}
