package io.credence.node;

import io.credence.consensus.Consensus;
import io.credence.consensus.ConsensusStorage;
import io.credence.consensus.Evidence;
import io.credence.consensus.LeaderElection;
import io.credence.consensus.ValidatorSet;
import io.credence.core.Check;
import io.credence.core.Hash;
import io.credence.core.Hex;
import io.credence.core.Rejection;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.genesis.Genesis;
import io.credence.execution.Runtime;
import io.credence.execution.consensus.ValidatorSetContract;
import io.credence.ledger.chain.Block;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.CommitSeal;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.state.MemoryNodes;
import io.credence.ledger.state.StateTree;
import io.credence.ledger.store.BlockStore;
import io.credence.ledger.store.KeyValueStore;
import io.credence.ledger.store.StorageException;
import io.credence.node.bft.CatchUp;
import io.credence.node.bft.LedgerExecution;
import io.credence.node.execution.Executor;
import io.credence.node.execution.StateOverlay;
import io.credence.node.mempool.Mempool;
import io.credence.node.message.NodeMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One node: the single state machine that owns consensus, execution, the mempool, the block store
 * and catch-up, driven by events (a message from a peer, a transaction from a client, a tick) with
 * time passed in, and talking to ports (the network, addressed by node key; the key-value store;
 * the consensus storage). It does no I/O of its own and starts no threads; the caller serialises
 * calls. The simulator, the in-process test cluster and {@code credence node} all run it. Solo is
 * the same replica with one validator.
 *
 * <p>A block is persisted before anything in memory moves on; if the store fails, the replica halts
 * and refuses further work. A node that falls behind learns it from its peers' status and fetches
 * committed blocks from them, checking each against the validator set of its epoch and re-executing
 * it ({@link CatchUp}); a peer that withholds or serves bad blocks is avoided for a while.
 */
public final class Replica {
  /** Named limits and timings; ticks are {@code tickMillis} long. */
  public record Config(
      Consensus.Config consensus,
      long tickMillis,
      long statusEveryTicks,
      int syncLagBlocksMin,
      long syncRequestTimeoutTicks,
      long syncAvoidTicks,
      int gossipBatchMax,
      int finalStatusesMax,
      int proposalTransactionsMax) {
    /**
     * A leader gathers transactions for up to 20 ticks (200 ms) from the start of its round unless
     * a full proposal waits. Every block costs each replica the same fixed work whatever its size:
     * the tree's upper levels and the hot keys (nonces, organisations, fees) rewritten, hashed and
     * stored, a synced write, a round of signatures. Measured on four validator processes at 800
     * tx/s offered: 1.43-1.63 ms of node CPU a committed transaction against 1.58-1.89 with 100 ms
     * and 1.96-2.14 with 20 ms; p99 commit latency 1.1-1.9 s (DECISIONS.md).
     *
     * <p>A node proposes at most 1,000 transactions a block. At 1,500 tx/s offered, against 500:
     * 1.07-1.10 ms of node CPU a committed transaction instead of 1.21-1.26, and all the load
     * committed (1,505-1,522 tx/s against 1,397-1,425); with 2,000, 1.16 ms and a p50 of 1.5 s.
     */
    public static final Config DEFAULTS =
        new Config(
            Consensus.Config.DEFAULTS.withProposalBatchTicks(20),
            10,
            50,
            2,
            300,
            1_000,
            1_024,
            100_000,
            1_000);

    /** The same limits with other consensus timings. */
    public Config withConsensus(Consensus.Config other) {
      return new Config(
          other,
          tickMillis,
          statusEveryTicks,
          syncLagBlocksMin,
          syncRequestTimeoutTicks,
          syncAvoidTicks,
          gossipBatchMax,
          finalStatusesMax,
          proposalTransactionsMax);
    }
  }

  /** The network port: delivers a message to the peer with this key; never blocks, never fails. */
  public interface Network {
    void send(byte[] to, NodeMessage message);
  }

