package io.credence.execution;

import io.credence.core.CalendarDate;
import io.credence.core.types.Param;
import io.credence.core.types.Values;

/** A query as its handler sees it: the decoded arguments and read-only, metered state. */
public final class QueryCall {
  private final Values args;
  private final ContractState state;
  private final long height;
  private final CalendarDate today;

  QueryCall(Values args, ContractState state, long height, CalendarDate today) {
    this.args = args;
    this.state = state;
    this.height = height;
    this.today = today;
  }

  /**
   * The height of the block whose state is read: what is in force now is what a transaction in the
   * next block, {@code height() + 1}, would find (a freeze whose vote expires there has fallen).
   */
  public long height() {
    return height;
  }

  /**
   * The day of the block whose state is read: what maturities and expiries are compared with, so
   * that a client recomputing the answer from proven values (with that block's header) agrees.
   */
  public CalendarDate today() {
    return today;
  }

  public <T> T arg(Param<T> param) {
    return args.get(param);
  }

  /** Committed state, read only. */
  public ContractState state() {
    return state;
  }

  /** No answer: {@code code} is stable, the message names what was asked for. */
  public Query.Failure none(String code, String format, Object... values) {
    return new Query.Failure(code, String.format(java.util.Locale.ROOT, format, values));
  }
}
