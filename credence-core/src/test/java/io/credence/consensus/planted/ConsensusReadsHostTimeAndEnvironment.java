package io.credence.consensus.planted;

import java.time.ZonedDateTime;

/** The reviewer's plant: consensus reads the wall clock and an environment variable. */
public final class ConsensusReadsHostTimeAndEnvironment {
  private ConsensusReadsHostTimeAndEnvironment() {}

  static String onTimeout() {
    return ZonedDateTime.now() + " " + System.getenv("CREDENCE_ROUND_TIMEOUT");
  }
}
