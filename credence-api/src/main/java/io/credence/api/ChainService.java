package io.credence.api;

import io.credence.core.Hash;
import io.credence.core.Rejection;
import io.credence.core.genesis.Genesis;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.Transaction;
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

  /** The committed chain, read only. */
  ChainReader reader();

  /**
   * Calls {@code listener} with every block this node commits, in height order, once the block is
   * durable and {@link #head()} names it. It runs on the node's event loop, so it must return at
   * once: hand the block to another thread, never block or do I/O.
   */
  void addCommitListener(Consumer<ChainReader.CommittedBlock> listener);

  /** Stops calling {@code listener}; a call already under way may still complete. */
  void removeCommitListener(Consumer<ChainReader.CommittedBlock> listener);

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

  /**
   * Committed events of {@code contract} whose {@code attribute} (or {@code "event"}: the event's
   * name) equals {@code value}, in chain order from the event at ({@code fromHeight}, {@code
   * fromTransaction}, {@code fromEvent}) on, at most {@code limit}: the listings index.
   */
  List<IndexedEvent> events(
      String contract,
      String attribute,
      String value,
      long fromHeight,
      int fromTransaction,
      int fromEvent,
      int limit);

  /** An event where the index found it. */
  record IndexedEvent(
      long height,
      int transactionIndex,
      int eventIndex,
      io.credence.core.Hash transaction,
      io.credence.core.Event event) {}

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

  /**
   * Evidence a node holds: the validator's key, the round, what it signed twice, and the two signed
   * messages encoded, as {@code governance.submitEvidence} takes them.
   */
  record EvidenceRecord(String validator, long round, String kind, String first, String second) {}
}
