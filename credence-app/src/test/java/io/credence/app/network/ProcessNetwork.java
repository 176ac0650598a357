package io.credence.app.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.credence.app.cli.Main;
import io.credence.app.client.ApiClient;
import io.credence.app.config.ConfigException;
import io.credence.app.config.KeyFileIo;
import io.credence.app.config.NodeConfig;
import io.credence.core.crypto.KeyPair;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A consortium of {@value #NODES} validators made by {@code credence init} in a folder, each node
 * its own JVM ({@link LocalNetwork}, heap {@value #HEAP}), on free ports, optionally dialing each
 * other through a {@link FaultProxy}. Nodes are numbered from 1 (node-1 ... node-4), as their
 * folders are. Kill, stop, start and wipe act on single nodes; {@link #down} stops every node
 * whatever happened, and a shutdown hook kills them if the test JVM itself is stopped.
 */
final class ProcessNetwork {
  static final int NODES = 4;
  static final String HEAP = "256m";
  static final String CHAIN_ID = "proc-chain";

  /** Ports are taken below Linux's ephemeral range, so outgoing connections do not take them. */
  private static final int PORT_MIN = 20_000;

  private static final int PORT_MAX = 32_000;
  private static final int PORT_BLOCK_ATTEMPTS_MAX = 50;

  /** How long a killed or stopped process may take to be gone. */
  private static final long EXIT_MILLIS_MAX = 30_000;

  private final Path dir;
  private final LocalNetwork network;
  private final List<LocalNetwork.Member> members;
  private final List<ApiClient> clients = new ArrayList<>();
  private final List<KeyPair> admins = new ArrayList<>();
  private final FaultProxy proxy;
  private final Thread killOnExit;

  private ProcessNetwork(Path dir, FaultProxy proxy) throws ConfigException {
    this.dir = dir;
    this.proxy = proxy;
    this.network = new LocalNetwork(dir, HEAP);
    this.members = network.members();
    for (LocalNetwork.Member m : members) {
      clients.add(new ApiClient("http://" + m.config().apiHost() + ":" + m.config().apiPort()));
    }
    try (Stream<Path> orgs = Files.list(dir.resolve("orgs"))) {
      for (Path org : orgs.sorted(Comparator.comparing(Path::toString)).toList()) {
        admins.add(KeyFileIo.read(org.resolve("admin.pem"), null));
      }
    } catch (IOException e) {
      throw new ConfigException(dir.resolve("orgs") + ": " + e.getMessage());
    }
    this.killOnExit = new Thread(this::killAll, "kill-nodes-on-exit");
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /**
   * Runs {@code credence init} into {@code dir} (plain keys, one organisation per node), on free
   * ports; {@code throughProxy} rewrites every node's {@code [p2p] peers} to dial through a {@link
   * FaultProxy}. Nothing is started.
   */
  static ProcessNetwork create(Path dir, boolean throughProxy) throws Exception {
    int apiPort = freePortBlock(NODES);
    int p2pPort = freePortBlock(NODES);
    int exit =
        Main.commandLine()
            .execute(
                "init",
                "--dir",
                dir.toString(),
                "--orgs",
                String.valueOf(NODES),
                "--validators",
                String.valueOf(NODES),
                "--plain-keys",
                "--chain-id",
                CHAIN_ID,
                "--api-port",
                String.valueOf(apiPort),
                "--p2p-port",
                String.valueOf(p2pPort));
    if (exit != 0) {
      throw new IllegalStateException("credence init: expected exit 0, found " + exit);
    }
    FaultProxy proxy = null;
    if (throughProxy) {
      proxy = new FaultProxy(NODES, freePortBlock(FaultProxy.portsNeeded(NODES)), p2pPort);
      for (int from = 1; from <= NODES; from++) {
        List<String> peers = new ArrayList<>();
        for (int to = 1; to <= NODES; to++) {
          if (to != from) {
            peers.add("\"127.0.0.1:" + proxy.port(from, to) + "\"");
          }
        }
        Path file = dir.resolve("nodes/node-" + from).resolve(NodeConfig.FILE_NAME);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String rewritten =
            text.replaceFirst(
                "(?m)^peers = \\[.*\\]$", "peers = [" + String.join(", ", peers) + "]");
        if (rewritten.equals(text)) {
          proxy.close();
          throw new IllegalStateException(file + ": expected a 'peers = [...]' line, found none");
        }
        Files.writeString(file, rewritten, StandardCharsets.UTF_8);
      }
    }
    try {
      return new ProcessNetwork(dir, proxy);
    } catch (ConfigException | RuntimeException e) {
      if (proxy != null) {
        proxy.close();
      }
      throw e;
    }
  }

  /**
   * The first of {@code count} consecutive ports that were all free a moment ago (another program
   * may still take one; the node then fails to start and says so in its log).
   */
  static int freePortBlock(int count) {
    Random random = new Random();
    for (int attempt = 0; attempt < PORT_BLOCK_ATTEMPTS_MAX; attempt++) {
      int base = PORT_MIN + random.nextInt(PORT_MAX - PORT_MIN - count);
      boolean free = true;
      for (int port = base; port < base + count && free; port++) {
        try (ServerSocket s = new ServerSocket()) {
          s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException(
        "no block of " + count + " free ports after " + PORT_BLOCK_ATTEMPTS_MAX + " attempts");
  }

  /** Starts every node that is not running and waits until each answers on its API. */
  void up() throws Exception {
    network.up(System.out);
  }

  /** Starts node {@code node} alone, leaving other stopped nodes down. */
  void start(int node) throws Exception {
    String name = "node-" + node;
    network.up(System.out, m -> m.name().equals(name));
  }

  /** SIGKILL: no shutdown hook runs, the store is not closed. */
  void kill(int node) throws Exception {
    ProcessHandle p = process(node).orElseThrow(() -> notRunning(node));
    p.destroyForcibly();
    p.onExit().get(EXIT_MILLIS_MAX, TimeUnit.MILLISECONDS);
    Files.deleteIfExists(home(node).resolve(LocalNetwork.PID_FILE));
  }

  /** SIGTERM: the node closes its store and transport, as an operator's stop would. */
  void stop(int node) throws Exception {
    ProcessHandle p = process(node).orElseThrow(() -> notRunning(node));
    p.destroy();
    try {
      p.onExit().get(EXIT_MILLIS_MAX, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "node-" + node + ": did not stop within " + EXIT_MILLIS_MAX + " ms of SIGTERM", e);
    }
    Files.deleteIfExists(home(node).resolve(LocalNetwork.PID_FILE));
  }

  /** Deletes a stopped node's data folder (its keys, config and chain marker stay). */
  void wipe(int node) throws IOException {
    if (isRunning(node)) {
      throw new IllegalStateException("node-" + node + ": stop it before wiping its data");
    }
    Path data = member(node).config().dataDir();
    if (Files.exists(data)) {
      try (Stream<Path> walk = Files.walk(data)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  boolean isRunning(int node) {
    return process(node).isPresent();
  }

  /** The process id of a running node. */
  long pid(int node) {
    return process(node).orElseThrow(() -> notRunning(node)).pid();
  }

  private Optional<ProcessHandle> process(int node) {
    return LocalNetwork.process(member(node));
  }

  private static IllegalStateException notRunning(int node) {
    return new IllegalStateException("node-" + node + ": expected a running process, found none");
  }

  /** The node's {@code /v1/status}, or empty when it does not answer. */
  Optional<JsonNode> status(int node) {
    try {
      return Optional.of(client(node).get("/v1/status"));
    } catch (IOException | ApiClient.ApiException e) {
      return Optional.empty();
    }
  }

  /** The node's committed height, or -1 when it does not answer. */
  long height(int node) {
    return status(node).map(s -> s.path("height").asLong(-1)).orElse(-1L);
  }

  /** The node's current round, or -1 when it does not answer. */
  long round(int node) {
    return status(node).map(s -> s.path("round").asLong(-1)).orElse(-1L);
  }

  /** The hash of the node's block at {@code height}. */
  String blockHash(int node, long height) throws IOException, ApiClient.ApiException {
    return client(node).get("/v1/blocks/" + height).path("header").path("hash").asText();
  }

  /** The leader of {@code round} while the validator set is genesis's: validator round mod n. */
  static int leaderOf(long round) {
    return (int) (round % NODES) + 1;
  }

  ApiClient client(int node) {
    return clients.get(node - 1);
  }

  List<KeyPair> admins() {
    return admins;
  }

  Path home(int node) {
    return member(node).home();
  }

  /** The node's log so far. */
  String log(int node) throws IOException {
    Path file = home(node).resolve(LocalNetwork.LOG_FILE);
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  FaultProxy proxy() {
    if (proxy == null) {
      throw new IllegalStateException("this network was made without a proxy");
    }
    return proxy;
  }

  private LocalNetwork.Member member(int node) {
    return members.get(node - 1);
  }

  /** Every node's height, round and peers, for failure messages. */
  String describe() {
    StringBuilder out = new StringBuilder();
    for (int node = 1; node <= NODES; node++) {
      Optional<JsonNode> s = status(node);
      out.append(
          String.format(
              Locale.ROOT,
              "%n  node-%d: %s",
              node,
              s.map(
                      j ->
                          "height "
                              + j.path("height").asLong()
                              + ", round "
                              + j.path("round").asLong()
                              + ", peers "
                              + j.path("peers").asInt())
                  .orElse(isRunning(node) ? "not answering" : "down")));
    }
    if (proxy != null) {
      out.append("\n  cut pairs: ").append(proxy.describeCuts());
    }
    return out.toString();
  }

  /** The consortium folder. */
  Path dir() {
    return dir;
  }

  /** Stops every node (SIGTERM, then SIGKILL after a grace period) and the proxy. */
  void down() throws Exception {
    try {
      network.down(System.out);
    } finally {
      killAll();
      if (proxy != null) {
        proxy.close();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(killOnExit);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down; the hook runs anyway.
      }
    }
  }

  private void killAll() {
    for (LocalNetwork.Member m : members) {
      LocalNetwork.process(m).ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
