package io.credence.app.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.credence.app.client.ApiClient;
import io.credence.app.config.ConfigException;
import io.credence.app.config.ConsortiumFile;
import io.credence.app.config.KeyFileIo;
import io.credence.core.Hex;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.ledger.chain.Transaction;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;

/**
 * Drives signed transactions into the HTTP APIs of every node of a running network at a target
 * rate, in batches, and measures committed transactions per second and commit latency (from
 * submission to the block being visible on node-1's API). The ceiling is measured in the same run,
 * before the load: Ed25519 verifications per second on all cores, divided by the number of
 * validators, since each validator checks each transaction's signature once.
 */
public final class NetworkBench {
  /** How often each submitter sends a batch, and how often the watcher looks for new blocks. */
  static final long BATCH_EVERY_MILLIS = 50;

  static final long WATCH_EVERY_MILLIS = 20;

  /** How long committed-or-not is waited for after the load stops. */
  static final long DRAIN_MILLIS = 15_000;

  /** What a run measured. */
  public record Result(
      int validators,
      long submitted,
      long rejected,
      long committedInWindow,
      long committedTotal,
      double seconds,
      double committedPerSecond,
      double p50Millis,
      double p95Millis,
      double p99Millis,
      double ceilingPerSecond,
      ProcessCpu.Usage cpu) {
    public double ratioToCeiling() {
      return committedPerSecond / ceilingPerSecond;
    }
  }

  private final Path dir;
  private final PrintStream out;

  public NetworkBench(Path dir, PrintStream out) {
    this.dir = dir;
    this.out = out;
  }

  /**
   * Runs the load at {@code rate} transactions a second for {@code warmupSeconds} and then for the
   * {@code seconds} measured: the warm-up's transactions are sent like the others (the nodes' JIT
   * compilers and caches reach their steady state, as in a node that has run for a while) and are
   * not counted.
   */
  public Result run(int rate, int seconds, int warmupSeconds)
      throws ConfigException, IOException, InterruptedException {
    Target target = open();
    return registry(target, rate, seconds, warmupSeconds, ceiling(target));
  }

  /** What both workloads measured in one run on the same network, and the ceiling. */
  public record Comparison(Result registry, FinanceWorkload.Result finance) {
    /** Finance committed tx/s over registry committed tx/s. */
    public double ratio() {
      return finance.committedPerSecond() / registry.committedPerSecond();
    }
  }

  /**
   * The registry workload and then the finance workload ({@link FinanceWorkload}), each at {@code
   * rate} for {@code warmupSeconds} and then {@code seconds} measured, on the same network in the
   * same run: the registry's committed rate is the reference the finance rate is compared with.
   */
  public Comparison runFinance(int rate, int seconds, int warmupSeconds)
      throws ConfigException, IOException, InterruptedException {
    Target target = open();
    double ceiling = ceiling(target);
    out.println("registry workload (identity.register), the reference:");
    Result registry = registry(target, rate, seconds, warmupSeconds, ceiling);
    out.printf(
        Locale.ROOT,
        "registry: committed %,.0f tx/s (%,d in the window)%n",
        registry.committedPerSecond(),
        registry.committedInWindow());
    out.println(
        "finance workload (receivable certificates: issue, split, transfer, financing,"
            + " settlement by early payment):");
    FinanceWorkload finance =
        new FinanceWorkload(
            target.genesis(),
            target.clients(),
            FinanceWorkload.byOrganisation(target.genesis(), target.admins()),
            out);
    finance.setUp();
    return new Comparison(registry, finance.run(rate, seconds, warmupSeconds));
  }

  /** The network under test: its genesis, the organisations' admin keys, a client per node. */
  record Target(
      Genesis genesis, List<KeyPair> admins, List<ApiClient> clients, List<Long> nodePids) {}

  private Target open() throws ConfigException, IOException {
    LocalNetwork network = new LocalNetwork(dir, "0m");
    List<LocalNetwork.Member> members = network.members();
    Genesis genesis = ConsortiumFile.load(dir.resolve("consortium.toml"));
    List<KeyPair> admins = admins(genesis);
    List<ApiClient> clients = new ArrayList<>();
    List<Long> pids = new ArrayList<>();
    for (LocalNetwork.Member m : members) {
      clients.add(new ApiClient("http://" + m.config().apiHost() + ":" + m.config().apiPort()));
      LocalNetwork.process(m).ifPresent(p -> pids.add(p.pid()));
    }
    return new Target(genesis, admins, clients, pids);
  }

