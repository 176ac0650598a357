package io.credence.ledger.state;

import io.credence.core.Hash;

/** Where the tree reads committed nodes from (the block store, or memory in tests). */
public interface NodeSource {
  /** The node with this hash; a missing or damaged node is a storage failure, never null. */
  Node node(Hash hash);
}
