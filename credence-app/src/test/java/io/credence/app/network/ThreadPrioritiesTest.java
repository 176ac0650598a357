package io.credence.app.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
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
  private static Map<String, Integer> threads(long pid) {
    Map<Long, ProcessCpu.ThreadTicks> sample =
        ProcessCpu.sample(Path.of("/proc"), pid)
            .orElseThrow(() -> new AssertionError("/proc/" + pid + "/task: could not be read"));
    Map<String, Integer> out = new TreeMap<>();
    sample.forEach(
        (tid, t) ->
            out.put(t.name().equals("credence-loop") ? t.name() : t.name() + "#" + tid, t.nice()));
    return out;
  }
}
