package io.credence.app.network;

import io.credence.app.client.ApiClient;
import io.credence.app.config.ConfigException;
import io.credence.app.config.NodeConfig;
import io.credence.app.runtime.NodeProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every node of a consortium folder ({@code credence init}) as its own process on this machine:
 * started with an explicit heap and a log file per node, found again by the process id each one
 * leaves in its home folder, asked for its status over its HTTP API, and stopped cleanly.
 */
public final class LocalNetwork {
  /** The process id file in a node's home folder. */
  public static final String PID_FILE = "node.pid";

  /** The log file in a node's home folder. */
  public static final String LOG_FILE = "node.log";

  /** How long {@link #up} waits for a started node's API to answer. */
  public static final long START_MILLIS_MAX = 120_000;

  /** How long {@link #down} waits for a node to stop before it is killed. */
  public static final long STOP_MILLIS_MAX = 20_000;

  /**
   * How long a status probe waits for an answer: a port held by something that accepts connections
   * but never answers must not hold {@code up} or {@code status} for the client's default 70 s.
   */
  static final Duration STATUS_TIMEOUT = Duration.ofSeconds(5);

  private final Path dir;
  private final String heap;
  private final List<String> jvmOptions;

  /** A node of the network: its home folder and configuration. */
  public record Member(String name, Path home, NodeConfig config) {}

  /** What a node said about itself, or why it said nothing. */
  public record Status(
      Member member,
      Optional<Long> pid,
      boolean answering,
      String role,
      long height,
      long round,
      int peers,
      boolean healthy,
      String problem) {}

  public LocalNetwork(Path dir, String heap) {
    this(dir, heap, List.of());
  }

