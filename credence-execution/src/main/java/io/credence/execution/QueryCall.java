package io.credence.execution;

import io.credence.core.types.Param;
import io.credence.core.types.Values;

/** A query as its handler sees it: the decoded arguments and read-only, metered state. */
public final class QueryCall {
  private final Values args;
  private final ContractState state;

  QueryCall(Values args, ContractState state) {
    this.args = args;
    this.state = state;
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
