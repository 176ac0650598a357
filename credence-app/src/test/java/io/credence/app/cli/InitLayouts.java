package io.credence.app.cli;

import java.nio.file.Path;
import java.security.SecureRandom;

/** Development consortia for tests outside this package, made as {@code credence init} does. */
public final class InitLayouts {
  private InitLayouts() {}

  /** Plain keys, standard suite, APIs from {@code apiPort} and transports from {@code p2pPort}. */
  public static InitCommand.Layout create(
      Path dir, int orgs, int validators, int apiPort, int p2pPort) throws Exception {
    return InitCommand.create(
        dir,
        orgs,
        validators,
        0,
        "standard",
        "test-chain",
        true,
        null,
        apiPort,
        p2pPort,
        new SecureRandom());
  }

  /** As {@link #create}, with {@code observers} observer nodes after the validators. */
  public static InitCommand.Layout withObservers(
      Path dir, int orgs, int validators, int observers, int apiPort, int p2pPort)
      throws Exception {
    return InitCommand.create(
        dir,
        orgs,
        validators,
        observers,
        "standard",
        "test-chain",
        true,
        null,
        apiPort,
        p2pPort,
        new SecureRandom());
  }

  /**
   * {@code credence verify} of a stopped node's folder: its exit code, its report in {@code out}.
   */
  public static int verify(Path home, java.io.PrintStream out) throws Exception {
    return VerifyCommand.verify(home, out);
  }

  /** A {@code credence} command run in this process: exit code, out and err. */
  public record Run(int exit, String out, String err) {}

  /** Runs {@code credence args} in this process. */
  public static Run run(String... args) {
    CliRun r = CliRun.of(args);
    return new Run(r.exit(), r.out(), r.err());
  }
}
