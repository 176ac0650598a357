package io.credence.app.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a started service until it stops: on SIGINT/SIGTERM it is closed cleanly (exit 0); if its
 * event loop fails, the failure is printed and the exit code is 4.
 */
final class Lifecycle {
  private Lifecycle() {}

  static int runUntilStopped(String what, AutoCloseable service, CompletableFuture<Void> stopped)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              close(service);
              done.countDown();
            },
            "credence-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.join();
    } catch (CompletionException e) {
      System.err.println("credence: " + what + " halted: " + e.getCause().getMessage());
      Runtime.getRuntime().removeShutdownHook(hook);
      close(service);
      return 4;
    }
    done.await();
    return 0;
  }

  private static void close(AutoCloseable service) {
    try {
      service.close();
    } catch (Exception e) {
      System.err.println("credence: closing failed: " + e.getMessage());
    }
  }
}
