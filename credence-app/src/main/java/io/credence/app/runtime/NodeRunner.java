package io.credence.app.runtime;

import io.credence.api.ChainService;
import io.credence.core.Hash;
import io.credence.core.Rejection;
import io.credence.core.genesis.Genesis;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.store.BlockStore;
import io.credence.node.Replica;
import io.credence.node.execution.Executor;
import io.credence.node.execution.StateOverlay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a {@link Replica} on one event-loop thread: submissions are queued to it, and every {@value
 * #TICK_MILLIS} ms it passes the wall clock to {@link Replica#onTick}. The replica itself stays
 * single-threaded and clock-free. Clients waiting for a commit are told once the block is durable.
 * A storage failure halts the loop and fails every waiter.
 */
public final class NodeRunner implements ChainService, AutoCloseable {
  public static final long TICK_MILLIS = 5;
  public static final int QUEUE_DEPTH_MAX = 100_000;
  public static final int WAITERS_MAX = 100_000;
  private static final long SUBMIT_TIMEOUT_MILLIS = 30_000;

  private final Replica replica;
  private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>(QUEUE_DEPTH_MAX);
  private final Map<Hash, List<CompletableFuture<Long>>> waiters = new HashMap<>();
  private final Thread loop;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile BlockHeader head;
  private volatile int mempoolSize;
  private volatile boolean running = true;
  private volatile Throwable failure;

  public NodeRunner(Replica replica) {
    this.replica = replica;
    this.head = replica.head();
    replica.addListener(this::onCommit);
    this.loop = new Thread(this::run, "credence-loop");
    loop.start();
  }

  private void run() {
    try {
      while (running) {
        Runnable task = queue.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
        while (task != null) {
          task.run();
          task = queue.poll();
        }
        replica.onTick(System.currentTimeMillis());
        mempoolSize = replica.mempoolSize();
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
      stopped.completeExceptionally(e);
    }
  }

  private void onCommit(BlockStore.Committed committed) {
    head = committed.block().header();
    long height = committed.block().height();
    for (Receipt receipt : committed.receipts()) {
      List<CompletableFuture<Long>> list = waiters.remove(receipt.transactionHash());
      if (list != null) {
        list.forEach(f -> f.complete(height));
      }
    }
  }

  /** Completes when the loop has stopped; exceptionally if it stopped because of a failure. */
  public CompletableFuture<Void> stopped() {
    return stopped;
  }

  public Throwable failure() {
    return failure;
  }

  @Override
  public Genesis genesis() {
    return replica.genesis();
  }

  /**
   * Submits from the caller's thread: the signature is checked here, so that the HTTP threads
   * verify in parallel on all cores while the single-threaded replica does the rest.
   */
  @Override
  public Optional<Rejection> submit(Transaction transaction, CompletableFuture<Long> committed) {
    var suite = replica.genesis().suite();
    if (!suite.verify(transaction.sender(), transaction.signingBytes(), transaction.signature())) {
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
  public BlockHeader head() {
    return head;
  }

  @Override
  public BlockStore store() {
    return replica.store();
  }

  @Override
  public StateOverlay stateAt(BlockHeader header) {
    return StateOverlay.over(replica.tree(), header.stateRoot());
  }

  @Override
  public boolean isWaiting(Hash transactionHash) {
    return LoopCalls.ask(queue, running, () -> replica.isWaiting(transactionHash), false);
  }

  @Override
  public int mempoolSize() {
    return mempoolSize;
  }

  @Override
  public int peers() {
    return 0;
  }

  @Override
  public String consensus() {
    return "solo";
  }

  /** A solo node has no peers to catch equivocating. */
  @Override
  public List<EvidenceRecord> evidence() {
    return List.of();
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
