package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.app.config.KeyFileIo;
import io.credence.app.config.NodeConfig;
import io.credence.app.runtime.ClusterProcess;
import io.credence.app.runtime.NodeProcess;
import io.credence.core.crypto.CryptoSuite;
import io.credence.storage.rocksdb.RocksDbStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A command that fails for a reason we know (a node that does not answer, a port in use, a store of
 * another chain, the wrong kind of folder) prints one line naming the thing, what was expected and
 * what was found, and exits non-zero; a bug prints its stack trace under a line that says so.
 */
class CommandFailuresTest {
  @TempDir Path dir;

  private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  /** Exactly {@code line} on stderr, no stack trace, and {@code exit}. */
  static void assertOneLine(CliRun r, int exit, String line) {
    assertEquals(List.of(line), r.err().lines().toList(), r.err());
    assertEquals(exit, r.exit(), r.err());
    assertTrue(!r.err().contains("Exception") && !r.err().contains("\tat "), r.err());
  }

  /** A loopback port nothing listens on: bound, then released. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A loopback port held by this test for as long as the socket is open. */
  private static ServerSocket busyPort() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress("127.0.0.1", 0));
    return socket;
  }

  private InitCommand.Layout consortium(String name, int validators, int apiPort, int p2pPort)
      throws Exception {
    return InitCommand.create(
        dir.resolve(name),
        validators,
        validators,
        0,
        "standard",
        "test-chain",
        true,
        null,
        apiPort,
        p2pPort,
        new SecureRandom());
  }

  @Test
  @Timeout(60)
  void unreachableNode_queryTxAndNetworkStatus_oneLineNamingTheAddress() throws Exception {
    int port = closedPort();
    String url = "http://127.0.0.1:" + port;
    String refused =
        "credence: node "
            + url
            + ": expected an answer, found nothing listening (connection refused; is the node"
            + " running?)";

    assertOneLine(CliRun.of("query", "--node", url, "status"), Failures.EXIT_ENVIRONMENT, refused);

    Path key = dir.resolve("sender.pem");
    KeyFileIo.write(key, CryptoSuite.named("standard").generate(new SecureRandom()), null);
    assertOneLine(
        CliRun.of("tx", "--node", url, "--key", key.toString(), "identity.register", "x=1"),
        Failures.EXIT_ENVIRONMENT,
        refused);

    consortium("net", 1, port, 0);
    CliRun status = CliRun.of("network", "status", "--dir", dir.resolve("net").toString());
    assertOneLine(
        status,
        Failures.EXIT_REFUSED,
        "credence: network "
            + dir.resolve("net")
            + ": expected 1 node answering and healthy, found 1 not: node-1 not running ("
            + url
            + ")");
    assertTrue(status.out().contains("node-1     -        -"), status.out());
  }

  @Test
  @Timeout(120)
  void portInUse_nodeApi_nodeP2p_clusterApi_oneLineNamingPortAndSetting_storesReleased()
      throws Exception {
    try (ServerSocket busy = busyPort()) {
      int port = busy.getLocalPort();

      InitCommand.Layout solo = consortium("solo", 1, port, 0);
      Path home = solo.nodeHome();
      assertOneLine(
          CliRun.of("node", "--home", home.toString()),
          Failures.EXIT_ENVIRONMENT,
          "credence: API port 127.0.0.1:"
              + port
              + " ("
              + home.resolve("node.toml")
              + " [api] port): expected a free port, found it in use by another process");

      InitCommand.Layout pair = consortium("pair", 2, 0, port);
      Path first = pair.nodeHomes().get(0);
      assertOneLine(
          CliRun.of("node", "--home", first.toString()),
          Failures.EXIT_ENVIRONMENT,
          "credence: p2p port 127.0.0.1:"
              + port
              + " ("
              + first.resolve("node.toml")
              + " [p2p] port): expected a free port, found it in use by another process");

      InitCommand.Layout four = consortium("four", 4, port, 0);
      assertOneLine(
          CliRun.of("cluster", "--dir", dir.resolve("four").toString()),
          Failures.EXIT_ENVIRONMENT,
          "credence: API port 127.0.0.1:"
              + port
              + " ("
              + four.nodeHomes().get(0).resolve("node.toml")
              + " [api] port): expected a free port, found it in use by another process");

      // Nothing is left holding a store: each opens again.
      for (Path h : List.of(home, first, four.nodeHomes().get(0), four.nodeHomes().get(3))) {
        RocksDbStore.open(NodeConfig.load(h).dataDir()).close();
      }
    }
  }

  @Test
  @Timeout(120)
  void portInUse_networkUp_nodeProcessExits_oneLineQuotingItsReason() throws Exception {
    try (ServerSocket busy = busyPort()) {
      int port = busy.getLocalPort();
      InitCommand.Layout solo = consortium("solo", 1, port, 0);
      Path home = solo.nodeHome();
      assertOneLine(
          CliRun.of("network", "up", "--dir", dir.resolve("solo").toString(), "--heap", "96m"),
          Failures.EXIT_ENVIRONMENT,
          "credence: node-1 ("
              + home
              + "): expected the node to start, found it exited: API port 127.0.0.1:"
              + port
              + " ("
              + home.resolve("node.toml")
              + " [api] port): expected a free port, found it in use by another process (see "
              + home.resolve("node.log")
              + ")");
    }
  }

  /** Points a node's data folder elsewhere, as an operator's slip would. */
  private static void useDataFolder(Path home, Path data) throws IOException {
    Path file = home.resolve(NodeConfig.FILE_NAME);
    String toml = Files.readString(file);
    assertTrue(toml.contains("data_dir = \"data\""), toml);
    Files.writeString(
        file, toml.replace("data_dir = \"data\"", "data_dir = \"" + data.toAbsolutePath() + "\""));
  }

  @Test
  @Timeout(120)
  void storeOfAnotherChain_soloStoreInACluster_andTheReverse_oneLineExpectedAndFound()
      throws Exception {
    InitCommand.Layout solo = consortium("solo", 1, 0, 0);
    NodeProcess.start(NodeConfig.load(solo.nodeHome()), QUIET).close();
    InitCommand.Layout cluster = consortium("cluster", 4, 0, 0);
    ClusterProcess.start(dir.resolve("cluster"), QUIET).close();
    String soloChain =
        "chain test-chain of 1 validator (solo, genesis "
            + solo.genesis().hash().abbreviated()
            + ")";
    String clusterChain =
        "chain test-chain of 4 validators (genesis " + cluster.genesis().hash().abbreviated() + ")";

    Path clusterHome = cluster.nodeHomes().get(0);
    Path soloData = NodeConfig.load(solo.nodeHome()).dataDir();
    useDataFolder(clusterHome, soloData);
    assertOneLine(
        CliRun.of("cluster", "--dir", dir.resolve("cluster").toString()),
        Failures.EXIT_USAGE,
        "credence: data folder "
            + soloData.toAbsolutePath()
            + " of node "
            + clusterHome
            + ": expected "
            + clusterChain
            + " of "
            + dir.resolve("cluster/consortium.toml")
            + ", found "
            + soloChain);

    Path clusterData = NodeConfig.load(cluster.nodeHomes().get(1)).dataDir();
    useDataFolder(solo.nodeHome(), clusterData);
    assertOneLine(
        CliRun.of("node", "--home", solo.nodeHome().toString()),
        Failures.EXIT_USAGE,
        "credence: data folder "
            + clusterData.toAbsolutePath()
            + " of node "
            + solo.nodeHome()
            + ": expected "
            + soloChain
            + " of "
            + dir.resolve("solo/consortium.toml")
            + ", found "
            + clusterChain);
  }

  @Test
  @Timeout(60)
  void wrongKindOfFolder_nodeGivenAConsortium_clusterGivenANode_oneLineSayingWhichToRun()
      throws Exception {
    InitCommand.Layout layout = consortium("c", 4, 0, 0);
    Path consortiumDir = dir.resolve("c");
    Path home = layout.nodeHomes().get(0);
    assertOneLine(
        CliRun.of("node", "--home", consortiumDir.toString()),
        Failures.EXIT_USAGE,
        "credence: --home "
            + consortiumDir
            + ": expected a node's folder holding node.toml, found a consortium folder; run its"
            + " nodes with 'credence network up --dir "
            + consortiumDir
            + "' or 'credence cluster --dir "
            + consortiumDir
            + "'");
    assertOneLine(
        CliRun.of("cluster", "--dir", home.toString()),
        Failures.EXIT_USAGE,
        "credence: --dir "
            + home
            + ": expected a consortium folder holding consortium.toml, found a node's folder;"
            + " run it with 'credence node --home "
            + home
            + "'");
  }

  @Test
  @Timeout(60)
  void peerPortOutOfRangeInNodeToml_refusedAtLoad_oneLineNamingFileAndField() throws Exception {
    InitCommand.Layout pair = consortium("pair", 2, 0, 7_645);
    Path home = pair.nodeHomes().get(0);
    Path file = home.resolve(NodeConfig.FILE_NAME);
    String toml = Files.readString(file);
    assertTrue(toml.contains("\"127.0.0.1:7646\""), toml);
    Files.writeString(file, toml.replace("\"127.0.0.1:7646\"", "\"127.0.0.1:70000\""));
    assertOneLine(
        CliRun.of("node", "--home", home.toString()),
        Failures.EXIT_USAGE,
        "credence: "
            + file
            + ": p2p.peers: expected \"host:port\" with a port 1-65535, found \"127.0.0.1:70000\"");
  }

  /** A command with a bug in it, run under the real command line's rules. */
  @CommandLine.Command(name = "broken")
  static final class Broken implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("planted: a broken invariant");
    }
  }

  /** A command whose file is missing: an environment failure, not a bug. */
  @CommandLine.Command(name = "reads")
  static final class Reads implements Callable<Integer> {
    @CommandLine.Option(names = "--file")
    Path file;

    @Override
    public Integer call() throws IOException {
      Files.readString(file);
      return 0;
    }
  }

  @Test
  @Timeout(30)
  void unexpectedRuntimeException_isABug_traceUnderALineSayingSo() {
    CliRun r = CliRun.run(() -> Main.configure(new CommandLine(new Broken())));
    assertEquals(Failures.EXIT_BUG, r.exit());
    List<String> lines = r.err().lines().toList();
    assertEquals(
        "credence: internal error, a bug in credence (please report it with the trace below):"
            + " java.lang.IllegalStateException: planted: a broken invariant",
        lines.get(0));
    assertTrue(lines.get(1).startsWith("java.lang.IllegalStateException"), r.err());
    assertTrue(lines.get(2).startsWith("\tat "), r.err());
  }

  @Test
  @Timeout(30)
  void missingFile_isKnown_oneLineNamingIt() {
    Path missing = dir.resolve("nothing-here.txt");
    assertOneLine(
        CliRun.run(
            () -> Main.configure(new CommandLine(new Reads())), "--file", missing.toString()),
        Failures.EXIT_ENVIRONMENT,
        "credence: " + missing + ": expected a file or folder, found none");
  }
}
