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
import java.util.function.Consumer;

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

  /**
   * Admits transactions in order, none waited for; for each, empty on success or why not. The node
   * checks their signatures on the caller's thread.
   */
  List<Optional<Rejection>> submitBatch(List<Transaction> transactions);

  BlockHeader head();

  BlockStore store();

  /**
   * Calls {@code listener} with every block this node commits, in height order, once the block is
   * durable and {@link #head()} names it. It runs on the node's event loop, so it must return at
   * once: hand the block to another thread, never block or do I/O.
   */
  void addCommitListener(Consumer<BlockStore.Committed> listener);

  /** Stops calling {@code listener}; a call already under way may still complete. */
  void removeCommitListener(Consumer<BlockStore.Committed> listener);

  /** The committed state at the block header {@code header}. */
  StateOverlay stateAt(BlockHeader header);

  boolean isWaiting(Hash transactionHash);

  /**
   * Why a transaction this node admitted left its mempool without being included (its expiry
   * passed, or its sender's nonce was used by another transaction); empty if it did not.
   */
  Optional<Rejection> dropped(Hash transactionHash);

  /** Where this node stands: its role, consensus round and epoch, and how far behind it is. */
  NodeState nodeState();

  /**
   * A node's progress: {@code caughtUp} when no peer reported a committed height more than two
   * blocks above ours; {@code inQuorum} when it is a validator connected to enough validators to
   * form a quorum with itself.
   */
  record NodeState(
      String role,
      long round,
      long epoch,
      long height,
      long highestKnownHeight,
      boolean caughtUp,
      boolean inQuorum) {}

  int mempoolSize();

  int peers();

  String consensus();

  /**
   * Equivocation evidence this node holds: validator, round, and what the two signed messages were.
   * Empty in solo mode.
   */
  List<EvidenceRecord> evidence();

  /**
   * How a waiting submission's future fails when its transaction was dropped: the reason is final.
   */
  final class TransactionDropped extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Rejection reason;

    public TransactionDropped(Rejection reason) {
      super(reason.code() + ": " + reason.message());
      this.reason = reason;
    }

    public Rejection reason() {
      return reason;
    }
  }

  /** One piece of evidence, in plain fields. */
  record EvidenceRecord(String validator, long round, String kind) {}
}