  /** Measures and prints the ceiling in tx/s. */
  private double ceiling(Target target) throws InterruptedException {
    Genesis genesis = target.genesis();
    double ceiling = verificationsPerSecond(genesis.suite()) / genesis.validators().size();
    out.printf(
        Locale.ROOT,
        "ceiling: %,.0f Ed25519 verifications/s on %d cores / %d validators = %,.0f tx/s%n",
        ceiling * genesis.validators().size(),
        Runtime.getRuntime().availableProcessors(),
        genesis.validators().size(),
        ceiling);
    return ceiling;
  }

  private Result registry(Target target, int rate, int seconds, int warmupSeconds, double ceiling)
      throws IOException, InterruptedException {
    Genesis genesis = target.genesis();
    CryptoSuite suite = genesis.suite();
    List<KeyPair> admins = target.admins();
    List<ApiClient> clients = target.clients();
    // Senders: accounts each organisation's admin registers for the run (ADMIN, so that they may
    // register accounts in turn). Each sender's transactions go to one node, in nonce order, with
    // at most SENDER_IN_FLIGHT_MAX waiting, so that no per-sender limit is reached and no nonce gap
    // ever strands the rest.
    out.printf(Locale.ROOT, "registering %d senders...%n", SENDERS);
    List<KeyPair> senders = registerSenders(genesis, admins, clients.get(0));
    long height;
    try {
      height = clients.get(0).get("/v1/status").get("height").asLong();
    } catch (ApiClient.ApiException e) {
      throw new IOException("node-1 status: " + e.getMessage(), e);
    }
    int perSender =
        (int) Math.ceil(offeredBy(rate, warmupSeconds, seconds + warmupSeconds) / senders.size());
    out.printf(Locale.ROOT, "signing %,d transactions...%n", perSender * senders.size());
    List<List<Transaction>> load = sign(genesis, senders, perSender, height + 9_000, 0);
    Map<String, Integer> senderOf = new ConcurrentHashMap<>();
    for (int s = 0; s < load.size(); s++) {
      for (Transaction tx : load.get(s)) {
        senderOf.put(tx.hash(suite).hex(), s);
      }
    }
    AtomicLongArray committedBySender = new AtomicLongArray(senders.size());
    Map<String, Long> submittedAt = new ConcurrentHashMap<>();
    Map<String, Long> committedAt = new ConcurrentHashMap<>();
    AtomicLong rejected = new AtomicLong();
    long start = System.nanoTime();
    long windowStart = start + warmupSeconds * 1_000_000_000L;
    long end = windowStart + seconds * 1_000_000_000L;
    if (warmupSeconds > 0) {
      out.printf(
          Locale.ROOT,
          "warming up for %d s, the rate rising evenly to %,d tx/s (not counted)...%n",
          warmupSeconds,
          rate);
    }
    Thread watcher =
        new Thread(
            () ->
                watch(
                    clients.get(0),
                    height,
                    (tx, h, now) -> {
                      String hash = tx.path("hash").asText();
                      if (committedAt.putIfAbsent(hash, now) == null
                          && senderOf.containsKey(hash)) {
                        committedBySender.incrementAndGet(senderOf.get(hash));
                      }
                    }),
            "watcher");
    watcher.setDaemon(true);
    watcher.start();
    List<Thread> submitters = new ArrayList<>();
    for (int c = 0; c < clients.size(); c++) {
      List<Integer> mine = new ArrayList<>();
      for (int s = c; s < senders.size(); s += clients.size()) {
        mine.add(s);
      }
      ApiClient client = clients.get(c);
      double share = rate * mine.size() / (double) senders.size();
      Thread t =
          new Thread(
              () ->
                  submit(
                      client,
                      mine,
                      load,
                      share,
                      warmupSeconds,
                      start,
                      end,
                      submittedAt,
                      committedBySender,
                      rejected),
              "submitter-" + c);
      t.start();
      submitters.add(t);
    }
    long lastReport = start;
    // The nodes' and the bench's CPU over the measured window (ProcessCpu).
    List<Long> cpuPids = new ArrayList<>(target.nodePids());
    long benchPid = ProcessHandle.current().pid();
    cpuPids.add(benchPid);
    ProcessCpu.Snapshot cpuFrom = null;
    while (System.nanoTime() < end) {
      Thread.sleep(200);
      if (cpuFrom == null && System.nanoTime() >= windowStart) {
        cpuFrom = ProcessCpu.take(cpuPids);
      }
      if (System.nanoTime() - lastReport >= 5_000_000_000L) {
        lastReport = System.nanoTime();
        out.printf(
            Locale.ROOT,
            "  %3.0f s: %,d submitted, %,d committed%n",
            (lastReport - start) / 1e9,
            submittedAt.size(),
            committedAt.size());
      }
    }
    ProcessCpu.Snapshot cpuTo = ProcessCpu.take(cpuPids);
    ProcessCpu.Usage cpu =
        ProcessCpu.usage(cpuFrom == null ? cpuTo : cpuFrom, cpuTo, target.nodePids(), benchPid);
    for (Thread t : submitters) {
      t.join();
    }
    long drainEnd = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
    while (System.nanoTime() < drainEnd && committedAt.size() < submittedAt.size()) {
      Thread.sleep(100);
    }
    watcher.interrupt();
    watcher.join();
    long inWindow = committedAt.values().stream().filter(t -> t >= windowStart && t <= end).count();
    // Latency of what was submitted in the measured window (all of it committed or not seen).
    double[] latencies =
        committedAt.entrySet().stream()
            .filter(e -> submittedAt.getOrDefault(e.getKey(), Long.MIN_VALUE) >= windowStart)
            .mapToDouble(e -> (e.getValue() - submittedAt.get(e.getKey())) / 1e6)
            .sorted()
            .toArray();
    return new Result(
        genesis.validators().size(),
        submittedAt.size(),
        rejected.get(),
        inWindow,
        committedAt.size(),
        seconds,
        inWindow / (double) seconds,
        percentile(latencies, 0.50),
        percentile(latencies, 0.95),
        percentile(latencies, 0.99),
        ceiling,
        cpu);
  }

