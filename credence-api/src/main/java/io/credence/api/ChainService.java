package io.credence.api;

import io.credence.core.Hash;
import io.credence.core.Rejection;
import io.credence.core.genesis.Genesis;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.store.BlockStore;
import io.credence.node.execution.StateOverlay;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The API's port onto a running node: submissions go through the node's event loop; reads go to the
 * block store and the state at a root, which are immutable once written and safe from any thread.
 */
public interface ChainService {
  Genesis genesis();

  /**
   * Admits a transaction; empty on success. {@code committed} completes when its block is durable.
   */
  Optional<Rejection> submit(Transaction transaction, CompletableFuture<Long> committed);

  BlockHeader head();

  BlockStore store();

  /** The committed state at the block header {@code header}. */
  StateOverlay stateAt(BlockHeader header);

  boolean isWaiting(Hash transactionHash);

  int mempoolSize();

  int peers();

  String consensus();

  /**
   * Equivocation evidence this node holds: validator, round, and what the two signed messages were.
   * Empty in solo mode.
   */
  List<EvidenceRecord> evidence();

  /** One piece of evidence, in plain fields. */
  record EvidenceRecord(String validator, long round, String kind) {}
}
