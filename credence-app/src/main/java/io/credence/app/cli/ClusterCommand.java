package io.credence.app.cli;

import io.credence.app.config.ConfigException;
import io.credence.app.config.ConsortiumFile;
import io.credence.app.config.NodeConfig;
import io.credence.app.runtime.ClusterProcess;
import io.credence.app.runtime.NodeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs every validator of a consortium in one process, agreeing by BFT consensus. */
@Command(
    name = "cluster",
    description =
        "Run all validators of a consortium in one process (BFT consensus, until the network transport lands).")
public final class ClusterCommand implements Callable<Integer> {
  @Option(
      names = "--dir",
      required = true,
      description = "the consortium folder written by 'credence init --validators N'")
  Path dir;

  @Override
  public Integer call()
      throws ConfigException, NodeProcess.DamagedStore, IOException, InterruptedException {
    if (!Files.exists(dir.resolve(ConsortiumFile.FILE_NAME))
        && Files.exists(dir.resolve(NodeConfig.FILE_NAME))) {
      throw new UserError(
          "--dir "
              + dir
              + ": expected a consortium folder holding "
              + ConsortiumFile.FILE_NAME
              + ", found a node's folder; run it with 'credence node --home "
              + dir
              + "'");
    }
    // A damaged store, a store of another chain, a port in use: Failures tells each in one line.
    ClusterProcess cluster = ClusterProcess.start(dir, System.out);
    System.out.printf(
        "cluster %s: %d validators, height %s, API of node-1 on port %d%n",
        dir,
        cluster.validators(),
        Long.toUnsignedString(cluster.head().height()),
        cluster.apiPort());
    System.out.flush();
    return Lifecycle.runUntilStopped("cluster", cluster, cluster.stopped());
  }
}
