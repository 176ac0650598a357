package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.credence.app.client.ApiClient;
import io.credence.app.config.KeyFileIo;
import io.credence.core.crypto.KeyPair;
import io.credence.ledger.chain.Transaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real node process with SIGKILL while it commits blocks under load, restarts it, and finds
 * every transaction that was acknowledged as committed before the kill, and a chain verify accepts.
 */
class CrashRecoveryTest {
  private static final int SENDERS = 4;
  private static final int IN_FLIGHT_PER_SENDER = 16;
  private static final long LOAD_MILLIS_BEFORE_KILL = 2_500;

  @TempDir Path dir;

  @Test
  void killNine_underLoad_keepsEveryAcknowledgedTransaction() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    InitCommand.Layout layout =
        InitCommand.create(
            dir.resolve("c"),
            SENDERS,
            1,
            "standard",
            "crash-chain",
            true,
            null,
            port,
            new SecureRandom());
    // Short blocks, so that many commits happen during the load.
    Path consortium = layout.consortium();
    Files.writeString(
        consortium,
        Files.readString(consortium)
            .replaceFirst("block_interval_millis = \\d+", "block_interval_millis = 20"));
    List<KeyPair> admins = new ArrayList<>();
    for (Path key : layout.adminKeys()) {
      admins.add(KeyFileIo.read(key, null));
    }
    Path home = layout.nodeHome();
    String url = "http://127.0.0.1:" + port;
    ApiClient client = new ApiClient(url);

    Process node = startNode(home, "first");
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> senders = new ArrayList<>();
    try {
      awaitApi(client, node);
      for (int s = 0; s < SENDERS; s++) {
        KeyPair admin = admins.get(s);
        Thread t = new Thread(() -> load(url, admin, acknowledged, stop), "sender-" + s);
        t.start();
        senders.add(t);
      }
      Thread.sleep(LOAD_MILLIS_BEFORE_KILL);
    } finally {
      // SIGKILL: no shutdown hook runs, RocksDB is not closed.
      node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      stop.set(true);
      for (Thread t : senders) {
        t.join(30_000);
      }
    }
    assertTrue(
        acknowledged.size() >= 20,
        "load too light to prove anything: " + acknowledged.size() + " acknowledged");

    Process restarted = startNode(home, "second");
    try {
      awaitApi(client, restarted);
      for (String hash : acknowledged) {
        JsonNode tx = client.get("/v1/transactions/" + hash);
        assertEquals(
            "COMMITTED", tx.get("status").asText(), "acknowledged transaction " + hash + " lost");
      }
    } finally {
      restarted.destroy();
      assertTrue(restarted.waitFor(30, TimeUnit.SECONDS), "node did not stop on SIGTERM");
    }
    System.out.println(
        "crash test: "
            + acknowledged.size()
            + " transactions acknowledged before kill -9, all found after restart");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, VerifyCommand.verify(home, new PrintStream(out)), out.toString());
  }

  private Process startNode(Path home, String name) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "node",
            "--home",
            home.toString())
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile())
        .start();
  }

  private void awaitApi(ApiClient client, Process node) throws Exception {
    for (int i = 0; i < 600; i++) {
      if (!node.isAlive()) {
        throw new AssertionError(
            "node exited with "
                + node.exitValue()
                + ": "
                + Files.readString(dir.resolve("first.err")));
      }
      try {
        client.get("/v1/status");
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("node API did not come up within 60 s");
  }

  /**
   * Keeps {@value #IN_FLIGHT_PER_SENDER} waiting submissions in flight until told to stop or the
   * node dies.
   */
  private static void load(
      String url, KeyPair admin, Set<String> acknowledged, AtomicBoolean stop) {
    ApiClient client = new ApiClient(url);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(IN_FLIGHT_PER_SENDER);
    try {
      long nonce = 0;
      while (!stop.get()) {
        List<java.util.concurrent.Future<?>> batch = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT_PER_SENDER; i++) {
          Transaction tx = Calls.registerFresh(admin, "crash-chain", nonce++);
          batch.add(
              pool.submit(
                  () -> {
                    try {
                      JsonNode answer = client.submit(tx, true);
                      if ("COMMITTED".equals(answer.path("status").asText())) {
                        acknowledged.add(answer.get("hash").asText());
                      }
                    } catch (IOException | ApiClient.ApiException e) {
                      stop.set(true);
                    }
                  }));
        }
        for (java.util.concurrent.Future<?> f : batch) {
          f.get();
        }
      }
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      Thread.currentThread().interrupt();
    } finally {
      pool.shutdownNow();
    }
  }
}