  /** Senders registered for a run: {@value #SENDERS} accounts with the ADMIN role. */
  static final int SENDERS = 64;

  /** A sender's transactions admitted and not yet committed, at most. */
  static final int SENDER_IN_FLIGHT_MAX = 200;

  private static List<KeyPair> registerSenders(
      Genesis genesis, List<KeyPair> admins, ApiClient client)
      throws IOException, InterruptedException {
    CryptoSuite suite = genesis.suite();
    SecureRandom random = new SecureRandom();
    List<KeyPair> senders = new ArrayList<>();
    List<Transaction> registrations = new ArrayList<>();
    long height;
    try {
      height = client.get("/v1/status").get("height").asLong();
      for (int a = 0; a < admins.size(); a++) {
        KeyPair admin = admins.get(a);
        long nonce =
            client
                .get("/v1/accounts/" + suite.address(admin.publicKey()).hex())
                .get("nextNonce")
                .asLong();
        var signer = suite.signer(admin.privateKey(), random);
        for (int i = a; i < SENDERS; i += admins.size()) {
          KeyPair sender = suite.generate(random);
          senders.add(sender);
          TreeMap<String, String> args = new TreeMap<>();
          args.put("publicKey", Hex.of(sender.publicKey()));
          args.put("roles", "ADMIN");
          registrations.add(
              Transaction.sign(
                  signer,
                  genesis.chainId(),
                  nonce++,
                  height + 1_000,
                  io.credence.execution.Runtime.encodeCall("identity", "register", args)));
        }
      }
      client.submitBatch(registrations);
      KeyPair last = senders.get(senders.size() - 1);
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (true) {
        try {
          client.get("/v1/accounts/" + suite.address(last.publicKey()).hex());
          boolean all = true;
          for (KeyPair sender : senders) {
            try {
              client.get("/v1/accounts/" + suite.address(sender.publicKey()).hex());
            } catch (ApiClient.ApiException missing) {
              all = false;
            }
          }
          if (all) {
            return senders;
          }
        } catch (ApiClient.ApiException notYet) {
          // Not committed yet.
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("the bench's senders were not registered within 60 s");
        }
        Thread.sleep(200);
      }
    } catch (ApiClient.ApiException e) {
      throw new IOException("registering the bench's senders: " + e.getMessage(), e);
    }
  }

  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private List<KeyPair> admins(Genesis genesis) throws ConfigException, IOException {
    List<KeyPair> out = new ArrayList<>();
    Path orgs = dir.resolve("orgs");
    List<Path> files;
    try (Stream<Path> list = Files.walk(orgs, 2)) {
      files = list.filter(p -> p.getFileName().toString().equals("admin.pem")).sorted().toList();
    }
    for (Path file : files) {
      KeyPair key = KeyFileIo.read(file, null);
      boolean isAdmin =
          genesis.organisations().stream()
              .anyMatch(o -> Arrays.equals(o.adminPublicKey(), key.publicKey()));
      if (isAdmin) {
        out.add(key);
      }
    }
    if (out.isEmpty()) {
      throw new ConfigException(orgs + ": expected the organisations' admin keys, found none");
    }
    return out;
  }