  /** Hears each block once it is durable, and each waiting transaction that left unincluded. */
  public interface Listener {
    void onCommit(BlockStore.Committed committed);

    default void onDropped(Hash transaction, Rejection reason) {}
  }

  /** Counters for tests, status and metrics. */
  public static final class Stats {
    /** Messages dropped, by reason. */
    public final Map<String, Long> dropped = new TreeMap<>();

    public long blocksCaughtUp;
    public long catchUpRequests;
    public long transactionsGossiped;

    void drop(String reason) {
      dropped.merge(reason, 1L, Long::sum);
    }
  }

  private final Genesis genesis;
  private final CryptoSuite suite;
  private final BlockStore store;
  private final StateTree tree;
  private final Mempool mempool;
  private final ConsensusStorage consensusStorage;
  private final CryptoSuite.Signer signer;
  private final byte[] myKey;
  private final Network network;
  private final Config config;
  private final List<Listener> listeners = new ArrayList<>();
  private final Stats stats = new Stats();
  private LedgerExecution execution;
  private Consensus consensus;
  private List<byte[]> keysInForce;
  // The observers in force at the head, from state: peers this node admits that never vote.
  private List<byte[]> observersInForce = List.of();
  private BlockHeader head;
  private String haltedBecause;
  private long nowMillis;
  private long tick;
  private long nextStatusTick;

  // Transactions committed during the current event, to tell inclusion from dropping.
  private final java.util.HashSet<Hash> justCommitted = new java.util.HashSet<>();
  // Gossip: what this node admitted from its clients and has not yet passed on.
  private final List<Transaction> gossip = new ArrayList<>();
  // Final statuses of transactions that left the mempool without being included (bounded, oldest
  // out).
  private final LinkedHashMap<Hash, Rejection> dropped;
  // Catch-up: each peer's last reported height, the request in flight, peers being avoided.
  private final TreeMap<String, Long> peerHeights = new TreeMap<>();
  private final TreeMap<String, Long> avoidedUntil = new TreeMap<>();
  private String catchUpPeer;
  private long catchUpFrom;
  private long catchUpDeadline;
  private int catchUpTurn;
  private long catchUpIdleUntil;
  private final Runtime runtime;

