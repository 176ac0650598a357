package io.credence.execution.governance;

import io.credence.core.CalendarDate;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.execution.ContractState;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * The fee schedule and what each organisation owes under it. The schedule (a fee in fen per {@code
 * contract.method}, none for a method not listed) is governance's, changed only by a passed vote.
 * Each transaction included in a block owes its method's fee as the schedule stood before it ran,
 * whether its call succeeded or was refused (it took its place in the chain either way), accrued to
 * the sender's organisation for the calendar month of its block: no token moves, the members settle
 * among themselves by the statement ({@code credence incentives statement}), which shares each
 * month's fees among the organisations that ran validators by their signatures in the month's
 * commit seals.
 */
public final class Fees {
  /** A method's fee's ceiling: one million yuan. */
  public static final long FEE_FEN_MAX = 100_000_000L;

  /** Methods the schedule lists at most. */
  public static final int SCHEDULE_MAX = 1_024;

  static final byte[] SCHEDULE = "governance/fees".getBytes(StandardCharsets.US_ASCII);

  private Fees() {}

  /** The schedule in force: fee in fen by {@code contract.method}. */
  public static TreeMap<String, Long> schedule(ContractState state) {
    byte[] raw = state.get(SCHEDULE);
    TreeMap<String, Long> out = new TreeMap<>();
    if (raw == null) {
      return out;
    }
    Reader r = new Reader(raw);
    int n = r.length("governance.fees", SCHEDULE_MAX);
    for (int i = 0; i < n; i++) {
      out.put(r.string("method", 128), r.u64());
    }
    r.finish();
    return out;
  }

  static void putSchedule(ContractState state, TreeMap<String, Long> schedule) {
    Writer w = new Writer().varint(schedule.size());
    schedule.forEach((method, fen) -> w.string(method).u64(fen));
    state.put(SCHEDULE, w.toByteArray());
  }

  /** The fee of {@code contract.method} in fen under {@code schedule}: see {@link #fee}. */
  public static long fee(java.util.Map<String, Long> schedule, String contract, String method) {
    Long exact = schedule.get(contract + "." + method);
    return exact != null ? exact : schedule.getOrDefault(contract + ".*", 0L);
  }

  /**
   * The fee of {@code contract.method} in fen: the schedule's entry for the method, else its entry
   * for every method of the contract ({@code contract.*}), else 0.
   */
  public static long fee(ContractState state, String contract, String method) {
    return fee(schedule(state), contract, method);
  }

  /** The period of a block stamped {@code timestampMillis}: its calendar month, {@code yyyy-mm}. */
  public static String period(long timestampMillis) {
    return CalendarDate.ofEpochMillis(timestampMillis).toString().substring(0, 7);
  }

  /** What an organisation owes for a period: fen and the number of transactions charged. */
  public record Owed(long fen, long transactions) {}

  private static byte[] owedKey(String period, String organisation) {
    return ("incentives/fees/" + period + "/" + organisation).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] totalKey(String period) {
    return ("incentives/total/" + period).getBytes(StandardCharsets.US_ASCII);
  }

  /** What {@code organisation} owes for {@code period}, as accrued on chain. */
  public static Owed owed(ContractState state, String period, String organisation) {
    return read(state.get(owedKey(period, organisation)));
  }

  /** What all organisations owe for {@code period}, as accrued on chain. */
  public static Owed total(ContractState state, String period) {
    return read(state.get(totalKey(period)));
  }

  private static Owed read(byte[] raw) {
    if (raw == null) {
      return new Owed(0, 0);
    }
    Reader r = new Reader(raw);
    Owed owed = new Owed(r.u64(), r.u64());
    r.finish();
    return owed;
  }

  /**
   * Accrues {@code fen} owed by {@code organisation} for one transaction in {@code period}; nothing
   * when the fee is 0. Written by the executor, outside any contract's namespace.
   */
  public static void accrue(ContractState state, String period, String organisation, long fen) {
    if (fen == 0) {
      return;
    }
    add(state, owedKey(period, organisation), fen);
    add(state, totalKey(period), fen);
  }

  private static void add(ContractState state, byte[] key, long fen) {
    Owed now = read(state.get(key));
    state.put(
        key,
        new Writer().u64(Math.addExact(now.fen(), fen)).u64(now.transactions() + 1).toByteArray());
  }
}
