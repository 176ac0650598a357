package io.credence.app.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The threads that check signatures (the HTTP API's and the transport's) run below the event loop's
 * CPU priority in a node that {@code credence network up} starts: read from Linux's {@code /proc}
 * in each running node process.
 */
class ThreadPrioritiesTest {
  /** {@link Thread#MIN_PRIORITY} under {@code -XX:ThreadPriorityPolicy=1} on Linux. */
  private static final int SIGNATURE_CHECKS_NICE = 4;

  private static final long THREADS_WAIT_MILLIS = 30_000;

  @TempDir Path dir;

  private ProcessNetwork network;

  @AfterEach
  void stop() throws Exception {
    if (network != null) {
      network.down();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void apiAndTransportThreads_runBelowTheEventLoop() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc");
    network = ProcessNetwork.create(dir, false);
    network.up();
    for (int node = 1; node <= ProcessNetwork.NODES; node++) {
      long pid = network.pid(node);
      Map<String, Integer> threads = threads(pid);
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(THREADS_WAIT_MILLIS);
      // Transport threads start as peers connect.
      while (!has(threads, "credence-p2p") && System.nanoTime() < deadline) {
        Thread.sleep(100);
        threads = threads(pid);
      }
      assertEquals(0, threads.get("credence-loop"), "node-" + node + " event loop's nice");
      int api = 0;
      int transport = 0;
      for (Map.Entry<String, Integer> t : threads.entrySet()) {
        boolean isApi = t.getKey().startsWith("api-");
        boolean isTransport = t.getKey().startsWith("credence-p2p");
        if (isApi || isTransport) {
          assertEquals(
              SIGNATURE_CHECKS_NICE, t.getValue(), "node-" + node + " thread " + t.getKey());
          api += isApi ? 1 : 0;
          transport += isTransport ? 1 : 0;
        }
      }
      assertTrue(api > 0, "node-" + node + ": expected API threads, found none in " + threads);
      assertTrue(
          transport > 0, "node-" + node + ": expected transport threads, found none in " + threads);
    }
  }

  private static boolean has(Map<String, Integer> threads, String prefix) {
    return threads.keySet().stream().anyMatch(name -> name.startsWith(prefix));
  }

  /** Each thread of a process, by name and thread id, with its niceness. */
  private static Map<String, Integer> threads(long pid) throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException ended) {
          continue;
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        // Fields after the name start at the state (field 3); the niceness is field 19.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        String key = name.equals("credence-loop") ? name : name + "#" + task.getFileName();
        out.put(key, Integer.parseInt(fields[19 - 3]));
      }
    }
    return out;
  }
}
