package io.credence.app.cli;

import io.credence.app.config.ConfigException;
import io.credence.app.runtime.ClusterProcess;
import io.credence.app.runtime.NodeProcess;
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
  public Integer call() throws ConfigException, InterruptedException {
    ClusterProcess cluster;
    try {
      cluster = ClusterProcess.start(dir, System.out);
    } catch (NodeProcess.DamagedStore | io.credence.ledger.store.StorageException e) {
      System.err.println("credence: " + e.getMessage());
      return 3;
    }
    System.out.printf(
        "cluster %s: %d validators, height %d, API of node-1 on port %d%n",
        dir, cluster.validators(), cluster.head().height(), cluster.apiPort());
    System.out.flush();
    return Lifecycle.runUntilStopped("cluster", cluster, cluster.stopped());
  }
}
