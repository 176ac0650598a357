package io.credence.app.cli;

import io.credence.app.config.ConfigException;
import io.credence.app.config.ConsortiumFile;
import io.credence.app.config.NodeConfig;
import io.credence.app.runtime.NodeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a node until it is stopped (SIGINT/SIGTERM) or its storage fails. */
@Command(name = "node", description = "Run a node from its home folder (node.toml).")
public final class NodeCommand implements Callable<Integer> {
  @Option(names = "--home", required = true, description = "the node's folder, holding node.toml")
  Path home;

  @Option(
      names = "--new-chain",
      description =
          "start a new chain although this solo node kept one before and its data folder is empty")
  boolean newChain;

  @Override
  public Integer call()
      throws ConfigException, NodeProcess.DamagedStore, IOException, InterruptedException {
    if (!Files.exists(home.resolve(NodeConfig.FILE_NAME))
        && Files.exists(home.resolve(ConsortiumFile.FILE_NAME))) {
      throw new UserError(
          "--home "
              + home
              + ": expected a node's folder holding "
              + NodeConfig.FILE_NAME
              + ", found a consortium folder; run its nodes with 'credence network up --dir "
              + home
              + "' or 'credence cluster --dir "
              + home
              + "'");
    }
    NodeConfig config = NodeConfig.load(home);
    // A damaged store, a store of another chain, a port in use: Failures tells each in one line.
    NodeProcess node = NodeProcess.start(config, newChain, System.out);
    System.out.printf(
        "node %s of chain %s: height %s, API on http://%s:%d%n",
        home,
        node.genesis().chainId(),
        Long.toUnsignedString(node.runner().head().height()),
        config.apiHost(),
        node.apiPort());
    System.out.println(
        NodeProcess.threadPrioritiesApplied()
            ? "thread priorities: signature checks (API, transport) below the event loop"
            : "thread priorities: one for all threads (start the JVM with "
                + NodeProcess.THREAD_PRIORITIES
                + " to put signature checks below the event loop)");
    System.out.flush();
    return Lifecycle.runUntilStopped("node", node, node.runner().stopped());
  }
}
