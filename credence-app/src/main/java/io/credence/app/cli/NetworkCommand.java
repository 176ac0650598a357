package io.credence.app.cli;

import io.credence.app.config.ConfigException;
import io.credence.app.network.LocalNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Starts, inspects and stops every node of a consortium as its own process on this machine. */
@Command(
    name = "network",
    description = "Run each node of a consortium folder as its own process on this machine.",
    subcommands = {NetworkCommand.Up.class, NetworkCommand.Status.class, NetworkCommand.Down.class})
public final class NetworkCommand implements Callable<Integer> {
  /** The {@code --dir} option every subcommand takes. */
  static final class ConsortiumDir {
    @Option(
        names = "--dir",
        required = true,
        description = "the consortium folder ('credence init')")
    Path dir;
  }

  @Override
  public Integer call() {
    System.err.println("credence network: expected a subcommand: up, status or down");
    return 2;
  }

  /** Starts the nodes that are down. */
  @Command(
      name = "up",
      description = "Start every node that is not running; wait until each answers.")
  static final class Up implements Callable<Integer> {
    @Mixin ConsortiumDir consortium;

    @Option(names = "--heap", defaultValue = "384m", description = "each node's Java heap (-Xmx)")
    String heap;

    @Option(
        names = "--jvm-option",
        description =
            "an extra option for each node's JVM, repeatable; {node} becomes the node's name"
                + " (e.g. -XX:StartFlightRecording=filename={node}.jfr)")
    java.util.List<String> jvmOptions = new java.util.ArrayList<>();

    @Override
    public Integer call() throws ConfigException, IOException, InterruptedException {
      if (!heap.matches("[0-9]{1,6}[mMgG]")) {
        throw new UserError("--heap: expected a size such as 384m or 1g, found '" + heap + "'");
      }
      for (String option : jvmOptions) {
        if (!option.startsWith("-X") && !option.startsWith("-D")) {
          throw new UserError(
              "--jvm-option: expected an option starting -X or -D, found '" + option + "'");
        }
      }
      int started = new LocalNetwork(consortium.dir, heap, jvmOptions).up(System.out);
      System.out.printf(Locale.ROOT, "network %s: %d node(s) started%n", consortium.dir, started);
      return 0;
    }
  }

  /** Prints each node's height, round, peers and health. */
  @Command(name = "status", description = "Show each node's height, round, peers and health.")
  static final class Status implements Callable<Integer> {
    @Mixin ConsortiumDir consortium;

    @Override
    public Integer call() throws ConfigException {
      List<LocalNetwork.Status> statuses = new LocalNetwork(consortium.dir, "0m").status();
      System.out.printf(
          Locale.ROOT,
          "%-10s %-8s %-10s %8s %8s %6s  %s%n",
          "node",
          "pid",
          "role",
          "height",
          "round",
          "peers",
          "health");
      List<String> unhealthy = new ArrayList<>();
      for (LocalNetwork.Status s : statuses) {
        String pid = s.pid().map(String::valueOf).orElse("-");
        String api =
            "http://" + s.member().config().apiHost() + ":" + s.member().config().apiPort();
        if (!s.answering()) {
          System.out.printf(
              Locale.ROOT,
              "%-10s %-8s %-10s %8s %8s %6s  %s%n",
              s.member().name(),
              pid,
              "-",
              "-",
              "-",
              "-",
              s.problem());
          unhealthy.add(
              s.member().name()
                  + (s.pid().isEmpty() ? " not running (" : " not answering (")
                  + api
                  + ")");
          continue;
        }
        System.out.printf(
            Locale.ROOT,
            "%-10s %-8s %-10s %8s %8s %6d  %s%n",
            s.member().name(),
            pid,
            s.role(),
            Long.toUnsignedString(s.height()),
            Long.toUnsignedString(s.round()),
            s.peers(),
            s.healthy() ? "ok" : LAGGING);
        if (!s.healthy()) {
          unhealthy.add(s.member().name() + " " + LAGGING + " (" + api + ")");
        }
      }
      System.out.flush();
      if (unhealthy.isEmpty()) {
        return 0;
      }
      // The table says it node by node; stderr says it once, for scripts and for the eye.
      System.err.printf(
          Locale.ROOT,
          "credence: network %s: expected %d %s answering and healthy, found %d not: %s%n",
          consortium.dir,
          statuses.size(),
          statuses.size() == 1 ? "node" : "nodes",
          unhealthy.size(),
          String.join(", ", unhealthy));
      return Failures.EXIT_REFUSED;
    }

    private static final String LAGGING = "lagging or out of quorum";
  }

  /** Stops every running node cleanly. */
  @Command(
      name = "down",
      description = "Stop every running node (SIGTERM, then a kill after 20 s).")
  static final class Down implements Callable<Integer> {
    @Mixin ConsortiumDir consortium;

    @Override
    public Integer call() throws ConfigException, IOException, InterruptedException {
      int stopped = new LocalNetwork(consortium.dir, "0m").down(System.out);
      System.out.printf(Locale.ROOT, "network %s: %d node(s) stopped%n", consortium.dir, stopped);
      return 0;
    }
  }
}