  /** A network whose node JVMs also get {@code jvmOptions} (a profiler's, say). */
  public LocalNetwork(Path dir, String heap, List<String> jvmOptions) {
    this.dir = dir;
    this.heap = heap;
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  /**
   * {@code count} consecutive TCP ports on the loopback interface that are free now (for a
   * development network whose nodes count their ports up from a base).
   */
  public static int[] freePortBlock(int count) throws IOException {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 200; attempt++) {
      // Below the ephemeral range (32768 and up on Linux): a port there that is free now may be
      // taken as the source port of an outgoing connection before the node binds it.
      int base = 20_000 + random.nextInt(12_000 - count);
      boolean free = true;
      for (int i = 0; i < count && free; i++) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
          socket.setReuseAddress(false);
          socket.bind(new java.net.InetSocketAddress("127.0.0.1", base + i));
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
          ports[i] = base + i;
        }
        return ports;
      }
    }
    throw new IOException("found no " + count + " consecutive free ports on 127.0.0.1");
  }

  /** The node folders under {@code dir/nodes}, in name order (node-1, node-2, ..., node-10). */
  public List<Member> members() throws ConfigException {
    Path nodes = dir.resolve("nodes");
    if (!Files.isDirectory(nodes)) {
      throw new ConfigException(
          "--dir: expected a consortium folder with nodes/ (made by 'credence init'), found "
              + dir);
    }
    List<Path> homes;
    try (Stream<Path> list = Files.list(nodes)) {
      homes =
          list.filter(p -> Files.exists(p.resolve(NodeConfig.FILE_NAME)))
              .sorted(
                  (a, b) -> {
                    String x = a.getFileName().toString();
                    String y = b.getFileName().toString();
                    return x.length() != y.length()
                        ? Integer.compare(x.length(), y.length())
                        : x.compareTo(y);
                  })
              .toList();
    } catch (IOException e) {
      throw new ConfigException(nodes + ": " + e.getMessage());
    }
    List<Member> out = new ArrayList<>();
    for (Path home : homes) {
      out.add(new Member(home.getFileName().toString(), home, NodeConfig.load(home)));
    }
    if (out.isEmpty()) {
      throw new ConfigException(nodes + ": expected node folders holding node.toml, found none");
    }
    return out;
  }

  /** The live process of a member, from its pid file. */
  public static Optional<ProcessHandle> process(Member m) {
    Path file = m.home().resolve(PID_FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Starts every member that is not running, each {@code java -Xmx<heap> -XX:ThreadPriorityPolicy=1
   * ... node --home HOME} (see {@link NodeProcess#THREAD_PRIORITIES}) with its output in its log,
   * and waits until each answers on its API. Returns how many started.
   */
  public int up(PrintStream out) throws ConfigException, IOException, InterruptedException {
    return up(out, m -> true);
  }

  /** As {@link #up(PrintStream)}, for the members {@code which} selects only. */
  public int up(PrintStream out, java.util.function.Predicate<Member> which)
      throws ConfigException, IOException, InterruptedException {
    List<Member> members = members().stream().filter(which).toList();
    List<Member> started = new ArrayList<>();
    String java = ProcessHandle.current().info().command().orElse("java");
    String classpath = System.getProperty("java.class.path");
    for (Member m : members) {
      Optional<ProcessHandle> running = process(m);
      if (running.isPresent()) {
        out.printf(Locale.ROOT, "%s: already running (pid %d)%n", m.name(), running.get().pid());
        continue;
      }
      Path log = m.home().resolve(LOG_FILE);
      List<String> command =
          new ArrayList<>(List.of(java, "-Xmx" + heap, NodeProcess.THREAD_PRIORITIES));
      for (String option : jvmOptions) {
        command.add(option.replace("{node}", m.name()));
      }
      command.addAll(
          List.of(
              "-cp", classpath, "io.credence.app.cli.Main", "node", "--home", m.home().toString()));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Process process = builder.start();
      Files.writeString(m.home().resolve(PID_FILE), process.pid() + "\n", StandardCharsets.UTF_8);
      out.printf(
          Locale.ROOT,
          "%s: started (pid %d, heap %s, API port %d, log %s)%n",
          m.name(),
          process.pid(),
          heap,
          m.config().apiPort(),
          log);
      started.add(m);
    }
    for (Member m : started) {
      awaitAnswer(m, out);
    }
    return started.size();
  }

  private static void awaitAnswer(Member m, PrintStream out)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + START_MILLIS_MAX * 1_000_000;
    ApiClient client = client(m);
    while (System.nanoTime() < deadline) {
      if (process(m).isEmpty()) {
        throw new IOException(
            m.name()
                + " ("
                + m.home()
                + "): expected the node to start, found it exited: "
                + logReason(m)
                + " (see "
                + m.home().resolve(LOG_FILE)
                + ")");
      }
      try {
        client.get("/v1/status");
        out.printf(Locale.ROOT, "%s: answering%n", m.name());
        return;
      } catch (IOException | ApiClient.ApiException e) {
        // Not answering yet: it is still checking its store or binding its ports.
        Thread.sleep(200);
      }
    }
    throw new IOException(
        m.name()
            + ": no answer on its API within "
            + START_MILLIS_MAX
            + " ms; see "
            + m.home().resolve(LOG_FILE));
  }

  /** Lines at the end of a node's log searched for why it did not start. */
  static final int LOG_TAIL_LINES = 50;

  /**
   * Why a node did not start, in one line from the end of its log: the last line the command line
   * wrote ("credence: ..."), which a failed node always writes, else the log's last line.
   */
  private static String logReason(Member m) {
    List<String> all;
    try {
      all = Files.readAllLines(m.home().resolve(LOG_FILE), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "its log is unreadable (" + e.getMessage() + ")";
    }
    List<String> tail = all.subList(Math.max(0, all.size() - LOG_TAIL_LINES), all.size());
    for (int i = tail.size() - 1; i >= 0; i--) {
      if (tail.get(i).startsWith("credence: ")) {
        return tail.get(i).substring("credence: ".length());
      }
    }
    for (int i = tail.size() - 1; i >= 0; i--) {
      if (!tail.get(i).isBlank()) {
        return tail.get(i).strip();
      }
    }
    return "its log is empty";
  }

  private static ApiClient client(Member m) {
    return new ApiClient(
        "http://" + m.config().apiHost() + ":" + m.config().apiPort(), STATUS_TIMEOUT);
  }

  /** Each member's status as its API reports it. */
  public List<Status> status() throws ConfigException {
    List<Status> out = new ArrayList<>();
    for (Member m : members()) {
      Optional<Long> pid = process(m).map(ProcessHandle::pid);
      try {
        var s = client(m).get("/v1/status");
        boolean healthy = s.path("caughtUp").asBoolean(false);
        if (s.path("role").asText("").equals("validator")
            && !s.path("consensus").asText("").equals("solo")) {
          healthy &= s.path("inQuorum").asBoolean(false);
        }
        out.add(
            new Status(
                m,
                pid,
                true,
                s.path("role").asText("?"),
                s.path("height").asLong(),
                s.path("round").asLong(),
                s.path("peers").asInt(),
                healthy,
                null));
      } catch (IOException | ApiClient.ApiException e) {
        out.add(
            new Status(
                m,
                pid,
                false,
                "-",
                -1,
                -1,
                0,
                false,
                pid.isEmpty() ? "not running" : "not answering: " + e.getMessage()));
      }
    }
    return out;
  }

  /**
   * Stops every running member: a polite SIGTERM (the node closes its store cleanly), then a kill
   * after {@value #STOP_MILLIS_MAX} ms. Returns how many were stopped.
   */
  public int down(PrintStream out) throws ConfigException, InterruptedException, IOException {
    int stopped = 0;
    for (Member m : members()) {
      Optional<ProcessHandle> p = process(m);
      if (p.isEmpty()) {
        Files.deleteIfExists(m.home().resolve(PID_FILE));
        continue;
      }
      p.get().destroy();
      long deadline = System.nanoTime() + STOP_MILLIS_MAX * 1_000_000;
      while (System.nanoTime() < deadline && p.get().isAlive()) {
        Thread.sleep(100);
      }
      if (p.get().isAlive()) {
        p.get().destroyForcibly();
        out.printf(
            Locale.ROOT,
            "%s: killed (pid %d) after %d ms%n",
            m.name(),
            p.get().pid(),
            STOP_MILLIS_MAX);
      } else {
        out.printf(Locale.ROOT, "%s: stopped (pid %d)%n", m.name(), p.get().pid());
      }
      Files.deleteIfExists(m.home().resolve(PID_FILE));
      stopped++;
    }
    return stopped;
  }
}
