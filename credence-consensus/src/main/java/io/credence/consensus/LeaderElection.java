package io.credence.consensus;

import java.util.List;

/**
 * Who leads a round. A fixed schedule ({@link #leader(long)}) always exists: it names the leader of
 * a round entered by a timeout certificate. An election may also look back along the chain a
 * proposal extends (its blocks of the last {@link #window()} rounds, newest first) to choose the
 * leader of a round that follows a certified round: {@link #reputation(int)}.
 */
public interface LeaderElection {
  /** The scheduled leader of {@code round}. */
  int leader(long round);

  /**
   * How many rounds back along the extended chain {@link #leader(long, List)} looks, and so at most
   * how many blocks it reads (each block has a round of its own); 0: none.
   */
  default int window() {
    return 0;
  }

  /**
   * The leader of {@code round}, a round whose proposal extends the block certified in the round
   * before it; {@code recent} is that block's chain, newest first, at most {@link #window()} blocks
   * of this epoch (fewer near the epoch's start). Every honest replica passes the same list for the
   * same extended block, so every one names the same leader.
   */
  default int leader(long round, List<Activity> recent) {
    return leader(round);
  }

  /**
   * What one block of the chain shows about who was alive and when: its author in the block's
   * {@code round}, and the validators whose signatures are in the certificate it carries, who voted
   * in {@code certifiedRound} (the round of its parent).
   */
  record Activity(long round, int author, long certifiedRound, List<Integer> signers) {
    public Activity {
      signers = List.copyOf(signers);
    }
  }

  /** Round r is led by validator r mod n. */
  static LeaderElection roundRobin(int validators) {
    return round -> (int) Math.floorMod(round, (long) validators);
  }

  /** Leader reputation over round-robin, with the default window: see {@link LeaderReputation}. */
  static LeaderElection reputation(int validators) {
    return new LeaderReputation(validators, LeaderReputation.windowFor(validators));
  }
}