  private static List<List<Transaction>> sign(
      Genesis genesis, List<KeyPair> senders, int perSender, long expiry, long firstNonce)
      throws InterruptedException {
    CryptoSuite suite = genesis.suite();
    List<List<Transaction>> out = new ArrayList<>();
    for (int s = 0; s < senders.size(); s++) {
      out.add(new ArrayList<>(perSender));
    }
    int cores = Runtime.getRuntime().availableProcessors();
    List<Thread> signers = new ArrayList<>();
    for (int c = 0; c < cores; c++) {
      int first = c;
      Thread t =
          new Thread(
              () -> {
                SecureRandom random = new SecureRandom();
                for (int s = first; s < senders.size(); s += cores) {
                  KeyPair sender = senders.get(s);
                  var signer = suite.signer(sender.privateKey(), random);
                  List<Transaction> list = out.get(s);
                  for (int i = 0; i < perSender; i++) {
                    TreeMap<String, String> args = new TreeMap<>();
                    args.put("publicKey", Hex.of(suite.generate(random).publicKey()));
                    args.put("roles", "VIEWER");
                    list.add(
                        Transaction.sign(
                            signer,
                            genesis.chainId(),
                            firstNonce + i,
                            expiry,
                            io.credence.execution.Runtime.encodeCall(
                                "identity", "register", args)));
                  }
                }
              });
      t.start();
      signers.add(t);
    }
    for (Thread t : signers) {
      t.join();
    }
    return out;
  }

  /**
   * Transactions offered by {@code elapsed} seconds at {@code rate} a second after a warm-up of
   * {@code warmupSeconds} whose rate rises evenly from none to {@code rate}: a network that starts
   * cold (its JIT compilers still at work) is not handed at once a backlog that the measured window
   * then inherits.
   */
  static double offeredBy(double rate, double warmupSeconds, double elapsed) {
    if (warmupSeconds <= 0) {
      return rate * elapsed;
    }
    if (elapsed <= warmupSeconds) {
      return rate * elapsed * elapsed / (2 * warmupSeconds);
    }
    return rate * warmupSeconds / 2 + rate * (elapsed - warmupSeconds);
  }

