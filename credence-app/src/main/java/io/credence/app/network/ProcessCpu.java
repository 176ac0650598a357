package io.credence.app.network;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time of processes by kind of thread, read from Linux's {@code /proc}: the bench reports where
 * the nodes' time went in its measured window, and the CPU a committed transaction cost. Below
 * saturation, where the committed rate is the offered one, that cost shows a change to the code
 * that a throughput figure cannot (it only moves once the machine is full). Where {@code /proc}
 * cannot be read (another system, another user's process), nothing is reported rather than a guess.
 */
public final class ProcessCpu {
  /** Clock ticks a second in {@code /proc}'s times: USER_HZ, 100 on Linux's architectures. */
  static final int TICKS_PER_SECOND = 100;

  /** Width of the longest bar drawn. */
  static final int BAR_WIDTH = 30;

  /** Kinds of thread, in the order reported. */
  public enum Kind {
    LOOP("event loop"),
    TRANSPORT("transport (checks signatures)"),
    API("HTTP API (checks signatures)"),
    GC("garbage collector"),
    JIT("JIT compilers"),
    STORAGE("RocksDB flush and compaction"),
    OTHER("other");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  private ProcessCpu() {}

  /**
   * The kind of a thread by its name as {@code /proc} gives it (at most 15 characters): the node's
   * own threads are named by {@code NodeRunner}, the transport and the API server; the JVM's and
   * RocksDB's by their makers.
   */
  static Kind kindOf(String name) {
    if (name.equals("credence-loop")) {
      return Kind.LOOP;
    }
    if (name.startsWith("credence-p2p")) {
      return Kind.TRANSPORT;
    }
    if (name.startsWith("api-")) {
      return Kind.API;
    }
    if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
      return Kind.GC;
    }
    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
      return Kind.JIT;
    }
    if (name.startsWith("rocksdb:")) {
      return Kind.STORAGE;
    }
    return Kind.OTHER;
  }

  /**
   * One thread's line of {@code /proc/PID/task/TID/stat}: its name, user plus system ticks, and
   * niceness.
   */
  record ThreadTicks(String name, long ticks, int nice) {}

  /**
   * Parses a {@code stat} line. The name sits between the first '(' and the last ')' (it may hold
   * either); utime and stime are the 12th and 13th fields after it, the niceness the 17th.
   */
  static ThreadTicks parseStat(String line) {
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open) {
      throw new IllegalArgumentException(
          "stat line: expected 'PID (NAME) FIELDS...', found '" + line.strip() + "'");
    }
    String[] fields = line.substring(close + 1).strip().split(" +");
    if (fields.length < 17) {
      throw new IllegalArgumentException(
          "stat line: expected at least 17 fields after the name, found "
              + fields.length
              + " in '"
              + line.strip()
              + "'");
    }
    try {
      return new ThreadTicks(
          line.substring(open + 1, close),
          Long.parseLong(fields[11]) + Long.parseLong(fields[12]),
          Integer.parseInt(fields[16]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "stat line: expected numbers for utime, stime and nice, found '"
              + fields[11]
              + "', '"
              + fields[12]
              + "' and '"
              + fields[16]
              + "'",
          e);
    }
  }

  /** Every thread of process {@code pid} now, by thread id; empty if it cannot be read. */
  static Optional<Map<Long, ThreadTicks>> sample(Path proc, long pid) {
    Map<Long, ThreadTicks> out = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve(pid + "/task"))) {
      for (Path task : tasks) {
        String line;
        try {
          line = Files.readString(task.resolve("stat"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException ended) {
          continue;
        }
        out.put(Long.parseLong(task.getFileName().toString()), parseStat(line));
      }
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.of(out);
  }

  /**
   * CPU seconds by kind between two samples of one process: each thread's ticks after less its
   * ticks before (a thread started in between counts from zero; one that ended in between is lost,
   * which undercounts, never overcounts).
   */
  static EnumMap<Kind, Double> between(
      Map<Long, ThreadTicks> before, Map<Long, ThreadTicks> after) {
    EnumMap<Kind, Double> out = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      out.put(k, 0.0);
    }
    for (Map.Entry<Long, ThreadTicks> t : after.entrySet()) {
      ThreadTicks was = before.get(t.getKey());
      long ticks = t.getValue().ticks() - (was == null ? 0 : was.ticks());
      out.merge(kindOf(t.getValue().name()), (double) ticks / TICKS_PER_SECOND, Double::sum);
    }
    return out;
  }

  /** Samples of a set of processes taken at one instant. */
  public record Snapshot(long nanos, Map<Long, Map<Long, ThreadTicks>> byPid) {}

  /** Samples {@code pids} now (those that cannot be read are left out). */
  public static Snapshot take(List<Long> pids) {
    return take(Path.of("/proc"), pids);
  }

  static Snapshot take(Path proc, List<Long> pids) {
    Map<Long, Map<Long, ThreadTicks>> byPid = new HashMap<>();
    for (long pid : pids) {
      sample(proc, pid).ifPresent(s -> byPid.put(pid, s));
    }
    return new Snapshot(System.nanoTime(), byPid);
  }

  /**
   * What the nodes and the bench used between two snapshots, in cores (CPU seconds a second of wall
   * time): the nodes' by kind of thread, summed over the {@code measured} nodes of {@code nodes}.
   */
  public record Usage(
      EnumMap<Kind, Double> nodeCores, int measured, int nodes, double benchCores, double seconds) {
    public double nodeTotal() {
      return nodeCores.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  /**
   * The usage of {@code nodePids} and {@code benchPid} between {@code from} and {@code to}; a node
   * missing from either snapshot is not counted, and two snapshots of one instant measure nothing.
   */
  public static Usage usage(Snapshot from, Snapshot to, List<Long> nodePids, long benchPid) {
    double seconds = (to.nanos() - from.nanos()) / 1e9;
    EnumMap<Kind, Double> nodes = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      nodes.put(k, 0.0);
    }
    if (seconds <= 0) {
      // No window to divide by: nothing measured, rather than infinities.
      return new Usage(nodes, 0, nodePids.size(), 0, 0);
    }
    int measured = 0;
    for (long pid : nodePids) {
      var a = from.byPid().get(pid);
      var b = to.byPid().get(pid);
      if (a == null || b == null) {
        continue;
      }
      measured++;
      between(a, b).forEach((k, v) -> nodes.merge(k, v / seconds, Double::sum));
    }
    double bench = 0;
    var a = from.byPid().get(benchPid);
    var b = to.byPid().get(benchPid);
    if (a != null && b != null) {
      bench = between(a, b).values().stream().mapToDouble(Double::doubleValue).sum() / seconds;
    }
    return new Usage(nodes, measured, nodePids.size(), bench, seconds);
  }

  /**
   * Prints {@code usage} with a bar a kind, and the nodes' CPU per committed transaction at {@code
   * committedPerSecond}; or says why it was not measured.
   */
  public static void print(PrintStream out, Usage usage, double committedPerSecond) {
    if (usage.measured() == 0) {
      out.printf(
          Locale.ROOT,
          "CPU: not measured (none of the %d nodes' processes could be read in /proc)%n",
          usage.nodes());
      return;
    }
    double total = usage.nodeTotal();
    out.printf(
        Locale.ROOT,
        "CPU in the measured window (%d of %d nodes, %.0f s, %d cores): the nodes %.2f cores,"
            + " %s of node CPU a committed transaction; the bench %.2f cores%n",
        usage.measured(),
        usage.nodes(),
        usage.seconds(),
        Runtime.getRuntime().availableProcessors(),
        total,
        committedPerSecond > 0
            ? String.format(Locale.ROOT, "%.2f ms", 1000 * total / committedPerSecond)
            : "no transaction committed, no figure",
        usage.benchCores());
    double top =
        usage.nodeCores().values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    for (Map.Entry<Kind, Double> e : usage.nodeCores().entrySet()) {
      int width = top > 0 ? (int) Math.round(BAR_WIDTH * e.getValue() / top) : 0;
      out.printf(
          Locale.ROOT, "  %-30s %5.2f %s%n", e.getKey().label, e.getValue(), "#".repeat(width));
    }
  }
}
