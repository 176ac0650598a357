package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.app.config.ConfigException;
import io.credence.app.config.NodeConfig;
import io.credence.app.runtime.NodeProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node never silently starts a new chain: a solo node whose data folder vanished refuses to start
 * unless told --new-chain, and says why.
 */
class NewChainGuardTest {
  @TempDir Path dir;

  private static void delete(Path folder) throws Exception {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void soloNode_dataFolderVanished_refusesWithoutNewChain_startsWithIt() throws Exception {
    Path home = DevNode.stoppedAfterRegistrations(dir.resolve("c"), 1, 1);
    NodeConfig config = NodeConfig.load(home);
    delete(config.dataDir());

    ConfigException refused =
        assertThrows(
            ConfigException.class,
            () -> NodeProcess.start(config, false, new PrintStream(new ByteArrayOutputStream())));
    assertTrue(
        refused.getMessage().contains("is empty, but this node kept chain"), refused.getMessage());
    assertTrue(refused.getMessage().contains("--new-chain"), refused.getMessage());

    CliRun cli = CliRun.of("node", "--home", home.toString());
    assertEquals(2, cli.exit(), cli.err());
    assertTrue(cli.err().contains("--new-chain"), cli.err());

    try (NodeProcess fresh =
        NodeProcess.start(config, true, new PrintStream(new ByteArrayOutputStream()))) {
      assertEquals(0, fresh.runner().head().height(), "a new chain, as asked");
    }
  }
}
