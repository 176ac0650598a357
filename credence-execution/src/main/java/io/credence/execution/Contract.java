package io.credence.execution;

import io.credence.core.Call;

/**
 * A built-in contract: a deterministic function of (context, state, call). It reads and writes
 * state through {@link ContractState} only and answers bad input with a {@link Outcome.Failure}.
 */
public interface Contract {
  String name();

  Outcome call(Context context, ContractState state, Call call);
}
