package io.credence.node;

import io.credence.core.Check;
import io.credence.core.Hash;
import io.credence.core.Rejection;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.genesis.Genesis;
import io.credence.ledger.chain.Block;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.Certificate;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.state.MemoryNodes;
import io.credence.ledger.state.StateTree;
import io.credence.ledger.store.BlockStore;
import io.credence.ledger.store.StorageException;
import io.credence.node.execution.Executor;
import io.credence.node.execution.StateOverlay;
import io.credence.node.mempool.Mempool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One node's state machine: mempool, block production, execution and the block store, driven by
 * events ({@link #onTransaction}, {@link #onTick}) with time passed in. It does no I/O of its own
 * and starts no threads; the caller serialises calls. A block is persisted before anything in
 * memory moves on; if the store fails the replica halts and refuses further work.
 */
public final class Replica {
  private final Genesis genesis;
  private final CryptoSuite suite;
  private final BlockStore store;
  private final StateTree tree;
  private final Executor executor;
  private final Mempool mempool;
  private final BlockProduction production;
  private final List<CommitListener> listeners = new ArrayList<>();
  private BlockHeader head;
  private String haltedBecause;

  /** Hears each block once it is durable. */
  public interface CommitListener {
    void onCommit(BlockStore.Committed committed);
  }

  private Replica(Genesis genesis, BlockStore store, BlockProduction production) {
    this.genesis = genesis;
    this.suite = genesis.suite();
    this.store = store;
    this.tree = new StateTree(suite, store);
    this.executor = new Executor(genesis);
    this.mempool = new Mempool(genesis);
    this.production = production;
  }

  /**
   * Opens the replica on {@code store}: writes genesis and block 0 into an empty store, or checks
   * that a used store was made from this same genesis. Damage checks are the caller's (see
   * ChainAudit).
   */
  public static Replica open(Genesis genesis, BlockStore store, BlockProduction production) {
    Replica replica = new Replica(genesis, store, production);
    if (store.head().isEmpty()) {
      store.initialise(genesis, genesisBlock(genesis, replica.executor));
    } else {
      Genesis stored =
          store
              .genesis()
              .orElseThrow(() -> new StorageException("store has blocks but no genesis"));
      if (!stored.hash().equals(genesis.hash())) {
        throw new StorageException(
            "store was initialised with genesis "
                + stored.hash().abbreviated()
                + " (chain "
                + stored.chainId()
                + "), the configuration gives "
                + genesis.hash().abbreviated());
      }
    }
    replica.head = store.header(store.head().getAsLong());
    return replica;
  }

  /** Block 0: no transactions, the genesis state, the genesis hash as parent. */
  public static BlockStore.Committed genesisBlock(Genesis genesis, Executor executor) {
    CryptoSuite suite = genesis.suite();
    StateTree.Update update = executor.genesisState(genesis, new MemoryNodes());
    BlockHeader header =
        new BlockHeader(
            genesis.chainId(),
            0,
            genesis.hash(),
            new byte[0],
            genesis.timestampMillis(),
            Block.transactionsRoot(suite, List.of()),
            Block.receiptsRoot(suite, List.of()),
            update.root(),
            Certificate.NONE);
    return new BlockStore.Committed(new Block(header, List.of()), List.of(), update.newNodes());
  }

  public void addListener(CommitListener listener) {
    listeners.add(listener);
  }

  /** Admits a transaction to the mempool; empty on success, else why not. */
  public Optional<Rejection> onTransaction(Transaction tx) {
    return onTransaction(tx, false);
  }

  /**
   * Admits a transaction whose signature the caller may already have checked (ingress threads
   * verify in parallel, outside this single-threaded state machine); {@code signatureChecked} false
   * checks it here.
   */
  public Optional<Rejection> onTransaction(Transaction tx, boolean signatureChecked) {
    requireRunning();
    return mempool.admit(tx, committedState(), head.height(), signatureChecked);
  }

  /** Cuts and commits a block if one is due; returns it if so. */
  public Optional<BlockStore.Committed> onTick(long nowMillis) {
    requireRunning();
    if (!production.isDue(nowMillis, head.timestampMillis(), mempool.size())) {
      return Optional.empty();
    }
    BlockStore.Committed committed = build(nowMillis);
    if (committed.block().transactions().isEmpty()) {
      return Optional.empty();
    }
    try {
      store.commit(committed);
    } catch (RuntimeException e) {
      haltedBecause =
          "storage failed while committing block "
              + committed.block().height()
              + ": "
              + e.getMessage();
      throw new StorageException(haltedBecause, e);
    }
    head = committed.block().header();
    mempool.prune(committedState(), head.height());
    for (CommitListener listener : listeners) {
      listener.onCommit(committed);
    }
    return Optional.of(committed);
  }

  private BlockStore.Committed build(long nowMillis) {
    long height = head.height() + 1;
    // Block time never goes backwards, whatever the proposer's clock says.
    long timestamp = Math.max(nowMillis, head.timestampMillis());
    StateOverlay state = StateOverlay.over(tree, head.stateRoot());
    List<Transaction> included = new ArrayList<>();
    List<Receipt> receipts = new ArrayList<>();
    long blockBytes = 0;
    for (Mempool.Entry entry : mempool.candidates()) {
      if (included.size() >= genesis.parameters().blockTransactionsMax()
          || blockBytes + entry.bytes() > genesis.parameters().blockBytesMax()) {
        break;
      }
      // Signatures were checked at admission; everything that depends on state is checked again
      // here.
      Optional<Rejection> invalid = executor.validity(entry.transaction(), state, height, true);
      if (invalid.isPresent()) {
        if (!invalid.get().code().equals(Executor.FUTURE_NONCE)) {
          mempool.remove(entry);
        }
        continue;
      }
      receipts.add(executor.apply(entry.transaction(), entry.hash(), state, height, timestamp));
      included.add(entry.transaction());
      blockBytes += entry.bytes();
    }
    StateTree.Update update = tree.update(head.stateRoot(), state.writes());
    BlockHeader unsigned =
        new BlockHeader(
            genesis.chainId(),
            height,
            head.hash(suite),
            production.proposer(),
            timestamp,
            Block.transactionsRoot(suite, included),
            Block.receiptsRoot(suite, receipts),
            update.root(),
            Certificate.NONE);
    BlockHeader header = unsigned.withCertificate(production.certify(unsigned));
    return new BlockStore.Committed(new Block(header, included), receipts, update.newNodes());
  }

  private void requireRunning() {
    Check.that(haltedBecause == null, "replica halted: %s", haltedBecause);
  }

  /** The committed state at the head, for reads. */
  public StateOverlay committedState() {
    return StateOverlay.over(tree, head.stateRoot());
  }

  public BlockHeader head() {
    return head;
  }

  public Genesis genesis() {
    return genesis;
  }

  public BlockStore store() {
    return store;
  }

  public StateTree tree() {
    return tree;
  }

  public Executor executor() {
    return executor;
  }

  public int mempoolSize() {
    return mempool.size();
  }

  public boolean isWaiting(Hash transactionHash) {
    return mempool.contains(transactionHash);
  }

  public boolean isHalted() {
    return haltedBecause != null;
  }
}
