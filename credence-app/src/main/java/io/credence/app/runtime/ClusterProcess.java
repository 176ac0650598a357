package io.credence.app.runtime;

import io.credence.api.ApiServer;
import io.credence.api.ChainService;
import io.credence.app.config.ConfigException;
import io.credence.app.config.ConsortiumFile;
import io.credence.app.config.KeyFileIo;
import io.credence.app.config.NodeConfig;
import io.credence.consensus.Consensus;
import io.credence.consensus.LeaderElection;
import io.credence.consensus.ValidatorSet;
import io.credence.consensus.message.Message;
import io.credence.core.Hash;
import io.credence.core.Rejection;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.ledger.audit.ChainAudit;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.state.StateTree;
import io.credence.ledger.store.BlockStore;
import io.credence.node.Replica;
import io.credence.node.bft.ConsensusVotes;
import io.credence.node.bft.LedgerExecution;
import io.credence.node.bft.StoredConsensus;
import io.credence.node.execution.Executor;
import io.credence.node.execution.StateOverlay;
import io.credence.node.mempool.Mempool;
import io.credence.storage.rocksdb.RocksDbStore;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Every validator of a consortium in one process, running BFT consensus over an in-process network,
 * each with its own key, RocksDB store and mempool: the way to run a multi-validator chain until
 * the network transport lands. One event loop drives all replicas (a tick is {@value #TICK_MILLIS}
 * ms); the HTTP API serves the first validator's view and hands submissions to every mempool, as
 * gossip would.
 */
public final class ClusterProcess implements ChainService, AutoCloseable {
  public static final long TICK_MILLIS = 10;
  public static final int QUEUE_DEPTH_MAX = 100_000;
  public static final int WAITERS_MAX = 100_000;

  private record Member(
      KeyPair key, RocksDbStore kv, BlockStore store, Mempool mempool, Consensus consensus) {}

  private record Delivery(byte[] from, byte[] to, Message message) {}

  private final Genesis genesis;
  private final List<Member> members = new ArrayList<>();
  private final Map<ByteBuffer, Member> byKey = new HashMap<>();
  private final ArrayDeque<Delivery> network = new ArrayDeque<>();
  private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>(QUEUE_DEPTH_MAX);
  private final Map<Hash, List<CompletableFuture<Long>>> waiters = new HashMap<>();
  private final Thread loop;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final long started = System.currentTimeMillis();
  private ApiServer api;
  private volatile BlockHeader head;
  private volatile int mempoolSize;
  private volatile boolean running = true;
  private long notifiedHeight;

  private ClusterProcess(Genesis genesis) {
    this.genesis = genesis;
    this.loop = new Thread(this::run, "credence-cluster");
  }

  /**
   * Opens every validator's store under {@code dir/nodes/node-i} and starts the loop and the API.
   */
  public static ClusterProcess start(Path dir, PrintStream out)
      throws ConfigException, NodeProcess.DamagedStore {
    Genesis genesis = ConsortiumFile.load(dir.resolve("consortium.toml"));
    ClusterProcess cluster = new ClusterProcess(genesis);
    List<byte[]> keys = new ArrayList<>();
    genesis.validators().forEach(v -> keys.add(v.publicKey()));
    NodeConfig first = null;
    try {
      for (int i = 0; i < genesis.validators().size(); i++) {
        NodeConfig config = NodeConfig.load(dir.resolve("nodes").resolve("node-" + (i + 1)));
        first = first == null ? config : first;
        KeyPair key = KeyFileIo.read(config.keyFile(), config.passphraseFile());
        if (!Arrays.equals(key.publicKey(), keys.get(i))) {
          throw new ConfigException(
              config.keyFile()
                  + ": expected the key of validator "
                  + (i + 1)
                  + " in the consortium file, found another");
        }
        cluster.open(genesis, key, keys, config, out);
      }
    } catch (ConfigException | NodeProcess.DamagedStore | RuntimeException e) {
      cluster.closeStores();
      throw e;
    }
    cluster.head =
        cluster.members.get(0).store().header(cluster.members.get(0).store().head().getAsLong());
    cluster.notifiedHeight = cluster.head.height();
    for (Member m : cluster.members) {
      m.consensus().start(0);
    }
    cluster.loop.start();
    cluster.api = new ApiServer(cluster).start(first.apiHost(), first.apiPort());
    return cluster;
  }

  private void open(
      Genesis genesis, KeyPair key, List<byte[]> keys, NodeConfig config, PrintStream out)
      throws NodeProcess.DamagedStore {
    RocksDbStore kv = RocksDbStore.open(config.dataDir());
    BlockStore store = new BlockStore(kv, genesis.suite());
    Member member;
    try {
      if (store.head().isEmpty()) {
        store.initialise(genesis, Replica.genesisBlock(genesis, new Executor(genesis)));
      } else {
        Progress progress =
            new Progress(
                out, "checking " + config.home().getFileName(), store.head().getAsLong() + 1);
        ChainAudit.Report report =
            new ChainAudit(
                    store, genesis, new Executor(genesis), new ConsensusVotes(genesis.suite()))
                .run(ChainAudit.Depth.INTEGRITY, progress::update);
        progress.finish();
        if (!report.isOk()) {
          throw new NodeProcess.DamagedStore(
              "store " + config.dataDir() + " is damaged at " + report.problem());
        }
      }
      Mempool mempool = new Mempool(genesis);
      LedgerExecution execution =
          new LedgerExecution(genesis, store, mempool, key.publicKey(), System::currentTimeMillis);
      LedgerExecution.Root root = execution.root();
      byte[] self = key.publicKey();
      Consensus consensus =
          new Consensus(
              new ValidatorSet(root.epoch(), root.validators(), genesis.suite()),
              genesis.suite().signer(key.privateKey(), new java.security.SecureRandom()),
              set -> LeaderElection.roundRobin(set.size()),
              new StoredConsensus(kv),
              execution,
              (to, message) -> network.add(new Delivery(self, to, message)),
              Consensus.Config.DEFAULTS,
              root.startId(),
              root.block(),
              root.id(),
              root.qc());
      member = new Member(key, kv, store, mempool, consensus);
    } catch (RuntimeException | NodeProcess.DamagedStore e) {
      kv.close();
      throw e;
    }
    members.add(member);
    byKey.put(ByteBuffer.wrap(key.publicKey()), member);
  }

  private void run() {
    try {
      while (running) {
        Runnable task = tasks.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
        while (task != null) {
          task.run();
          task = tasks.poll();
        }
        long tick = (System.currentTimeMillis() - started) / TICK_MILLIS;
        // Deliver what was sent so far; what these deliveries send goes out on the next turn.
        for (int n = network.size(); n > 0; n--) {
          Delivery d = network.poll();
          Member to = byKey.get(ByteBuffer.wrap(d.to()));
          if (to != null) {
            to.consensus().onMessage(d.from(), d.message(), tick);
          }
        }
        for (Member m : members) {
          m.consensus().onTick(tick);
        }
        notifyCommits();
        mempoolSize = members.get(0).mempool().size();
      }
      stopped.complete(null);
    } catch (InterruptedException e) {
      stopped.complete(null);
    } catch (RuntimeException e) {
      running = false;
      waiters.values().forEach(list -> list.forEach(f -> f.completeExceptionally(e)));
      waiters.clear();
      stopped.completeExceptionally(e);
    }
  }

  /** Tells waiting clients about the first validator's newly committed blocks. */
  private void notifyCommits() {
    BlockStore store = members.get(0).store();
    long height = store.head().getAsLong();
    for (long h = notifiedHeight + 1; h <= height; h++) {
      for (Receipt r : store.receipts(h)) {
        List<CompletableFuture<Long>> list = waiters.remove(r.transactionHash());
        if (list != null) {
          long committedAt = h;
          list.forEach(f -> f.complete(committedAt));
        }
      }
    }
    if (height > notifiedHeight) {
      notifiedHeight = height;
      head = store.header(height);
    }
  }

  public CompletableFuture<Void> stopped() {
    return stopped;
  }

  public int apiPort() {
    return api.port();
  }

  public int validators() {
    return members.size();
  }

  @Override
  public Genesis genesis() {
    return genesis;
  }

  /**
   * Checks the signature here, then gives the transaction to every validator's mempool (gossip).
   */
  @Override
  public Optional<Rejection> submit(Transaction transaction, CompletableFuture<Long> committed) {
    if (!genesis
        .suite()
        .verify(transaction.sender(), transaction.signingBytes(), transaction.signature())) {
      return Optional.of(Executor.badSignature(transaction));
    }
    CompletableFuture<Optional<Rejection>> answer = new CompletableFuture<>();
    Runnable task =
        () -> {
          Optional<Rejection> first = Optional.empty();
          for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            BlockHeader top = m.store().header(m.store().head().getAsLong());
            StateOverlay state =
                StateOverlay.over(new StateTree(genesis.suite(), m.store()), top.stateRoot());
            Optional<Rejection> r = m.mempool().admit(transaction, state, top.height(), true);
            if (i == 0) {
              first = r;
            }
          }
          if (first.isEmpty() && waiters.size() < WAITERS_MAX) {
            waiters
                .computeIfAbsent(transaction.hash(genesis.suite()), h -> new ArrayList<>(1))
                .add(committed);
          }
          answer.complete(first);
        };
    if (!running) {
      return Optional.of(Rejection.of("NODE_HALTED", "the cluster has stopped"));
    }
    if (!tasks.offer(task)) {
      return Optional.of(
          Rejection.of(
              "MEMPOOL_FULL",
              "the cluster's input queue holds %d tasks, queueDepthMax=%d",
              tasks.size(),
              QUEUE_DEPTH_MAX));
    }
    try {
      return answer.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(Rejection.of("NODE_HALTED", "interrupted while submitting"));
    } catch (ExecutionException | TimeoutException e) {
      return Optional.of(
          Rejection.of(
              "NODE_HALTED", "the cluster did not take the transaction: %s", e.getMessage()));
    }
  }

  @Override
  public BlockHeader head() {
    return head;
  }

  @Override
  public BlockStore store() {
    return members.get(0).store();
  }

  @Override
  public StateOverlay stateAt(BlockHeader header) {
    return StateOverlay.over(new StateTree(genesis.suite(), store()), header.stateRoot());
  }

  @Override
  public boolean isWaiting(Hash transactionHash) {
    return LoopCalls.ask(
        tasks, running, () -> members.get(0).mempool().contains(transactionHash), false);
  }

  @Override
  public int mempoolSize() {
    return mempoolSize;
  }

  @Override
  public int peers() {
    return members.size() - 1;
  }

  @Override
  public String consensus() {
    return "bft";
  }

  /** The first validator's equivocation evidence, read on the loop thread that owns it. */
  @Override
  public List<EvidenceRecord> evidence() {
    return LoopCalls.ask(
        tasks,
        running,
        () -> {
          List<EvidenceRecord> out = new ArrayList<>();
          var validators = members.get(0).consensus().validators();
          for (var e : members.get(0).consensus().evidence()) {
            out.add(
                new EvidenceRecord(
                    io.credence.core.Hex.of(validators.key(e.validator())),
                    e.round(),
                    e.first() instanceof Message.Proposal ? "two proposals" : "two votes"));
          }
          return out;
        },
        List.of());
  }

  private void closeStores() {
    members.forEach(m -> m.kv().close());
  }

  @Override
  public void close() {
    if (api != null) {
      api.close();
    }
    running = false;
    try {
      loop.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeStores();
  }
}