  private Replica(
      Genesis genesis,
      BlockStore store,
      ConsensusStorage consensusStorage,
      CryptoSuite.Signer signer,
      Network network,
      Config config,
      Runtime runtime) {
    this.genesis = genesis;
    this.suite = genesis.suite();
    this.runtime = runtime;
    this.store = store;
    this.tree = new StateTree(suite, store);
    this.mempool = new Mempool(genesis);
    this.consensusStorage = consensusStorage;
    this.signer = signer;
    this.myKey = signer.publicKey();
    this.network = network;
    this.config = config;
    int finalMax = config.finalStatusesMax();
    this.dropped =
        new LinkedHashMap<>() {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Hash, Rejection> eldest) {
            return size() > finalMax;
          }
        };
  }

  /**
   * Opens the replica on {@code kv}: writes genesis and block 0 into an empty store, or checks that
   * a used store was made from this same genesis. Damage checks are the caller's (see ChainAudit).
   * Call {@link #start} before anything else.
   */
  public static Replica open(
      Genesis genesis,
      KeyValueStore kv,
      ConsensusStorage consensusStorage,
      CryptoSuite.Signer signer,
      Network network,
      Config config) {
    return open(
        genesis,
        kv,
        consensusStorage,
        signer,
        network,
        config,
        io.credence.node.execution.Executor.runtimeOf(genesis.suite()));
  }

  /** The same, running {@code runtime}'s contracts (tests add contracts of their own). */
  public static Replica open(
      Genesis genesis,
      KeyValueStore kv,
      ConsensusStorage consensusStorage,
      CryptoSuite.Signer signer,
      Network network,
      Config config,
      Runtime runtime) {
    BlockStore store = new BlockStore(kv, genesis.suite());
    if (store.head().isEmpty()) {
      store.initialise(genesis, genesisBlock(genesis, new Executor(genesis, runtime)));
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
    Replica replica =
        new Replica(genesis, store, consensusStorage, signer, network, config, runtime);
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
            CommitSeal.NONE);
    return new BlockStore.Committed(new Block(header, List.of()), List.of(), update);
  }

  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  /** Starts consensus at {@code nowMillis} from the store's last committed block. */
  public void start(long nowMillis) {
    guard(
        () -> {
          advanceClock(nowMillis);
          startConsensus();
        });
  }

  private void startConsensus() {
    execution =
        new LedgerExecution(
            genesis,
            new Executor(genesis, runtime),
            store,
            mempool,
            myKey,
            () -> nowMillis,
            this::onCommitted);
    execution.proposalTransactionsMax(config.proposalTransactionsMax());
    LedgerExecution.Root root = execution.root();
    keysInForce = root.validators();
    observersInForce = observersAtHead();
    consensus =
        new Consensus(
            new ValidatorSet(root.epoch(), root.validators(), suite),
            signer,
            // Leader reputation: a crashed or silent validator stops being chosen (DECISIONS.md).
            set -> LeaderElection.reputation(set.size()),
            consensusStorage,
            execution,
            this::sendConsensus,
            config.consensus(),
            root.startId(),
            root.block(),
            root.id(),
            root.qc());
    consensus.start(tick);
  }

  // Consensus broadcasts one message to each peer in turn: wrap it once, so that the network port
  // can encode it once.
  private io.credence.consensus.message.Message lastSent;
  private NodeMessage.Consensus lastWrapped;

  private void sendConsensus(byte[] to, io.credence.consensus.message.Message message) {
    if (message instanceof io.credence.consensus.message.Message.Proposal) {
      // Gossip first: on each connection frames arrive in order, so the validators hold (and
      // have checked) the transactions before the block that includes them.
      flushGossip();
    }
    if (message != lastSent) {
      lastSent = message;
      lastWrapped = new NodeMessage.Consensus(message);
    }
    network.send(to, lastWrapped);
  }

  /**
   * What any thread may do for a transaction ahead of the replica: up to {@link
   * io.credence.execution.Runtime#PREPARED_KEYS_MAX} of its arguments' public keys are checked, and
   * the suite remembers the valid ones, so execution does not check them again on the replica's
   * thread. Thread-safe; it changes no state.
   */
  public void prepare(Transaction tx) {
    runtime.prepare(tx.call());
  }

  /** Admits a transaction from a client, checking its signature here. */
  public Optional<Rejection> onTransaction(Transaction tx) {
    return onTransaction(tx, false);
  }

  /**
   * Admits a transaction from a client whose signature the caller may already have checked (ingress
   * threads verify in parallel, outside this single-threaded state machine); it is passed on to the
   * validators with the next gossip batch. Empty on success, else why not.
   */
  public Optional<Rejection> onTransaction(Transaction tx, boolean signatureChecked) {
    requireRunning();
    Optional<Rejection> rejection =
        mempool.admit(tx, committedState(), head.height(), signatureChecked);
    if (rejection.isEmpty()) {
      gossip.add(tx);
      if (gossip.size() >= config.gossipBatchMax()) {
        flushGossip();
      }
    }
    return rejection;
  }

  /**
   * Transactions a peer passed on; {@code signaturesChecked} when the caller's ingress threads
   * checked them. They are not passed on again: the sender sent them to every validator.
   */
  public void onGossip(byte[] from, List<Transaction> transactions, boolean signaturesChecked) {
    requireRunning();
    for (Transaction tx : transactions) {
      if (mempool.admit(tx, committedState(), head.height(), signaturesChecked).isPresent()) {
        stats.drop("gossip_rejected");
      }
    }
  }

  /** Handles a message from the peer with key {@code from}, authenticated by the transport. */
  public void onMessage(byte[] from, NodeMessage message, long nowMillis) {
    requireRunning();
    guard(
        () -> {
          advanceClock(nowMillis);
          if (message instanceof NodeMessage.Consensus c) {
            consensus.onMessage(from, c.message(), tick);
          } else if (message instanceof NodeMessage.Transactions t) {
            onGossip(from, t.transactions(), false);
          } else if (message instanceof NodeMessage.Status s) {
            onStatus(from, s);
          } else if (message instanceof NodeMessage.BlocksRequest q) {
            onBlocksRequest(from, q);
          } else {
            onBlocksResponse(from, (NodeMessage.BlocksResponse) message);
          }
          afterEvent();
        });
  }

  /** Time passes: the pacemaker, gossip, status and catch-up. */
  public void onTick(long nowMillis) {
    requireRunning();
    guard(
        () -> {
          advanceClock(nowMillis);
          consensus.onTick(tick);
          flushGossip();
          if (tick >= nextStatusTick) {
            nextStatusTick = tick + config.statusEveryTicks();
            for (byte[] peer : peers()) {
              network.send(peer, new NodeMessage.Status(head.height()));
            }
          }
          catchUp();
          afterEvent();
        });
  }

  private void advanceClock(long millis) {
    // Ticks never go backwards, whatever the caller's clock says.
    nowMillis = Math.max(nowMillis, millis);
    tick = Math.max(tick, nowMillis / config.tickMillis());
  }

  private void flushGossip() {
    if (gossip.isEmpty()) {
      return;
    }
    NodeMessage.Transactions batch = new NodeMessage.Transactions(gossip);
    gossip.clear();
    stats.transactionsGossiped += batch.transactions().size();
    for (byte[] validator : consensus.validators().keys()) {
      if (!Arrays.equals(validator, myKey)) {
        network.send(validator, batch);
      }
    }
  }

  // ---------------------------------------------------------------- catch-up

  private void onStatus(byte[] from, NodeMessage.Status status) {
    if (!isPeer(from)) {
      stats.drop("status_not_a_peer");
      return;
    }
    peerHeights.put(Hex.of(from), status.height());
  }

  /** Asks one peer that is ahead for the blocks after our head; one request at a time. */
  private void catchUp() {
    if (catchUpPeer != null && tick >= catchUpDeadline) {
      // Asked and not answered in time: the peer withholds, or is slow; try another.
      avoid(catchUpPeer, "catch_up_timeout");
      catchUpPeer = null;
    }
    if (catchUpPeer != null || tick < catchUpIdleUntil) {
      return;
    }
    // A validator leaves the last blocks to consensus; an observer, which has no consensus
    // traffic, fetches as soon as a block can be proven (its child exists).
    long lagMin = consensus.validators().indexOf(myKey) >= 0 ? config.syncLagBlocksMin() : 1;
    List<String> ahead = new ArrayList<>();
    for (Map.Entry<String, Long> e : peerHeights.entrySet()) {
      Long until = avoidedUntil.get(e.getKey());
      if (e.getValue() > head.height() + lagMin && (until == null || tick >= until)) {
        ahead.add(e.getKey());
      }
    }
    if (ahead.isEmpty()) {
      return;
    }
    // Take turns among the peers that are ahead, so that no single peer decides what we see.
    catchUpPeer = ahead.get(Math.floorMod(catchUpTurn++, ahead.size()));
    catchUpFrom = head.height() + 1;
    catchUpDeadline = tick + config.syncRequestTimeoutTicks();
    long gap = peerHeights.get(catchUpPeer) - head.height();
    int count = (int) Math.min(gap, NodeMessage.BLOCKS_PER_RESPONSE_MAX);
    stats.catchUpRequests++;
    network.send(Hex.parse("peer", catchUpPeer), new NodeMessage.BlocksRequest(catchUpFrom, count));
  }

  private void onBlocksRequest(byte[] from, NodeMessage.BlocksRequest request) {
    if (!isPeer(from) || Arrays.equals(from, myKey)) {
      stats.drop("blocks_request_not_a_peer");
      return;
    }
    List<Block> blocks = new ArrayList<>();
    long bytes = 0;
    long last = Math.min(head.height(), request.fromHeight() + request.count() - 1);
    for (long h = Math.max(1, request.fromHeight()); h <= last; h++) {
      Block block = store.block(h);
      bytes += block.header().encode().length;
      for (Transaction tx : block.transactions()) {
        bytes += tx.encode().length;
      }
      // Keep an answer well inside a frame; the asker asks again from where this one ends.
      if (!blocks.isEmpty() && bytes > genesis.parameters().blockBytesMax() * 2L) {
        break;
      }
      blocks.add(block);
    }
    network.send(from, new NodeMessage.BlocksResponse(request.fromHeight(), blocks));
  }

  private void onBlocksResponse(byte[] from, NodeMessage.BlocksResponse response) {
    if (catchUpPeer == null
        || !catchUpPeer.equals(Hex.of(from))
        || response.fromHeight() != catchUpFrom) {
      stats.drop("blocks_response_unsolicited");
      return;
    }
    String peer = catchUpPeer;
    catchUpPeer = null;
    if (response.fromHeight() != head.height() + 1) {
      // Our head moved on by consensus meanwhile; ask again on the next tick.
      return;
    }
    CatchUp.Outcome outcome =
        CatchUp.apply(
            genesis,
            new Executor(genesis, runtime),
            store,
            mempool,
            keysInForce,
            response.blocks(),
            this::onCommitted);
    stats.blocksCaughtUp += outcome.committed();
    if (outcome.problem() != null) {
      avoid(peer, "catch_up_bad_block");
    } else if (response.blocks().isEmpty()) {
      // It said it was ahead and served nothing: withholding.
      avoid(peer, "catch_up_nothing_served");
    } else if (outcome.committed() == 0) {
      // Only an unproven tail (no later seal proves it yet): ask again after the next status round.
      stats.drop("catch_up_nothing_proven");
      catchUpIdleUntil = tick + config.statusEveryTicks();
    }
    if (outcome.committed() > 0) {
      // Consensus restarts from the new committed block, as after a crash: its safety data stays.
      startConsensus();
    }
  }

  private void avoid(String peer, String reason) {
    stats.drop(reason);
    avoidedUntil.put(peer, tick + config.syncAvoidTicks());
  }

  /** The validators of the epoch and the observers in force, without this node. */
  private List<byte[]> peers() {
    List<byte[]> out = new ArrayList<>();
    for (byte[] key : members()) {
      if (!Arrays.equals(key, myKey)) {
        out.add(key);
      }
    }
    return out;
  }

  private boolean isPeer(byte[] key) {
    if (consensus.validators().indexOf(key) >= 0) {
      return true;
    }
    for (byte[] o : observersInForce) {
      if (Arrays.equals(o, key)) {
        return true;
      }
    }
    return false;
  }

  private List<byte[]> observersAtHead() {
    return ValidatorSetContract.observers(committedState());
  }

  // ---------------------------------------------------------------- commits and failures

  private void onCommitted(BlockStore.Committed committed) {
    head = committed.block().header();
    for (var receipt : committed.receipts()) {
      if (receipt.events().stream()
          .anyMatch(
              e ->
                  e.contract().equals(ValidatorSetContract.NAME)
                      && e.name().equals(ValidatorSetContract.OBSERVERS_CHANGED))) {
        observersInForce = observersAtHead();
      }
    }
    for (var receipt : committed.receipts()) {
      justCommitted.add(receipt.transactionHash());
    }
    for (Listener listener : listeners) {
      listener.onCommit(committed);
    }
  }

  private void afterEvent() {
    for (Mempool.Dropped d : mempool.drainDropped()) {
      // Pruned because it was included: not dropped. (Its block committed during this event.)
      if (!justCommitted.contains(d.hash())) {
        dropped.put(d.hash(), d.reason());
        for (Listener listener : listeners) {
          listener.onDropped(d.hash(), d.reason());
        }
      }
    }
    justCommitted.clear();
  }

  private void guard(Runnable step) {
    try {
      step.run();
    } catch (StorageException e) {
      haltedBecause = "storage failed at height " + (head.height() + 1) + ": " + e.getMessage();
      throw new StorageException(haltedBecause, e);
    } catch (RuntimeException e) {
      haltedBecause = e.toString();
      throw e;
    }
  }

  private void requireRunning() {
    Check.that(haltedBecause == null, "replica halted: %s", haltedBecause);
  }

  // ---------------------------------------------------------------- views

  /**
   * The committed state at the head, for reads on the loop thread (admission): one overlay per
   * head, reading through the execution's values remembered across blocks (see {@link
   * LedgerExecution#committedView()}).
   */
  public StateOverlay committedState() {
    if (committedView == null || committedViewHead != head) {
      // Before consensus starts there is no execution yet: the tree answers.
      committedView =
          execution == null ? StateOverlay.over(tree, head.stateRoot()) : execution.committedView();
      committedViewHead = head;
    }
    return committedView;
  }

  private StateOverlay committedView;
  private BlockHeader committedViewHead;

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

  public int mempoolSize() {
    return mempool.size();
  }

  public boolean isWaiting(Hash transactionHash) {
    return mempool.contains(transactionHash);
  }

  /** Why a transaction this node admitted left without being included, if it did. */
  public Optional<Rejection> droppedReason(Hash transactionHash) {
    return Optional.ofNullable(dropped.get(transactionHash));
  }

  public boolean isHalted() {
    return haltedBecause != null;
  }

  public String haltedBecause() {
    return haltedBecause;
  }

  public boolean isValidator() {
    return consensus.validators().indexOf(myKey) >= 0;
  }

  public long round() {
    return consensus.currentRound();
  }

  public long epoch() {
    return consensus.epoch();
  }

  public ValidatorSet validators() {
    return consensus.validators();
  }

  /** The observers in force at the head (voted by the consortium; genesis's at first). */
  public List<byte[]> observers() {
    return observersInForce;
  }

  /**
   * The nodes this one may talk to now: the validators of the current epoch and the observers in
   * force, each once.
   */
  public List<byte[]> members() {
    List<byte[]> keys = new ArrayList<>(consensus.validators().keys());
    for (byte[] o : observersInForce) {
      if (consensus.validators().indexOf(o) < 0) {
        keys.add(o);
      }
    }
    return keys;
  }

  public List<Evidence> evidence() {
    return consensus.evidence();
  }

  /**
   * The consensus state machine now running, for inspection by tests and the simulator's oracles
   * (and its Byzantine rewriting); drive the replica only through its own events.
   */
  public Consensus consensus() {
    return consensus;
  }

  /** The ledger execution now running, for the simulator's Byzantine leaders. */
  public LedgerExecution execution() {
    return execution;
  }

  public Consensus.Stats consensusStats() {
    return consensus.stats();
  }

  public Stats stats() {
    return stats;
  }

  /** The highest committed height a peer reported, or our own if none is higher. */
  public long highestKnownHeight() {
    long best = head.height();
    for (long h : peerHeights.values()) {
      best = Math.max(best, h);
    }
    return best;
  }

  /** The peers' last reported heights, by key (hex). */
  public Map<String, Long> peerHeights() {
    return Collections.unmodifiableMap(peerHeights);
  }
}
