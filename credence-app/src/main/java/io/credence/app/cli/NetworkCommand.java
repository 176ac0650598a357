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
    subcommands = {
      NetworkCommand.Up.class,
      NetworkCommand.Status.class,
      NetworkCommand.Down.class,
      NetworkCommand.AddNode.class
    })
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
    System.err.println("credence network: expected a subcommand: up, status, down or add-node");
    return 2;
  }

  /** Starts the nodes that are down. */
  @Command(
      name = "up",
      description = "Start every node that is not running; wait until each answers.")
  static final class Up implements Callable<Integer> {
    @Mixin ConsortiumDir consortium;

    @Option(names = "--heap", defaultValue = "1g", description = "each node's Java heap (-Xmx)")
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

  /** Adds a node folder that genesis does not name, for a vote to admit. */
  @Command(
      name = "add-node",
      description =
          "Add a node run by one of the organisations: its key, a TLS certificate from the"
              + " organisation's CA and its node.toml. Peers admit it once the consortium votes it"
              + " in ('credence gov propose observers', then 'validators').")
  static final class AddNode implements Callable<Integer> {
    @Mixin ConsortiumDir consortium;

    @Option(
        names = "--organisation",
        required = true,
        paramLabel = "USCC",
        description = "the organisation that runs it (its CA key must be in the folder)")
    String organisation;

    @Option(
        names = "--ca",
        paramLabel = "DIR",
        description =
            "the organisation's TLS CA folder ('credence key ca'); default: its folder under orgs/"
                + " for an organisation genesis names")
    Path ca;

    @Option(names = "--api-port", description = "its API port (default: the highest in use + 1)")
    int apiPort;

    @Option(
        names = "--p2p-port",
        description = "its transport port (default: the highest in use + 1)")
    int p2pPort;

    @Option(
        names = "--passphrase-file",
        description = "the passphrase of the folder's encrypted keys (or CREDENCE_PASSPHRASE)")
    Path passphraseFile;

    @Override
    public Integer call() throws ConfigException, IOException {
      InitCommand.AddedNode added =
          InitCommand.addNode(consortium.dir, organisation, ca, passphraseFile, apiPort, p2pPort);
      String key = io.credence.core.Hex.of(added.key().publicKey());
      Path home = added.home();
      System.out.printf(
          Locale.ROOT,
          "%s: node key %s, run by %s, API port %d, transport port %d%n"
              + "Genesis does not name it: its peers admit it once the consortium votes it in."
              + " Next:%n%s"
              + "  credence gov declare-node --node-key %s --organisation %s ...   (who runs it)%n"
              + "  credence gov propose observers --observers %s ...   (the observers in force and"
              + " it: it follows the chain)%n"
              + "  credence network up --dir %s   (starts it; it syncs from genesis once admitted)%n"
              + "  credence gov propose validators --validators ...,%s ...   (it votes)%n",
          home,
          key,
          organisation,
          added.apiPort(),
          added.p2pPort(),
          ca == null
              ? ""
              : "  credence gov propose tls-ca --organisation "
                  + organisation
                  + " --certificate "
                  + ca.resolve("tls-ca.pem")
                  + " ...   (unless its CA is voted in already)"
                  + System.lineSeparator(),
          home.resolve("validator.pem"),
          organisation,
          key,
          consortium.dir,
          key);
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
