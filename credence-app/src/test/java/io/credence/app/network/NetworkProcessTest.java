package io.credence.app.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.credence.app.cli.Main;
import io.credence.app.client.ApiClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four validators, each its own JVM on the real TLS transport, under a steady client load while
 * processes are killed, stopped, wiped and cut apart. Each story ends with the same audit: every
 * transaction a client saw committed is on every node at the height it was acknowledged at, every
 * node holds the same block at every height, and after a clean stop every node's chain passes the
 * offline {@code credence verify}.
 */
class NetworkProcessTest {
  /** Concurrent clients, each with its own admin key. */
  private static final int SENDERS = 3;

  /** Committed transactions to see before hurting the network: the load is flowing. */
  private static final int ACKNOWLEDGED_BEFORE_FAULT = 5;

  /** Blocks that prove the chain moves on (rounds run at a few per second when idle). */
  private static final int PROGRESS_BLOCKS = 5;

  /** {@code Consensus.Config.roundsAheadMax}: messages further ahead are dropped by a replica. */
  private static final int ROUNDS_AHEAD_MAX = 32;

  private static final Duration PROGRESS_LIMIT = Duration.ofSeconds(60);
  private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(90);
  private static final long SETTLE_MILLIS = 3_000;
  private static final long QUIET_MILLIS = 5_000;
  private static final long POLL_MILLIS = 250;

  @TempDir Path dir;

  private ProcessNetwork network;
  private LoadGenerator load;
  private final long startNanos = System.nanoTime();