  /**
   * Sends the transactions of {@code senders} to one node in batches, at {@code perSecond} in all
   * (rising evenly to it over the warm-up: {@link #offeredBy}), each sender in nonce order with at
   * most {@value #SENDER_IN_FLIGHT_MAX} waiting; a rejected transaction is sent again (the same
   * bytes) in the next batch, so no nonce gap is left.
   */
  private static void submit(
      ApiClient client,
      List<Integer> senders,
      List<List<Transaction>> load,
      double perSecond,
      int warmupSeconds,
      long start,
      long end,
      Map<String, Long> submittedAt,
      AtomicLongArray committedBySender,
      AtomicLong rejected) {
    int[] next = new int[load.size()];
    long sent = 0;
    int turn = 0;
    while (System.nanoTime() < end) {
      double elapsed = (System.nanoTime() - start) / 1e9;
      long due = (long) Math.ceil(offeredBy(perSecond, warmupSeconds, elapsed)) - sent;
      List<Transaction> batch = new ArrayList<>();
      List<Integer> owners = new ArrayList<>();
      int idle = 0;
      while (batch.size() < Math.min(due, 1_000) && idle < senders.size()) {
        int s = senders.get(turn++ % senders.size());
        if (next[s] < load.get(s).size()
            && next[s] - committedBySender.get(s) < SENDER_IN_FLIGHT_MAX) {
          batch.add(load.get(s).get(next[s]));
          owners.add(s);
          next[s]++;
          idle = 0;
        } else {
          idle++;
        }
      }
      if (!batch.isEmpty()) {
        long now = System.nanoTime();
        try {
          JsonNode results = client.submitBatch(batch).get("results");
          for (int i = 0; i < batch.size(); i++) {
            JsonNode r = results.get(i);
            String code = r.path("code").asText("");
            if (r.path("status").asText().equals("PENDING") || code.equals("DUPLICATE")) {
              submittedAt.putIfAbsent(r.get("hash").asText(), now);
              sent++;
            } else {
              rejected.incrementAndGet();
              // Send this nonce again next time; later ones of this sender wait in the mempool.
              int s = owners.get(i);
              next[s] = Math.min(next[s], (int) (batch.get(i).nonce()));
            }
          }
        } catch (IOException | ApiClient.ApiException e) {
          rejected.addAndGet(batch.size());
          for (int i = 0; i < batch.size(); i++) {
            int s = owners.get(i);
            next[s] = Math.min(next[s], (int) batch.get(i).nonce());
          }
        }
      }
      try {
        Thread.sleep(BATCH_EVERY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** What the watcher tells about each committed transaction. */
  interface CommitListener {
    /** {@code tx} (with its receipt) is in block {@code height}, seen at {@code nanoTime}. */
    void onCommitted(JsonNode tx, long height, long nanoTime);
  }

  /**
   * Tells {@code listener} when each transaction's block became visible on {@code client}'s node.
   */
  static void watch(ApiClient client, long fromHeight, CommitListener listener) {
    long seen = fromHeight;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        long height = client.get("/v1/status").get("height").asLong();
        long now = System.nanoTime();
        for (long h = seen + 1; h <= height; h++) {
          JsonNode block = client.get("/v1/blocks/" + h);
          for (JsonNode tx : block.path("transactions")) {
            listener.onCommitted(tx, h, now);
          }
          // A block is handled whole or not at all: a failed read of the next one starts there.
          seen = h;
        }
        Thread.sleep(WATCH_EVERY_MILLIS);
      } catch (InterruptedException e) {
        return;
      } catch (IOException | ApiClient.ApiException e) {
        try {
          Thread.sleep(WATCH_EVERY_MILLIS);
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  /** How long the ceiling's verification loop runs before it is measured, and then measured. */
  static final long CEILING_WARMUP_NANOS = 2_000_000_000L;

  static final long CEILING_MEASURED_NANOS = 3_000_000_000L;

  /**
   * Ed25519 verifications per second with every core busy, measured for {@link
   * #CEILING_MEASURED_NANOS} after {@link #CEILING_WARMUP_NANOS} of the same loop (before its JIT
   * compilation the rate is half of it or less).
   */
  static double verificationsPerSecond(CryptoSuite suite) throws InterruptedException {
    int cores = Runtime.getRuntime().availableProcessors();
    KeyPair key = suite.generate(new SecureRandom());
    byte[] message = new byte[200];
    byte[] signature = suite.signer(key.privateKey(), new SecureRandom()).sign(message);
    AtomicLong count = new AtomicLong();
    long measureFrom = System.nanoTime() + CEILING_WARMUP_NANOS;
    long stop = measureFrom + CEILING_MEASURED_NANOS;
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < cores; i++) {
      Thread t =
          new Thread(
              () -> {
                long n = 0;
                long now;
                while ((now = System.nanoTime()) < stop) {
                  if (suite.verify(key.publicKey(), message, signature) && now >= measureFrom) {
                    n++;
                  }
                }
                count.addAndGet(n);
              });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    return count.get() / (CEILING_MEASURED_NANOS / 1e9);
  }
}
