package io.credence.execution;

import io.credence.core.genesis.Genesis;
import java.util.List;

/**
 * A built-in contract, declared once: its name (and state namespace, {@code name/}), what it is
 * for, its methods and what it writes at genesis. The {@link Runtime} does dispatch, argument
 * decoding, authorisation, metering and the catalogue from the declaration; a handler does only the
 * business.
 */
public interface Contract {
  /** The contract's name: lowercase letters, also the prefix of every state key it writes. */
  String name();

  /** One line for the catalogue and the CLI's help. */
  String doc();

  List<Method> methods();

  /** Read-only questions it answers from committed state. */
  default List<Query> queries() {
    return List.of();
  }

  /**
   * Writes what the contract starts with at genesis, into its own namespace (required: a contract
   * with nothing to write says so with an empty body).
   */
  void initialise(Genesis genesis, ContractState state);
}