  @AfterEach
  void stopEverything() throws Exception {
    try {
      if (load != null) {
        load.stop();
      }
    } finally {
      if (network != null) {
        network.down();
      }
    }
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void killNine_leaderUnderLoad_othersCommitAndRestartedNodeCatchesUpOnTheSameChain()
      throws Exception {
    startUnderLoad(false);

    long round = network.round(1);
    int leader = ProcessNetwork.leaderOf(round);
    List<Integer> others = allBut(leader);
    network.kill(leader);
    note("killed node-%d (-9), the leader of round %d", leader, round);

    long othersAtKill = maxHeight(others);
    int acknowledgedAtKill = load.acknowledgedCount();
    awaitHeights(others, othersAtKill + PROGRESS_BLOCKS, PROGRESS_LIMIT);
    await(
        "clients to see commits without node-" + leader,
        PROGRESS_LIMIT,
        () -> load.acknowledgedCount() > acknowledgedAtKill);
    note("the other three reached height %d", minHeight(others));

    network.up();
    long othersAtRestart = maxHeight(others);
    awaitHeights(List.of(leader), othersAtRestart, CATCH_UP_LIMIT);
    note("node-%d restarted and caught up to height %d", leader, network.height(leader));
    assertOneBlockPerHeight();

    auditAndVerify();
  }

  @Test
  @Timeout(value = 420, unit = TimeUnit.SECONDS)
  void stoppedValidator_moreThan32RoundsBehind_catchesUpVotesAndRecoversFromAnEmptyFolder()
      throws Exception {
    startUnderLoad(false);
    int stopped = 4;
    int other = 3;
    List<Integer> live = allBut(stopped);

    long roundAtStop = network.round(stopped);
    long heightAtStop = network.height(stopped);
    network.stop(stopped);
    note("stopped node-%d at round %d, height %d", stopped, roundAtStop, heightAtStop);
    Thread.sleep(60_000);
    await(
        "the live nodes to be more than " + ROUNDS_AHEAD_MAX + " rounds past node-" + stopped,
        PROGRESS_LIMIT,
        () -> network.round(1) - roundAtStop > ROUNDS_AHEAD_MAX);
    long roundsAhead = network.round(1) - roundAtStop;
    assertTrue(minHeight(live) > heightAtStop + PROGRESS_BLOCKS, network.describe());
    note("after 60 s the live nodes are %d rounds ahead", roundsAhead);

    network.start(stopped);
    long liveAtRestart = maxHeight(live);
    awaitHeights(List.of(stopped), liveAtRestart, CATCH_UP_LIMIT);
    note("node-%d caught up to height %d", stopped, network.height(stopped));

    // With node-3 down, a quorum (3 of 4) needs node-4's vote: progress proves it votes again.
    network.stop(other);
    List<Integer> quorum = allBut(other);
    long quorumAtStop = maxHeight(quorum);
    awaitHeights(quorum, quorumAtStop + PROGRESS_BLOCKS, PROGRESS_LIMIT);
    note("without node-%d, nodes %s committed up to height %d", other, quorum, minHeight(quorum));

    network.start(other);
    awaitHeights(List.of(other), maxHeight(quorum), CATCH_UP_LIMIT);
    network.stop(stopped);
    network.wipe(stopped);
    int logBefore = network.log(stopped).length();
    network.start(stopped);
    long liveAtWipe = maxHeight(live);
    awaitHeights(List.of(stopped), liveAtWipe, CATCH_UP_LIMIT);
    String restartLog = network.log(stopped).substring(logBefore);
    assertTrue(
        restartLog.contains("catching up from its peers"),
        "node-" + stopped + " started on an empty data folder; its log said:\n" + restartLog);
    note("node-%d wiped, caught up from genesis to height %d", stopped, network.height(stopped));

    auditAndVerify();
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void twoOfFourStopped_nothingCommitsUntilOneReturns_thenCommitsWithoutFork() throws Exception {
    startUnderLoad(false);

    network.stop(3);
    network.stop(4);
    List<Integer> live = List.of(1, 2);
    Thread.sleep(SETTLE_MILLIS);
    Map<Integer, Long> settled = heights(live);
    long top = settled.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    Map<String, Long> acknowledgedSettled = load.acknowledged();
    Thread.sleep(QUIET_MILLIS);
    assertEquals(
        settled,
        heights(live),
        "with 2 of 4 validators nothing may commit; after "
            + QUIET_MILLIS
            + " ms:"
            + network.describe());
    // Before the stop, node-3 or node-4 may have learned of a commit that nodes 1 and 2 have not
    // (its certificate had not reached them): a client may hold an acknowledgement above `top`,
    // and the final audit checks that block is the one every node ends with. Once nodes 3 and 4
    // are down, nodes 1 and 2 can acknowledge nothing above what they hold.
    Map<String, Long> acknowledgedQuiet = load.acknowledged();
    acknowledgedQuiet.keySet().removeAll(acknowledgedSettled.keySet());
    for (Map.Entry<String, Long> tx : acknowledgedQuiet.entrySet()) {
      assertTrue(
          tx.getValue() <= top,
          "with 2 of 4 validators, transaction "
              + tx.getKey()
              + " was acknowledged at height "
              + tx.getValue()
              + " above "
              + top);
    }
    note("2 of 4: heights stayed %s for %d ms", settled, QUIET_MILLIS);

    network.start(3);
    List<Integer> quorum = List.of(1, 2, 3);
    awaitHeights(quorum, top + PROGRESS_BLOCKS, PROGRESS_LIMIT);
    await(
        "clients to see commits again",
        PROGRESS_LIMIT,
        () -> load.acknowledgedCount() > acknowledgedSettled.size() + acknowledgedQuiet.size());
    note("node-3 back: nodes %s committed up to height %d", quorum, minHeight(quorum));
    assertOneBlockPerHeight();

    auditAndVerify();
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void partitions_isolatedLeaderThenTwoTwoSplit_oneBlockPerHeightAndProgressAfterHealing()
      throws Exception {
    startUnderLoad(true);
    FaultProxy proxy = network.proxy();
    List<Integer> all = List.of(1, 2, 3, 4);

    long round = network.round(1);
    int leader = ProcessNetwork.leaderOf(round);
    proxy.isolate(leader);
    List<Integer> others = allBut(leader);
    long othersAtCut = maxHeight(others);
    awaitHeights(others, othersAtCut + PROGRESS_BLOCKS, PROGRESS_LIMIT);
    note(
        "node-%d (leader of round %d) isolated: the others reached %d, it stays at %d",
        leader, round, minHeight(others), network.height(leader));
    assertOneBlockPerHeight();

    proxy.healAll();
    proxy.split(Set.of(1, 2), Set.of(3, 4));
    Thread.sleep(SETTLE_MILLIS);
    long topAtSplit = maxHeight(all);
    Thread.sleep(QUIET_MILLIS);
    assertEquals(
        topAtSplit,
        maxHeight(all),
        "split 2-2: no side has a quorum, yet a block was committed:" + network.describe());
    note("split 2-2: the highest block stayed %d for %d ms", topAtSplit, QUIET_MILLIS);
    assertOneBlockPerHeight();

    proxy.healAll();
    awaitHeights(all, topAtSplit + PROGRESS_BLOCKS, CATCH_UP_LIMIT);
    note("healed: every node reached height %d", minHeight(all));

    auditAndVerify();
  }

  // ---------------------------------------------------------------- the story's steps

  private void startUnderLoad(boolean throughProxy) throws Exception {
    network = ProcessNetwork.create(dir.resolve("consortium"), throughProxy);
    network.up();
    note("4 nodes answering");
    load = LoadGenerator.start(network, SENDERS);
    await(
        ACKNOWLEDGED_BEFORE_FAULT + " transactions acknowledged",
        PROGRESS_LIMIT,
        () -> load.acknowledgedCount() >= ACKNOWLEDGED_BEFORE_FAULT);
  }

  /**
   * Stops the load, starts any node that is down, waits until every node holds the highest block
   * any held then, and checks: every acknowledged transaction is on every node at its acknowledged
   * height; one block per height across nodes; after a clean stop, each chain passes the audit.
   */
  private void auditAndVerify() throws Exception {
    load.stop();
    assertEquals(List.of(), load.conflicts());
    network.up();
    List<Integer> all = List.of(1, 2, 3, 4);
    awaitHeights(all, maxHeight(all), CATCH_UP_LIMIT);

    Map<String, Long> acknowledged = load.acknowledged();
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, Long> tx : acknowledged.entrySet()) {
      for (int node : all) {
        String found = committedHeight(node, tx.getKey());
        if (!found.equals(String.valueOf(tx.getValue()))) {
          missing.add(
              String.format(
                  Locale.ROOT,
                  "%s: acknowledged at height %d, node-%d has %s",
                  tx.getKey(),
                  tx.getValue(),
                  node,
                  found));
        }
      }
    }
    assertEquals(List.of(), missing, "acknowledged transactions not where they were committed");
    assertOneBlockPerHeight();
    note(
        "%d acknowledged transactions on all 4 nodes (%d retries at another node)",
        acknowledged.size(), load.retries());

    network.down();
    for (int node : all) {
      int exit = Main.commandLine().execute("verify", "--home", network.home(node).toString());
      assertEquals(0, exit, "credence verify of node-" + node + " (its output is above)");
    }
    note("credence verify passed on all 4 stopped nodes");
  }

  /** The height the node has the transaction committed at, or what it says instead. */
  private String committedHeight(int node, String hash) {
    try {
      JsonNode tx = network.client(node).get("/v1/transactions/" + hash);
      return "COMMITTED".equals(tx.path("status").asText())
          ? String.valueOf(tx.path("height").asLong())
          : tx.path("status").asText();
    } catch (IOException | ApiClient.ApiException e) {
      return e.getMessage();
    }
  }

  /**
   * Compares the block hash of every answering node at every height from 0 to the highest: no two
   * nodes may hold different blocks at one height.
   */
  private void assertOneBlockPerHeight() throws Exception {
    Map<Integer, Long> heights = new TreeMap<>();
    for (int node = 1; node <= ProcessNetwork.NODES; node++) {
      long h = network.height(node);
      if (h >= 0) {
        heights.put(node, h);
      }
    }
    long top = heights.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    for (long h = 0; h <= top; h++) {
      String first = null;
      int firstNode = 0;
      for (Map.Entry<Integer, Long> e : heights.entrySet()) {
        if (e.getValue() < h) {
          continue;
        }
        String hash = network.blockHash(e.getKey(), h);
        if (first == null) {
          first = hash;
          firstNode = e.getKey();
        } else if (!first.equals(hash)) {
          fail(
              String.format(
                  Locale.ROOT,
                  "height %d: node-%d holds block %s, node-%d holds block %s%s",
                  h,
                  firstNode,
                  first,
                  e.getKey(),
                  hash,
                  network.describe()));
        }
      }
    }
  }

  // ---------------------------------------------------------------- waiting and reading

  private void awaitHeights(List<Integer> nodes, long height, Duration limit)
      throws InterruptedException {
    await("nodes " + nodes + " to reach height " + height, limit, () -> minHeight(nodes) >= height);
  }

  private void await(String what, Duration limit, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("waited " + limit.toSeconds() + " s for " + what + ":" + network.describe());
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  private Map<Integer, Long> heights(List<Integer> nodes) {
    Map<Integer, Long> out = new TreeMap<>();
    for (int node : nodes) {
      out.put(node, network.height(node));
    }
    return out;
  }

  /** The lowest height among {@code nodes}; -1 when one does not answer. */
  private long minHeight(List<Integer> nodes) {
    return heights(nodes).values().stream().mapToLong(Long::longValue).min().orElseThrow();
  }

  private long maxHeight(List<Integer> nodes) {
    return heights(nodes).values().stream().mapToLong(Long::longValue).max().orElseThrow();
  }

  private static List<Integer> allBut(int node) {
    List<Integer> out = new ArrayList<>();
    for (int n = 1; n <= ProcessNetwork.NODES; n++) {
      if (n != node) {
        out.add(n);
      }
    }
    return out;
  }

  private void note(String format, Object... args) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    System.out.printf(
        Locale.ROOT, "[%6.1f s] %s%n", seconds, String.format(Locale.ROOT, format, args));
  }
}
