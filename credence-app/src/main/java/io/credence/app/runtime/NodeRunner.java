package io.credence.app.runtime;

import io.credence.api.ChainReader;
import io.credence.api.ChainService;
import io.credence.core.Hash;
import io.credence.core.Hex;
import io.credence.core.Rejection;
import io.credence.core.genesis.Genesis;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.store.BlockStore;
import io.credence.node.Replica;
import io.credence.node.execution.Executor;
import io.credence.node.execution.StateOverlay;
import io.credence.node.message.NodeMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Runs one {@link Replica} on one event-loop thread: submissions and peer messages are queued to
 * it, and every {@value #TICK_MILLIS} ms it passes the wall clock to {@link Replica#onTick}. The
 * replica itself stays single-threaded and clock-free. Clients waiting for a commit are told once
 * the block is durable, or that their transaction was dropped and why. A storage failure halts the
 * loop and fails every waiter.
 */
public final class NodeRunner implements ChainService, AutoCloseable {
  public static final long TICK_MILLIS = 10;
  public static final int QUEUE_DEPTH_MAX = 100_000;
  public static final int WAITERS_MAX = 100_000;
  private static final long SUBMIT_TIMEOUT_MILLIS = 30_000;

  /** A snapshot of the replica's progress, refreshed by the loop after every turn. */
  public record Snapshot(
      long round,
      long epoch,
      boolean isValidator,
      int validators,
      long highestKnownHeight,
      Map<String, Long> droppedByReason,
      long blocksCaughtUp) {}

  private final Replica replica;
  private final io.credence.node.index.EventIndex index;
  private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>(QUEUE_DEPTH_MAX);
  private final Map<Hash, List<CompletableFuture<Long>>> waiters = new HashMap<>();
  // When each waited-for transaction was admitted here, for the commit latency histogram.
  private final Map<Hash, Long> admittedAtNanos = new HashMap<>();
  private volatile java.util.function.LongConsumer commitLatency = nanos -> {};
  private final Thread loop;
  private final java.util.function.LongSupplier clock;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final AtomicLong inboundDropped = new AtomicLong();
  private final List<Replica.Listener> listeners = new ArrayList<>();
  // Added and removed from API threads, called on the loop: copy on write, read without a lock.
  private final List<Consumer<ChainReader.CommittedBlock>> commitListeners =
      new CopyOnWriteArrayList<>();
  private volatile IntSupplier connectedPeers = () -> 0;
  private volatile BlockHeader head;
  private volatile int mempoolSize;
  private volatile Snapshot snapshot;
  private volatile boolean running = true;
  private volatile Throwable failure;

  /** Starts the loop; {@code replica} must not be started yet (the loop starts it). */
  public NodeRunner(Replica replica) {
    this(replica, System::currentTimeMillis);
  }

  /**
   * The same, with the clock that stamps blocks and drives ticks (a development node's may run
   * ahead of the wall clock: see {@code [development] clock_offset_days}).
   */
  public NodeRunner(Replica replica, java.util.function.LongSupplier clock) {
    this.clock = clock;
    this.replica = replica;
    this.head = replica.head();
    // The listings index, beside the store: brought up to the store's head, then fed each commit.
    this.index =
        new io.credence.node.index.EventIndex(
            replica.store().keyValueStore(), replica.genesis().suite());
    index.catchUp(replica.store(), h -> {});
    replica.addListener(index::index);
    replica.addListener(
        new Replica.Listener() {
          @Override
          public void onCommit(BlockStore.Committed committed) {
            NodeRunner.this.onCommit(committed);
          }

          @Override
          public void onDropped(Hash transaction, Rejection reason) {
            admittedAtNanos.remove(transaction);
            List<CompletableFuture<Long>> list = waiters.remove(transaction);
            if (list != null) {
              list.forEach(f -> f.completeExceptionally(new TransactionDropped(reason)));
            }
          }
        });
    this.loop = new Thread(this::run, "credence-loop");
    loop.start();
  }

  /** Hears commits on the loop thread (metrics, tests); add before traffic starts. */
  public void addListener(Replica.Listener listener) {
    queue.add(() -> replica.addListener(listener));
  }

  /** Hears the time from admission to commit of each transaction submitted here, in ns. */
  public void commitLatency(java.util.function.LongConsumer consumer) {
    this.commitLatency = consumer;
  }

  /** How the runner learns how many peers its transport has connected. */
  public void connectedPeers(IntSupplier supplier) {
    this.connectedPeers = supplier;
  }

  private void run() {
    try {
      replica.start(clock.getAsLong());
      refresh();
      while (running) {
        Runnable task = queue.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
        while (task != null) {
          task.run();
          task = queue.poll();
        }
        replica.onTick(clock.getAsLong());
        refresh();
      }
      stopped.complete(null);
    } catch (InterruptedException e) {
      stopped.complete(null);
    } catch (RuntimeException e) {
      failure = e;
      running = false;
      for (List<CompletableFuture<Long>> list : waiters.values()) {
        list.forEach(f -> f.completeExceptionally(e));
      }
      waiters.clear();
      admittedAtNanos.clear();
      stopped.completeExceptionally(e);
    }
  }

  private void refresh() {
    mempoolSize = replica.mempoolSize();
    Map<String, Long> byReason = new java.util.TreeMap<>(replica.stats().dropped);
    byReason.merge("inbound_queue_full", inboundDropped.get(), Long::sum);
    byReason.merge("consensus_rejected", replica.consensusStats().messagesDropped, Long::sum);
    snapshot =
        new Snapshot(
            replica.round(),
            replica.epoch(),
            replica.isValidator(),
            replica.validators().size(),
            replica.highestKnownHeight(),
            byReason,
            replica.stats().blocksCaughtUp);
  }

  private void onCommit(BlockStore.Committed committed) {
    head = committed.block().header();
    long height = committed.block().height();
    long now = System.nanoTime();
    for (Receipt receipt : committed.receipts()) {
      Long admitted = admittedAtNanos.remove(receipt.transactionHash());
      if (admitted != null) {
        commitLatency.accept(now - admitted);
      }
      List<CompletableFuture<Long>> list = waiters.remove(receipt.transactionHash());
      if (list != null) {
        list.forEach(f -> f.complete(height));
      }
    }
    if (!commitListeners.isEmpty()) {
      ChainReader.CommittedBlock block =
          new ChainReader.CommittedBlock(committed.block().header(), committed.receipts());
      for (Consumer<ChainReader.CommittedBlock> listener : commitListeners) {
        listener.accept(block);
      }
    }
  }

  /**
   * A message from a peer (decoded and, for gossip, signature-checked by the caller's thread);
   * dropped and counted when the loop's queue is full.
   */
  public void deliver(byte[] from, NodeMessage message) {
    if (!running || !queue.offer(() -> replica.onMessage(from, message, clock.getAsLong()))) {
      inboundDropped.incrementAndGet();
    }
  }

  /** Transactions a peer gossiped, their signatures already checked on the caller's thread. */
  public void deliverGossip(byte[] from, List<Transaction> checked) {
    if (!running || !queue.offer(() -> replica.onGossip(from, checked, true))) {
      inboundDropped.incrementAndGet();
    }
  }

  /**
   * The nodes this one may talk to now: the validators of the current epoch and the observers in
   * force. Call on the loop thread (from a listener).
   */
  public List<byte[]> currentMembers() {
    return replica.members();
  }

  /** Completes when the loop has stopped; exceptionally if it stopped because of a failure. */
  public CompletableFuture<Void> stopped() {
    return stopped;
  }

  public Throwable failure() {
    return failure;
  }

  public Snapshot snapshot() {
    return snapshot;
  }

  @Override
  public Genesis genesis() {
    return replica.genesis();
  }

  /**
   * The checks a transaction gets on the thread that received it, so that they run in parallel on
   * all cores while the single-threaded replica does the rest: its signature (false if bad), then
   * its arguments' public keys, which execution then finds checked.
   */
  public boolean checkAhead(Transaction tx) {
    if (!replica.genesis().suite().verify(tx.sender(), tx.signingBytes(), tx.signature())) {
      return false;
    }
    replica.prepare(tx);
    return true;
  }

  /**
   * Submits from the caller's thread: the signature is checked here, so that the HTTP threads
   * verify in parallel on all cores while the single-threaded replica does the rest.
   */
  @Override
  public Optional<Rejection> submit(Transaction transaction, CompletableFuture<Long> committed) {
    if (!checkAhead(transaction)) {
      return Optional.of(Executor.badSignature(transaction));
    }
    CompletableFuture<Optional<Rejection>> answer = new CompletableFuture<>();
    Runnable task =
        () -> {
          try {
            Optional<Rejection> rejection = replica.onTransaction(transaction, true);
            if (rejection.isEmpty()) {
              Hash hash = transaction.hash(replica.genesis().suite());
              if (waiters.size() < WAITERS_MAX) {
                waiters.computeIfAbsent(hash, h -> new ArrayList<>(1)).add(committed);
                admittedAtNanos.put(hash, System.nanoTime());
              }
            }
            answer.complete(rejection);
          } catch (RuntimeException e) {
            answer.completeExceptionally(e);
            throw e;
          }
        };
    if (!running) {
      return Optional.of(
          Rejection.of(
              "NODE_HALTED",
              "the node has stopped: %s",
              failure == null ? "shut down" : failure.getMessage()));
    }
    if (!queue.offer(task)) {
      return Optional.of(
          Rejection.of(
              "MEMPOOL_FULL",
              "the node's input queue holds %d tasks, queueDepthMax=%d",
              queue.size(),
              QUEUE_DEPTH_MAX));
    }
    try {
      return answer.get(SUBMIT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(Rejection.of("NODE_HALTED", "interrupted while submitting"));
    } catch (ExecutionException | TimeoutException e) {
      return Optional.of(
          Rejection.of("NODE_HALTED", "the node did not take the transaction: %s", e.getMessage()));
    }
  }

  @Override
  public List<Optional<Rejection>> submitBatch(List<Transaction> transactions) {
    List<Optional<Rejection>> answers = new ArrayList<>(transactions.size());
    List<Integer> valid = new ArrayList<>();
    for (int i = 0; i < transactions.size(); i++) {
      Transaction tx = transactions.get(i);
      if (checkAhead(tx)) {
        answers.add(Optional.empty());
        valid.add(i);
      } else {
        answers.add(Optional.of(Executor.badSignature(tx)));
      }
    }
    if (!running) {
      Rejection halted = Rejection.of("NODE_HALTED", "the node has stopped");
      valid.forEach(i -> answers.set(i, Optional.of(halted)));
      return answers;
    }
    CompletableFuture<List<Optional<Rejection>>> done = new CompletableFuture<>();
    Runnable task =
        () -> {
          try {
            List<Optional<Rejection>> admitted = new ArrayList<>(valid.size());
            for (int i : valid) {
              admitted.add(replica.onTransaction(transactions.get(i), true));
            }
            done.complete(admitted);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
            throw e;
          }
        };
    if (!queue.offer(task)) {
      Rejection full =
          Rejection.of(
              "MEMPOOL_FULL",
              "the node's input queue holds %d tasks, queueDepthMax=%d",
              queue.size(),
              QUEUE_DEPTH_MAX);
      valid.forEach(i -> answers.set(i, Optional.of(full)));
      return answers;
    }
    try {
      List<Optional<Rejection>> admitted = done.get(SUBMIT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      for (int k = 0; k < valid.size(); k++) {
        answers.set(valid.get(k), admitted.get(k));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Rejection halted = Rejection.of("NODE_HALTED", "interrupted while submitting");
      valid.forEach(i -> answers.set(i, Optional.of(halted)));
    } catch (ExecutionException | TimeoutException e) {
      Rejection halted = Rejection.of("NODE_HALTED", "the node did not take the batch: %s", e);
      valid.forEach(i -> answers.set(i, Optional.of(halted)));
    }
    return answers;
  }

  @Override
  public BlockHeader head() {
    return head;
  }

  @Override
  public ChainReader reader() {
    return reader;
  }

  /** The committed chain as the API reads it: the replica's store and state tree behind it. */
  private final ChainReader reader =
      new ChainReader() {
        @Override
        public BlockHeader head() {
          return NodeRunner.this.head();
        }

        @Override
        public Optional<BlockHeader> header(long height) {
          var store = replica.store();
          return height >= 0 && height <= store.head().orElse(-1)
              ? Optional.of(store.header(height))
              : Optional.empty();
        }

        @Override
        public java.util.OptionalLong heightOf(Hash blockHash) {
          return replica.store().heightOf(blockHash);
        }

        @Override
        public List<io.credence.ledger.chain.Transaction> transactions(long height) {
          return replica.store().transactions(height);
        }

        @Override
        public List<io.credence.ledger.chain.Receipt> receipts(long height) {
          return replica.store().receipts(height);
        }

        @Override
        public Optional<Location> locate(Hash transactionHash) {
          return replica
              .store()
              .locate(transactionHash)
              .map(l -> new Location(l.height(), l.index()));
        }

        @Override
        public ProvenValue value(long height, byte[] key) {
          var root = replica.store().header(height).stateRoot();
          var tree =
              new io.credence.ledger.state.StateTree(replica.genesis().suite(), replica.store());
          return new ProvenValue(tree.get(root, key), tree.prove(root, key));
        }

        @Override
        public io.credence.execution.ContractState state(long height) {
          StateOverlay overlay =
              StateOverlay.over(replica.tree(), replica.store().header(height).stateRoot());
          return new io.credence.execution.ContractState() {
            @Override
            public byte[] get(byte[] key) {
              return overlay.get(key);
            }

            @Override
            public void put(byte[] key, byte[] value) {
              throw new UnsupportedOperationException("committed state is read only");
            }

            @Override
            public void delete(byte[] key) {
              throw new UnsupportedOperationException("committed state is read only");
            }
          };
        }
      };

  @Override
  public void addCommitListener(Consumer<ChainReader.CommittedBlock> listener) {
    commitListeners.add(listener);
  }

  @Override
  public void removeCommitListener(Consumer<ChainReader.CommittedBlock> listener) {
    commitListeners.remove(listener);
  }

  @Override
  public boolean isWaiting(Hash transactionHash) {
    return LoopCalls.ask(queue, running, () -> replica.isWaiting(transactionHash), false);
  }

  @Override
  public List<IndexedEvent> events(
      String contract,
      String attribute,
      String value,
      long fromHeight,
      int fromTransaction,
      int fromEvent,
      int limit) {
    List<IndexedEvent> out = new ArrayList<>();
    long cachedHeight = -1;
    List<io.credence.ledger.chain.Receipt> receipts = List.of();
    for (var hit :
        index.find(
            contract,
            attribute,
            value,
            new io.credence.node.index.EventIndex.Hit(fromHeight, fromTransaction, fromEvent),
            limit)) {
      if (hit.height() != cachedHeight) {
        receipts = replica.store().receipts(hit.height());
        cachedHeight = hit.height();
      }
      var receipt = receipts.get(hit.transaction());
      out.add(
          new IndexedEvent(
              hit.height(),
              hit.transaction(),
              hit.event(),
              receipt.transactionHash(),
              receipt.events().get(hit.event())));
    }
    return out;
  }

  @Override
  public Optional<Rejection> dropped(Hash transactionHash) {
    return LoopCalls.ask(
        queue, running, () -> replica.droppedReason(transactionHash), Optional.empty());
  }

  @Override
  public int mempoolSize() {
    return mempoolSize;
  }

  @Override
  public int peers() {
    return connectedPeers.getAsInt();
  }

  @Override
  public String consensus() {
    Snapshot s = snapshot;
    return s == null || s.validators() > 1 ? "bft" : "solo";
  }

  @Override
  public NodeState nodeState() {
    Snapshot s = snapshot;
    BlockHeader h = head;
    if (s == null) {
      return new NodeState("starting", 0, 0, h.height(), h.height(), false, false);
    }
    boolean caughtUp = s.highestKnownHeight() <= h.height() + 2;
    // Part of a quorum: a validator connected to enough others to make one with itself.
    int needed = s.validators() * 2 / 3 + 1 - (s.isValidator() ? 1 : 0);
    boolean inQuorum = s.isValidator() && peers() >= needed;
    return new NodeState(
        s.isValidator() ? "validator" : "observer",
        s.round(),
        s.epoch(),
        h.height(),
        s.highestKnownHeight(),
        caughtUp,
        inQuorum);
  }

  /** This node's equivocation evidence, read on the loop thread that owns it. */
  @Override
  public List<EvidenceRecord> evidence() {
    return LoopCalls.ask(
        queue,
        running,
        () -> {
          List<EvidenceRecord> out = new ArrayList<>();
          var validators = replica.validators();
          for (var e : replica.evidence()) {
            out.add(
                new EvidenceRecord(
                    Hex.of(validators.key(e.validator())),
                    e.round(),
                    e.first() instanceof io.credence.consensus.message.Message.Proposal
                        ? "two proposals"
                        : "two votes",
                    Hex.of(io.credence.consensus.message.Message.CODEC.encode(e.first())),
                    Hex.of(io.credence.consensus.message.Message.CODEC.encode(e.second()))));
          }
          return out;
        },
        List.of());
  }

  @Override
  public void close() {
    running = false;
    try {
      loop.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
