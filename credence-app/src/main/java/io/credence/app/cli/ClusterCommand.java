package io.credence.app.cli;

import io.credence.app.config.ConfigException;
import io.credence.app.runtime.ClusterProcess;
import io.credence.app.runtime.NodeProcess;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              cluster.close();
              done.countDown();
            },
            "credence-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    System.out.printf(
        "cluster %s: %d validators, height %d, API of node-1 on port %d%n",
        dir, cluster.validators(), cluster.head().height(), cluster.apiPort());
    System.out.flush();
    try {
      cluster.stopped().join();
    } catch (java.util.concurrent.CompletionException e) {
      System.err.println("credence: cluster halted: " + e.getCause().getMessage());
      Runtime.getRuntime().removeShutdownHook(hook);
      cluster.close();
      return 4;
    }
    done.await();
    return 0;
  }
}
