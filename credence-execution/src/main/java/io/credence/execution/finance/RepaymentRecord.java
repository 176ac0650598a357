package io.credence.execution.finance;

import io.credence.core.Amount;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.types.Param;
import io.credence.core.types.Types;
import io.credence.core.types.Values;
import io.credence.execution.ContractState;
import io.credence.execution.Query;
import io.credence.execution.QueryCall;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A core enterprise's repayment record, kept by the finance contract as its certificates end: each
 * piece paid (on its maturity or before it, or how many days late), each piece a bank took recourse
 * on because it was not paid, each piece written off. Amounts are the pieces' faces, so a
 * certificate split into many pieces weighs what it owed, not how often it was split. What is still
 * outstanding is not here: it has not ended yet (the certificates and the analyser's reading of the
 * history say what is overdue today). The same numbers for everyone: a bank reads them before it
 * offers to finance a certificate of this obligor, and the analyser shows them beside its estimate.
 */
public record RepaymentRecord(
    long settled,
    long settledFen,
    long onTime,
    long onTimeFen,
    long daysLateTotal,
    long daysLateMax,
    long recoursed,
    long recoursedFen,
    long writtenOff,
    long writtenOffFen) {
  static final RepaymentRecord NONE = new RepaymentRecord(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  static byte[] key(String obligor) {
    return Ledger.key("repayment/" + obligor);
  }

  /** {@code obligor}'s record in {@code state}; all zero for one with no certificate ended. */
  public static RepaymentRecord of(ContractState state, String obligor) {
    byte[] raw = state.get(key(obligor));
    if (raw == null) {
      return NONE;
    }
    Reader r = new Reader(raw);
    RepaymentRecord out =
        new RepaymentRecord(
            r.u64(), r.u64(), r.u64(), r.u64(), r.u64(), r.u64(), r.u64(), r.u64(), r.u64(),
            r.u64());
    r.finish();
    return out;
  }

  private void put(ContractState state, String obligor) {
    state.put(
        key(obligor),
        new Writer()
            .u64(settled)
            .u64(settledFen)
            .u64(onTime)
            .u64(onTimeFen)
            .u64(daysLateTotal)
            .u64(daysLateMax)
            .u64(recoursed)
            .u64(recoursedFen)
            .u64(writtenOff)
            .u64(writtenOffFen)
            .toByteArray());
  }

  /** A piece of face {@code face} paid {@code daysLate} days after its maturity (0: on time). */
  static void paid(ContractState state, String obligor, Amount face, long daysLate) {
    RepaymentRecord r = of(state, obligor);
    boolean late = daysLate > 0;
    new RepaymentRecord(
            r.settled + 1,
            Math.addExact(r.settledFen, face.fen()),
            r.onTime + (late ? 0 : 1),
            Math.addExact(r.onTimeFen, late ? 0 : face.fen()),
            Math.addExact(r.daysLateTotal, daysLate),
            Math.max(r.daysLateMax, daysLate),
            r.recoursed,
            r.recoursedFen,
            r.writtenOff,
            r.writtenOffFen)
        .put(state, obligor);
  }

  /** A piece the obligor did not pay, on which the holding bank took recourse to the seller. */
  static void recoursed(ContractState state, String obligor, Amount face) {
    RepaymentRecord r = of(state, obligor);
    new RepaymentRecord(
            r.settled,
            r.settledFen,
            r.onTime,
            r.onTimeFen,
            r.daysLateTotal,
            r.daysLateMax,
            r.recoursed + 1,
            Math.addExact(r.recoursedFen, face.fen()),
            r.writtenOff,
            r.writtenOffFen)
        .put(state, obligor);
  }

  /** A piece the obligor did not pay, written off by its holder once defaulted. */
  static void writtenOff(ContractState state, String obligor, Amount face) {
    RepaymentRecord r = of(state, obligor);
    new RepaymentRecord(
            r.settled,
            r.settledFen,
            r.onTime,
            r.onTimeFen,
            r.daysLateTotal,
            r.daysLateMax,
            r.recoursed,
            r.recoursedFen,
            r.writtenOff + 1,
            Math.addExact(r.writtenOffFen, face.fen()))
        .put(state, obligor);
  }

  /** Pieces that ended unpaid by the obligor: recourse taken or written off. */
  public long defaults() {
    return recoursed + writtenOff;
  }

  /**
   * The share of the face settled that was paid on time, in basis points (10,000 is all of it); 0
   * when nothing was settled.
   */
  public long onTimeBasisPoints() {
    return settledFen == 0
        ? 0
        : java.math.BigInteger.valueOf(onTimeFen)
            .multiply(java.math.BigInteger.valueOf(10_000))
            .divide(java.math.BigInteger.valueOf(settledFen))
            .longValueExact();
  }

  static final io.credence.core.types.Type ANSWER =
      Types.record(
          Param.text("obligor", 18, "the core enterprise's USCC").field(),
          Param.u64("settled", "pieces paid").field(),
          Param.amount("settledFace", "their faces").field(),
          Param.u64("onTime", "pieces paid on or before maturity").field(),
          Param.amount("onTimeFace", "").field(),
          Param.u64("onTimeBasisPoints", "on-time share of the face settled; 10000 is all").field(),
          Param.u64("daysLateTotal", "days late summed over the pieces paid").field(),
          Param.u64("daysLateMax", "the latest payment, in days past maturity").field(),
          Param.u64("recoursed", "pieces unpaid, recourse taken to the seller").field(),
          Param.amount("recoursedFace", "").field(),
          Param.u64("writtenOff", "pieces unpaid, written off").field(),
          Param.amount("writtenOffFace", "").field(),
          Param.u64("defaults", "recoursed and written off").field());

  static final Param<String> OBLIGOR =
      Param.text("obligor", 18, "the core enterprise's unified social credit code (USCC)");

  static Query query() {
    return Query.named("repayment")
        .doc(
            "A core enterprise's repayment record from its certificates that ended: paid on time"
                + " or late, recourse taken, written off")
        .args(OBLIGOR)
        .answers(ANSWER)
        .handle(RepaymentRecord::answer);
  }

  private static Object answer(QueryCall q) {
    String obligor = q.arg(OBLIGOR);
    RepaymentRecord r = of(q.state(), obligor);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("obligor", obligor);
    v.put("settled", r.settled);
    v.put("settledFace", Amount.ofFen(r.settledFen));
    v.put("onTime", r.onTime);
    v.put("onTimeFace", Amount.ofFen(r.onTimeFen));
    v.put("onTimeBasisPoints", r.onTimeBasisPoints());
    v.put("daysLateTotal", r.daysLateTotal);
    v.put("daysLateMax", r.daysLateMax);
    v.put("recoursed", r.recoursed);
    v.put("recoursedFace", Amount.ofFen(r.recoursedFen));
    v.put("writtenOff", r.writtenOff);
    v.put("writtenOffFace", Amount.ofFen(r.writtenOffFen));
    v.put("defaults", r.defaults());
    return new Values(v);
  }
}
