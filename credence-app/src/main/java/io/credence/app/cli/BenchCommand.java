package io.credence.app.cli;

import io.credence.app.config.ConfigException;
import io.credence.app.network.NetworkBench;
import io.credence.app.runtime.NodeRunner;
import io.credence.core.Hash;
import io.credence.core.Hex;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import io.credence.core.crypto.SeededRandom;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.genesis.Parameters;
import io.credence.core.genesis.Uscc;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.state.MemoryNodes;
import io.credence.ledger.state.StateTree;
import io.credence.node.Replica;
import io.credence.node.bft.StoredConsensus;
import io.credence.simulator.Scenario;
import io.credence.simulator.Simulation;
import io.credence.storage.rocksdb.RocksDbStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput benchmarks, reported as ratios measured in the same run (this machine is noisy):
 * Ed25519 and SM2 verification through our crypto layer against BouncyCastle called directly,
 * state-tree writes, and committed transactions per second of a solo node on RocksDB against the
 * single-core Ed25519 verification rate.
 */
@Command(
    name = "bench",
    description = "Measure crypto, state-tree and solo-node throughput as same-run ratios.")
public final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--rounds",
      defaultValue = "5",
      description = "interleaved rounds per comparison, 1-50 (best is kept)")
  @Range(min = 1, max = 50)
  int rounds;

  @Option(
      names = "--transactions",
      defaultValue = "20000",
      description = "transactions for the solo-node run (1000-1000000)")
  @Range(min = 1_000, max = 1_000_000)
  int transactions;

  @Option(
      names = "--profile-solo",
      hidden = true,
      description = "run only the solo-node part (for profiling)")
  boolean soloOnly;

  @Option(
      names = "--network",
      description =
          "a running network's consortium folder (credence network up): measure it end to end")
  Path network;

  @Option(
      names = "--rate",
      defaultValue = "1500",
      description = "with --network: transactions a second to offer (1-100000)")
  @Range(min = 1, max = 100_000, unit = "transactions a second")
  int rate;

  @Option(
      names = "--duration",
      defaultValue = "60",
      description = "with --network: seconds of load (1-3600)")
  @Range(min = 1, max = 3_600, unit = "seconds")
  int duration;

  @Option(
      names = "--warmup",
      defaultValue = "60",
      description =
          "with --network: seconds of load before the measured duration, not counted; the"
              + " registry workload's rate rises evenly to --rate over it (0-600)")
  @Range(min = 0, max = 600, unit = "seconds")
  int warmup;

  @Option(
      names = "--workload",
      defaultValue = REGISTRY,
      description =
          "with --network: registry (identity.register only) or finance (receivable certificates:"
              + " issue, split, transfer, financing and early settlement, measured after the"
              + " registry workload in the same run, with the ratio of the two)")
  String workload;

  static final String REGISTRY = "registry";
  static final String FINANCE = "finance";

  @Override
  public Integer call() throws IOException, ConfigException, InterruptedException {
    if (!workload.equals(REGISTRY) && !workload.equals(FINANCE)) {
      throw new UserError(
          "--workload: expected " + REGISTRY + " or " + FINANCE + ", found '" + workload + "'");
    }
    if (workload.equals(FINANCE) && network == null) {
      throw new UserError(
          "--workload finance: expected --network DIR (a running network), found none");
    }
    if (network != null && workload.equals(FINANCE)) {
      NetworkBench.Comparison c =
          new NetworkBench(network, System.out).runFinance(rate, duration, warmup);
      printFinance(c);
      return c.finance().failed() == 0 ? 0 : 1;
    }
    if (network != null) {
      NetworkBench.Result r = new NetworkBench(network, System.out).run(rate, duration, warmup);
      System.out.printf(
          Locale.ROOT,
          "network of %d validators, %d s measured after %d s of warm-up, at %,d tx/s offered:"
              + " %,d submitted, %,d rejected%n"
              + "committed %,.0f tx/s (%,d in the window, %,d in all); commit latency p50 %,.0f ms,"
              + " p95 %,.0f ms, p99 %,.0f ms%n"
              + "ceiling %,.0f tx/s (Ed25519 verifications/s on all cores / validators):"
              + " %.2f of the ceiling%n",
          r.validators(),
          duration,
          warmup,
          rate,
          r.submitted(),
          r.rejected(),
          r.committedPerSecond(),
          r.committedInWindow(),
          r.committedTotal(),
          r.p50Millis(),
          r.p95Millis(),
          r.p99Millis(),
          r.ceilingPerSecond(),
          r.ratioToCeiling());
      io.credence.app.network.ProcessCpu.print(System.out, r.cpu(), r.committedPerSecond());
      return 0;
    }
    if (soloOnly) {
      double[] solo = soloNode(CryptoSuite.named("standard"));
      System.out.printf(
          Locale.ROOT,
          "replica on one thread %,.0f tx/s; node loop with parallel ingress %,.0f tx/s%n",
          solo[0],
          solo[1]);
      return 0;
    }
    byte[] message = new byte[200];
    new Random(1).nextBytes(message);

    CryptoSuite ed = CryptoSuite.named("standard");
    KeyPair edKey = ed.generate(SeededRandom.of(42));
    byte[] edSig = ed.signer(edKey.privateKey(), SeededRandom.of(42)).sign(message);
    byte[] edPub = edKey.publicKey();
    double[] edRates =
        compare(
            () -> ed.verify(edPub, message, edSig),
            () -> Ed25519.verify(edSig, 0, edPub, 0, message, 0, message.length),
            3000);
    row("Ed25519 verify/s", edRates);

    CryptoSuite sm = CryptoSuite.named("national");
    KeyPair smKey = sm.generate(SeededRandom.of(42));
    byte[] smSig = sm.signer(smKey.privateKey(), SeededRandom.of(42)).sign(message);
    byte[] smPub = smKey.publicKey();
    var curve = org.bouncycastle.asn1.gm.GMNamedCurves.getByName("sm2p256v1");
    var domain = new org.bouncycastle.crypto.params.ECDomainParameters(curve);
    byte[] id = "1234567812345678".getBytes(StandardCharsets.US_ASCII);
    double[] smRates =
        compare(
            () -> sm.verify(smPub, message, smSig),
            () -> {
              SM2Signer v = new SM2Signer(PlainDSAEncoding.INSTANCE);
              v.init(
                  false,
                  new ParametersWithID(
                      new ECPublicKeyParameters(curve.getCurve().decodePoint(smPub), domain), id));
              v.update(message, 0, message.length);
              return v.verifySignature(smSig);
            },
            1500);
    row("SM2 verify/s", smRates);

    double treeRate = stateTreeWrites(ed);
    System.out.printf(
        Locale.ROOT,
        "%-34s %,12.0f  (%.2f x our Ed25519 verify rate)%n",
        "state-tree writes/s (batches of 1000)",
        treeRate,
        treeRate / edRates[0]);

    double[] solo = soloNode(ed);
    System.out.printf(
        Locale.ROOT,
        "%-34s %,12.0f  = %.0f%% of the single-core Ed25519 verify rate%n",
        "replica, one thread, committed tx/s",
        solo[0],
        100 * solo[0] / edRates[0]);
    System.out.printf(
        Locale.ROOT,
        "%-34s %,12.0f  = %.0f%% of the single-core Ed25519 verify rate (target >= 50%%)%n",
        "solo node committed tx/s",
        solo[1],
        100 * solo[1] / edRates[0]);
    System.out.println(
        "  (solo node: the event loop on RocksDB, synced batches, fed by "
            + SUBMITTERS
            + " threads that check signatures in parallel as the HTTP threads do; registry calls identity.register)");
    consensus(edRates[0]);
    return 0;
  }

  private void printFinance(NetworkBench.Comparison c) {
    NetworkBench.Result r = c.registry();
    var f = c.finance();
    System.out.printf(
        Locale.ROOT,
        "network of %d validators, each workload %d s measured after %d s of warm-up, at %,d tx/s"
            + " offered%n"
            + "registry: %,d submitted, %,d rejected; committed %,.0f tx/s (%,d in the window, %,d"
            + " in all);"
            + " commit latency p50 %,.0f ms, p95 %,.0f ms, p99 %,.0f ms%n"
            + "finance:  %,d stories started, %,d finished; %,d submitted (%,.0f tx/s on average:"
            + " each story's next step waits for its last to commit), %,d rejected at"
            + " admission; committed %,.0f tx/s (%,d in the window, %,d in all); commit latency"
            + " p50 %,.0f ms, p95 %,.0f ms, p99 %,.0f ms%n",
        r.validators(),
        duration,
        warmup,
        rate,
        r.submitted(),
        r.rejected(),
        r.committedPerSecond(),
        r.committedInWindow(),
        r.committedTotal(),
        r.p50Millis(),
        r.p95Millis(),
        r.p99Millis(),
        f.storiesStarted(),
        f.storiesFinished(),
        f.submitted(),
        f.submitted() / (double) (duration + warmup),
        f.rejected(),
        f.committedPerSecond(),
        f.committedInWindow(),
        f.committedTotal(),
        f.p50Millis(),
        f.p95Millis(),
        f.p99Millis());
    StringBuilder kinds = new StringBuilder("finance committed in the window by kind:");
    f.committedByKind().forEach((k, n) -> kinds.append(' ').append(k).append(' ').append(n));
    System.out.println(kinds);
    System.out.println(
        "  (a story: issue = registerInvoice, submit, confirm + approval; split; transfer +"
            + " accept; financing = offer + approval, requestFinancing, approveFinancing +"
            + " approval; settlement = offerEarlyPayment by the core enterprise +"
            + " acceptEarlyPayment by the holder, which settles the piece without waiting for"
            + " its maturity)");
    System.out.printf(
        Locale.ROOT,
        "failed receipts: %,d%s%n",
        f.failed(),
        f.failures().isEmpty() ? "" : "; first: " + String.join(" | ", f.failures()));
    System.out.printf(
        Locale.ROOT,
        "finance/registry committed tx/s: %.2f; ceiling %,.0f tx/s (Ed25519 verifications/s on"
            + " all cores / validators): registry %.2f, finance %.2f of the ceiling%n",
        c.ratio(),
        r.ceilingPerSecond(),
        r.ratioToCeiling(),
        f.committedPerSecond() / r.ceilingPerSecond());
  }

  /**
   * Consensus in the deterministic simulator, fault-free: blocks per simulated second and messages
   * per block at n = 4 and 16, and the wall-clock cost of consensus per block and replica as a
   * ratio to verifying that block's signatures (its quorum certificate and the proposal) once.
   */
  private static void consensus(double verifyRate) {
    for (int n : new int[] {4, 16}) {
      long ticks = 3_000;
      long started = System.nanoTime();
      Simulation.Result r = new Simulation(1, Scenario.normal(n, ticks)).run();
      double wall = (System.nanoTime() - started) / 1e9;
      if (!r.isOk()) {
        throw new IllegalStateException(
            "bench simulation violated an invariant: " + r.violations());
      }
      double simulatedSeconds = ticks * SimulateCommand.SECONDS_PER_TICK;
      int quorum = n * 2 / 3 + 1;
      double perBlockPerReplica = wall / (r.blocksCommitted() * (double) n);
      double signatures = (quorum + 1) / verifyRate;
      System.out.printf(
          Locale.ROOT,
          "%-34s %,12.1f blocks/simulated s, %.1f messages per block%n",
          "consensus n=" + n + " (simulated)",
          r.blocksCommitted() / simulatedSeconds,
          r.messages() / (double) r.blocksCommitted());
      System.out.printf(
          Locale.ROOT,
          "%-34s %,12.0f us per block per replica = %.2f x verifying its %d signatures%n",
          "consensus n=" + n + " (real time)",
          perBlockPerReplica * 1e6,
          perBlockPerReplica / signatures,
          quorum + 1);
    }
  }

  private static void row(String name, double[] rates) {
    System.out.printf(
        Locale.ROOT,
        "%-34s ours %,10.0f  BouncyCastle direct %,10.0f  ratio %.3f%n",
        name,
        rates[0],
        rates[1],
        rates[0] / rates[1]);
  }

  interface Op {
    boolean run();
  }

  /** Best rate of each over interleaved rounds, after a warm-up. */
  private double[] compare(Op ours, Op reference, int perRound) {
    for (int i = 0; i < perRound; i++) {
      check(ours.run() && reference.run());
    }
    double bestOurs = 0;
    double bestReference = 0;
    for (int round = 0; round < rounds; round++) {
      bestOurs = Math.max(bestOurs, rate(ours, perRound));
      bestReference = Math.max(bestReference, rate(reference, perRound));
    }
    return new double[] {bestOurs, bestReference};
  }

  private static double rate(Op op, int count) {
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      check(op.run());
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  private static void check(boolean ok) {
    if (!ok) {
      throw new IllegalStateException("a benchmark signature failed to verify");
    }
  }

  private double stateTreeWrites(CryptoSuite suite) {
    MemoryNodes nodes = new MemoryNodes();
    StateTree tree = new StateTree(suite, nodes);
    Hash root = Hash.ZERO;
    int batches = 200;
    long start = System.nanoTime();
    for (int b = 0; b < batches; b++) {
      TreeMap<byte[], byte[]> changes = StateTree.changes();
      for (int i = 0; i < 1000; i++) {
        changes.put(("key/" + b + "/" + i).getBytes(StandardCharsets.US_ASCII), new byte[64]);
      }
      StateTree.Update update = tree.update(root, changes);
      nodes.putAll(update.newNodes());
      root = update.root();
    }
    return batches * 1000 / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * Signs {@code transactions} registry calls up front (not timed), then times a solo replica on
   * RocksDB admitting them (signature checks included), cutting blocks, executing and committing.
   */
  private double[] soloNode(CryptoSuite suite) throws IOException {
    int orgs = 32;
    SecureRandom random = SeededRandom.of(42);
    List<KeyPair> admins = new ArrayList<>();
    List<Genesis.Organisation> organisations = new ArrayList<>();
    for (int i = 0; i < orgs; i++) {
      KeyPair admin = suite.generate(random);
      admins.add(admin);
      organisations.add(
          new Genesis.Organisation(
              "Org " + i, Uscc.forDevelopment(i), OrganisationRole.SUPPLIER, admin.publicKey()));
    }
    KeyPair validator = suite.generate(random);
    Parameters p = Parameters.DEFAULTS;
    Parameters limits =
        new Parameters(
            p.blockTransactionsMax(),
            p.blockBytesMax(),
            p.blockIntervalMillis(),
            p.transactionBytesMax(),
            p.expiryHeightsAheadMax(),
            1_000_000,
            1L << 32,
            100_000,
            p.transactionWorkMax());
    Genesis genesis =
        new Genesis(
            "bench",
            suite,
            0,
            organisations,
            List.of(new Genesis.Validator("v", validator.publicKey(), organisations.get(0).uscc())),
            limits);
    List<Transaction> txs = new ArrayList<>(transactions);
    long[] nonces = new long[orgs];
    for (int i = 0; i < transactions; i++) {
      int org = i % orgs;
      TreeMap<String, String> args = new TreeMap<>();
      args.put("publicKey", Hex.of(suite.generate(random).publicKey()));
      args.put("roles", "OPERATOR");
      txs.add(
          Transaction.sign(
              suite.signer(admins.get(org).privateKey(), random),
              "bench",
              nonces[org]++,
              5_000,
              io.credence.execution.Runtime.encodeCall("identity", "register", args)));
    }
    // Best of two fresh runs each, like the other comparisons: the first also warms the JIT.
    double single = 0;
    double node = 0;
    for (int run = 0; run < 2; run++) {
      single = Math.max(single, measure(genesis, validator, txs, limits, random, false));
      node = Math.max(node, measure(genesis, validator, txs, limits, random, true));
    }
    return new double[] {single, node};
  }

  /**
   * Commits {@code txs} on a fresh RocksDB store and returns committed transactions per second:
   * either the bare replica on this one thread (admission with its signature check, then blocks),
   * or the node's event loop fed by {@value #SUBMITTERS} submitting threads that verify signatures
   * in parallel, as the HTTP threads do.
   */
  private double measure(
      Genesis genesis,
      KeyPair validator,
      List<Transaction> txs,
      Parameters limits,
      SecureRandom random,
      boolean throughRunner)
      throws IOException {
    CryptoSuite suite = genesis.suite();
    Path dir = Files.createTempDirectory("credence-bench-");
    try (RocksDbStore kv = RocksDbStore.open(dir)) {
      Replica replica =
          Replica.open(
              genesis,
              kv,
              new StoredConsensus(kv),
              suite.signer(validator.privateKey(), random),
              (to, message) -> {},
              Replica.Config.DEFAULTS);
      long start = System.nanoTime();
      if (throughRunner) {
        runThroughNodeLoop(replica, txs);
      } else {
        long now = genesis.timestampMillis();
        replica.start(now);
        int next = 0;
        while (replica.head().height() == 0 || replica.mempoolSize() > 0 || next < txs.size()) {
          int until = Math.min(txs.size(), next + limits.blockTransactionsMax());
          for (; next < until; next++) {
            replica
                .onTransaction(txs.get(next))
                .ifPresent(
                    r -> {
                      throw new IllegalStateException("bench transaction rejected: " + r);
                    });
          }
          replica.onTick(now += 10);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long committed = 0;
      for (long h = 1; h <= replica.store().head().getAsLong(); h++) {
        committed += replica.store().transactions(h).size();
      }
      if (committed != txs.size()) {
        throw new IllegalStateException(
            "bench: expected " + txs.size() + " committed transactions, found " + committed);
      }
      return committed / seconds;
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  static final int SUBMITTERS = 4;

  /** Each submitter owns whole senders, so each sender's nonces arrive in order. */
  private static void runThroughNodeLoop(Replica replica, List<Transaction> txs) {
    CryptoSuite suite = replica.genesis().suite();
    List<CompletableFuture<Long>> committed = new ArrayList<>(txs.size());
    List<List<Transaction>> slices = new ArrayList<>();
    List<List<CompletableFuture<Long>>> futures = new ArrayList<>();
    for (int i = 0; i < SUBMITTERS; i++) {
      slices.add(new ArrayList<>());
      futures.add(new ArrayList<>());
    }
    for (Transaction tx : txs) {
      int owner = Math.floorMod(suite.address(tx.sender()).hashCode(), SUBMITTERS);
      CompletableFuture<Long> f = new CompletableFuture<>();
      slices.get(owner).add(tx);
      futures.get(owner).add(f);
      committed.add(f);
    }
    try (NodeRunner runner = new NodeRunner(replica)) {
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < SUBMITTERS; i++) {
        List<Transaction> slice = slices.get(i);
        List<CompletableFuture<Long>> mine = futures.get(i);
        Thread t =
            new Thread(
                () -> {
                  for (int k = 0; k < slice.size(); k++) {
                    var rejection = runner.submit(slice.get(k), mine.get(k));
                    if (rejection.isPresent()) {
                      // The run cannot complete: fail every waiter instead of leaving the main
                      // thread waiting for commits that will never come.
                      IllegalStateException e =
                          new IllegalStateException(
                              "bench transaction rejected: " + rejection.get());
                      committed.forEach(f -> f.completeExceptionally(e));
                      return;
                    }
                  }
                },
                "bench-submitter-" + i);
        t.start();
        threads.add(t);
      }
      CompletableFuture.allOf(committed.toArray(new CompletableFuture<?>[0])).join();
      for (Thread t : threads) {
        t.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("bench interrupted", e);
    }
  }
}
