package io.credence.app.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.app.cli.InitLayouts;
import io.credence.app.config.NodeConfig;
import io.credence.app.runtime.NodeProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's finance workload on four validators in this JVM (real transport and APIs), for a few
 * seconds: after the registry reference, certificate stories commit transactions of every kind in
 * the mix (issue, split, transfer, financing, settlement by early payment) and none fails. Speeds
 * are not asserted (STYLE.md 15): only that the workload does what it says.
 */
class FinanceBenchTest {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void financeWorkload_fewSeconds_commitsEveryKind_noFailedReceipts() throws Exception {
    int[] ports = LocalNetwork.freePortBlock(8);
    var layout = InitLayouts.create(dir.resolve("c"), 8, 4, ports[0], ports[4]);
    List<NodeProcess> nodes = new ArrayList<>();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try {
      for (Path home : layout.nodeHomes()) {
        nodes.add(NodeProcess.start(NodeConfig.load(home), quiet));
      }
      NetworkBench.Comparison c =
          new NetworkBench(dir.resolve("c"), new PrintStream(printed, true, StandardCharsets.UTF_8))
              .runFinance(60, 6, 4);
      String log = printed.toString(StandardCharsets.UTF_8);
      FinanceWorkload.Result f = c.finance();
      assertEquals(0, f.failed(), f.failures() + "\n" + log);
      for (FinanceWorkload.Kind kind : FinanceWorkload.Kind.values()) {
        assertTrue(f.committedAllByKind().get(kind) > 0, kind + " committed: " + f + "\n" + log);
      }
      assertTrue(f.storiesFinished() > 0, f + "\n" + log);
      assertTrue(c.registry().committedInWindow() > 0, c.registry() + "\n" + log);
      assertTrue(f.committedInWindow() > 0, f + "\n" + log);
    } finally {
      for (NodeProcess node : nodes) {
        node.close();
      }
    }
  }
}
