package io.credence.consensus;

/** Who leads a round. Round-robin now; reputation-based choice can come later behind this seam. */
public interface LeaderElection {
  int leader(long round);

  /** Round r is led by validator r mod n. */
  static LeaderElection roundRobin(int validators) {
    return round -> (int) Math.floorMod(round, (long) validators);
  }
}
