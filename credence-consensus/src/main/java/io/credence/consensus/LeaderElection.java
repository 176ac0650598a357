package io.credence.consensus;

import java.util.List;

/**
 * Who leads a round. A fixed schedule ({@link #leader(long)}) always exists: it names the leader of
 * a round entered by a timeout certificate. An election may also look back along the chain a
 * proposal extends ({@link #windowBlocks()} blocks of it, newest first) to choose the leader of a
 * round that follows a certified round: {@link #reputation(int)}.
 */
public interface LeaderElection {
  /** The scheduled leader of {@code round}. */
  int leader(long round);

  /** How many blocks back along the extended chain {@link #leader(long, List)} reads; 0: none. */
  default int windowBlocks() {
    return 0;
  }

  /**
   * The leader of {@code round}, a round whose proposal extends the block certified in the round
   * before it; {@code recent} is that block's chain, newest first, at most {@link #windowBlocks()}
   * blocks of this epoch (fewer near the epoch's start). Every honest replica passes the same list
   * for the same extended block, so every one names the same leader.
   */
  default int leader(long round, List<Activity> recent) {
    return leader(round);
  }

  /**
   * What one block of the chain shows about who is alive: its author, and the validators whose
   * signatures are in the certificate it carries (the votes for its parent).
   */
  record Activity(int author, List<Integer> signers) {
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
    return new LeaderReputation(
        validators,
        LeaderReputation.windowBlocksFor(validators),
        LeaderReputation.excludedAuthorsFor(validators));
  }
}
