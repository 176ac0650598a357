package io.credence.app.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.credence.app.client.ApiClient;
import io.credence.app.config.ConfigException;
import io.credence.app.config.ConsortiumFile;
import io.credence.app.config.KeyFileIo;
import io.credence.core.Call;
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
      double ceilingPerSecond) {
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

  /** Runs the load at {@code rate} transactions a second for {@code seconds}. */
  public Result run(int rate, int seconds)
      throws ConfigException, IOException, InterruptedException {
    LocalNetwork network = new LocalNetwork(dir, "0m");
    List<LocalNetwork.Member> members = network.members();
    Genesis genesis = ConsortiumFile.load(dir.resolve("consortium.toml"));
    CryptoSuite suite = genesis.suite();
    List<KeyPair> admins = admins(genesis);
    List<ApiClient> clients = new ArrayList<>();
    for (LocalNetwork.Member m : members) {
      clients.add(new ApiClient("http://" + m.config().apiHost() + ":" + m.config().apiPort()));
    }
    double ceiling = verificationsPerSecond(suite) / genesis.validators().size();
    out.printf(
        Locale.ROOT,
        "ceiling: %,.0f Ed25519 verifications/s on %d cores / %d validators = %,.0f tx/s%n",
        ceiling * genesis.validators().size(),
        Runtime.getRuntime().availableProcessors(),
        genesis.validators().size(),
        ceiling);

    // Each admin's transactions go to one node, so that its nonces arrive in order.
    int senders = admins.size();
    int perSender = (int) Math.ceil((double) rate * seconds / senders);
    long height;
    try {
      height = clients.get(0).get("/v1/status").get("height").asLong();
    } catch (ApiClient.ApiException e) {
      throw new IOException("node-1 status: " + e.getMessage(), e);
    }
    long expiry = height + 9_000;
    out.printf(Locale.ROOT, "signing %,d transactions...%n", perSender * senders);
    List<List<Transaction>> load = sign(genesis, admins, clients, perSender, expiry);

    Map<String, Long> submittedAt = new ConcurrentHashMap<>();
    Map<String, Long> committedAt = new ConcurrentHashMap<>();
    AtomicLong rejected = new AtomicLong();
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    Thread watcher = new Thread(() -> watch(clients.get(0), height, committedAt, end), "watcher");
    watcher.setDaemon(true);
    watcher.start();
    List<Thread> submitters = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      List<Transaction> mine = load.get(s);
      ApiClient client = clients.get(s % clients.size());
      Thread t =
          new Thread(
              () ->
                  submit(
                      client,
                      mine,
                      suite,
                      rate / (double) senders,
                      start,
                      end,
                      submittedAt,
                      rejected),
              "submitter-" + s);
      t.start();
      submitters.add(t);
    }
    long lastReport = start;
    while (System.nanoTime() < end) {
      Thread.sleep(200);
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
    for (Thread t : submitters) {
      t.join();
    }
    long drainEnd = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
    while (System.nanoTime() < drainEnd && committedAt.size() < submittedAt.size()) {
      Thread.sleep(100);
    }
    watcher.interrupt();
    long inWindow = committedAt.values().stream().filter(t -> t <= end).count();
    double[] latencies =
        committedAt.entrySet().stream()
            .filter(e -> submittedAt.containsKey(e.getKey()))
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
        ceiling);
  }

  private static double percentile(double[] sorted, double p) {
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
      Genesis genesis, List<KeyPair> admins, List<ApiClient> clients, int perSender, long expiry)
      throws IOException, InterruptedException {
    CryptoSuite suite = genesis.suite();
    List<List<Transaction>> out = new ArrayList<>();
    List<Thread> signers = new ArrayList<>();
    for (int s = 0; s < admins.size(); s++) {
      KeyPair admin = admins.get(s);
      long nonce;
      try {
        nonce =
            clients
                .get(0)
                .get("/v1/accounts/" + suite.address(admin.publicKey()).hex())
                .get("nextNonce")
                .asLong();
      } catch (ApiClient.ApiException e) {
        throw new IOException("reading the nonce of an admin: " + e.getMessage(), e);
      }
      List<Transaction> list = new ArrayList<>(perSender);
      out.add(list);
      long first = nonce;
      Thread t =
          new Thread(
              () -> {
                SecureRandom random = new SecureRandom();
                var signer = suite.signer(admin.privateKey(), random);
                for (int i = 0; i < perSender; i++) {
                  TreeMap<String, String> args = new TreeMap<>();
                  args.put("publicKey", Hex.of(suite.generate(random).publicKey()));
                  args.put("roles", "VIEWER");
                  list.add(
                      Transaction.sign(
                          signer,
                          genesis.chainId(),
                          first + i,
                          expiry,
                          new Call("identity", "register", args)));
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

  /** Sends {@code txs} in batches at {@code perSecond} until they or the time run out. */
  private static void submit(
      ApiClient client,
      List<Transaction> txs,
      CryptoSuite suite,
      double perSecond,
      long start,
      long end,
      Map<String, Long> submittedAt,
      AtomicLong rejected) {
    int next = 0;
    while (next < txs.size() && System.nanoTime() < end) {
      double elapsed = (System.nanoTime() - start) / 1e9;
      int due = (int) Math.min(txs.size(), Math.ceil(elapsed * perSecond));
      int until = Math.min(due, next + 1_000);
      if (until > next) {
        List<Transaction> batch = txs.subList(next, until);
        long now = System.nanoTime();
        try {
          JsonNode answer = client.submitBatch(batch);
          JsonNode results = answer.get("results");
          for (int i = 0; i < batch.size(); i++) {
            JsonNode r = results.get(i);
            if (r.path("status").asText().equals("PENDING")) {
              submittedAt.put(r.get("hash").asText(), now);
            } else {
              rejected.incrementAndGet();
            }
          }
        } catch (IOException | ApiClient.ApiException e) {
          rejected.addAndGet(batch.size());
        }
        next = until;
      }
      try {
        Thread.sleep(BATCH_EVERY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Records when each transaction's block became visible on {@code client}'s node. */
  private static void watch(
      ApiClient client, long fromHeight, Map<String, Long> committedAt, long end) {
    long seen = fromHeight;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        long height = client.get("/v1/status").get("height").asLong();
        long now = System.nanoTime();
        for (long h = seen + 1; h <= height; h++) {
          JsonNode block = client.get("/v1/blocks/" + h);
          for (JsonNode tx : block.path("transactions")) {
            committedAt.putIfAbsent(tx.path("hash").asText(), now);
          }
        }
        seen = height;
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

  /** Ed25519 verifications per second with every core busy, for about two seconds. */
  static double verificationsPerSecond(CryptoSuite suite) throws InterruptedException {
    int cores = Runtime.getRuntime().availableProcessors();
    KeyPair key = suite.generate(new SecureRandom());
    byte[] message = new byte[200];
    byte[] signature = suite.signer(key.privateKey(), new SecureRandom()).sign(message);
    AtomicLong count = new AtomicLong();
    long stop = System.nanoTime() + 2_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < cores; i++) {
      Thread t =
          new Thread(
              () -> {
                long n = 0;
                while (System.nanoTime() < stop) {
                  if (suite.verify(key.publicKey(), message, signature)) {
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
    return count.get() / 2.0;
  }
}
