package io.credence.execution;

import io.credence.core.Call;
import io.credence.execution.identity.IdentityRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Dispatches calls to the built-in contracts by name. */
public final class Runtime {
  public static final String UNKNOWN_CONTRACT = "UNKNOWN_CONTRACT";

  private final Map<String, Contract> contracts = new TreeMap<>();

  public Runtime(List<Contract> contracts) {
    for (Contract c : contracts) {
      if (this.contracts.put(c.name(), c) != null) {
        throw new IllegalArgumentException("two contracts named " + c.name());
      }
    }
  }

  /** The runtime with every built-in contract of this release. */
  public static Runtime builtIn(io.credence.core.crypto.CryptoSuite suite) {
    return new Runtime(
        List.of(
            new IdentityRegistry(suite),
            new io.credence.execution.consensus.ValidatorSetContract(suite)));
  }

  public Outcome execute(Context context, ContractState state, Call call) {
    Contract contract = contracts.get(call.contract());
    if (contract == null) {
      return Outcome.failure(
          UNKNOWN_CONTRACT,
          "call.contract: expected one of %s, found '%s'",
          contracts.keySet(),
          call.contract());
    }
    return contract.call(context, state, call);
  }
}
