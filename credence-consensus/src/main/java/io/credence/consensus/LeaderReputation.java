package io.credence.consensus;

import io.credence.core.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Leader reputation (DiemBFT v4 §4, "leader reputation"): after a certified round, the next leader
 * is drawn from the validators active in the last {@code window} rounds of the chain being extended
 * (authors of its blocks of those rounds, and signers of the certificates those blocks carry when
 * certified in those rounds). A crashed, silent or departed validator neither signs nor authors, so
 * once its last act is {@code window} rounds old it is no longer chosen; round-robin loses up to f
 * of every n rounds to such validators, and more to the timeouts' back-off.
 *
 * <p>The latest authors are not left out (the paper leaves out the last f). Doing so hands the
 * rounds they would have had to the others, and a Byzantine validator that votes but never gathers
 * a certificate as leader authors nothing in a round drawn so: it is never among those left out,
 * while the honest ones that just led always are. Its share of the draws then grows from f in n
 * (round-robin's) to f in n - f; the n = 7 swarm found a seed (adversarial 421: two twins, each
 * copy hearing half the network, so that neither gathers a quorum) in which the twins were drawn
 * seven times running after the faults healed and no honest replica committed for 2,000 ticks.
 * Without the exclusion each active validator has an equal share, as under round-robin, and the
 * silent ones none.
 *
 * <p>The window is counted in rounds, not blocks, so that it moves while the chain cannot: when
 * rounds time out, each new proposal extends the same old certificate, and a window of blocks would
 * keep seeing that certificate's signers, among them a validator that has since stopped, and keep
 * drawing it to collect the votes that would move the chain on (a livelock the simulator found: a
 * validator that had committed a set change and moved on to the next epoch was drawn round after
 * round by those still in the old one). Counted in rounds, its last signature leaves the window and
 * the draw falls on those still acting.
 *
 * <p>The draw is a pure function of the round and the chain, never of what a replica happened to
 * see: the chain is what the proposal extends (its blocks and the certificates inside them are
 * hashed into its id), so every honest replica that checks a proposal, and every voter that sends
 * its vote to the next leader, names the same validator. A round entered by a timeout certificate
 * has no certified predecessor to extend, and falls back to the round-robin schedule, so a silent
 * validator can still be scheduled there (a timeout at most, as with round-robin).
 *
 * <p>Known limits: a validator that votes but never proposes stays active and keeps being drawn
 * (Aptos counts failed proposals for that, which needs every replica to agree on past leaders); a
 * certificate carries the first quorum of votes its leader received, so an honest validator whose
 * votes always come last is never seen as a signer and, once out of the window, no longer leads.
 */
public final class LeaderReputation implements LeaderElection {
  private final int validators;
  private final int window;

  /** An election among {@code validators} looking {@code window} rounds back. */
  public LeaderReputation(int validators, int window) {
    Check.that(validators > 0, "leader reputation: %s validators (expected > 0)", validators);
    Check.that(window > 0, "leader reputation: window %s (expected > 0)", window);
    this.validators = validators;
    this.window = window;
  }

  /**
   * Twice the set: a validator that stopped is gone after that many rounds, and one whose votes
   * reach the leaders among the first quorum is seen within it.
   */
  static int windowFor(int validators) {
    return 2 * validators;
  }

  @Override
  public int leader(long round) {
    return (int) Math.floorMod(round, (long) validators);
  }

  @Override
  public int window() {
    return window;
  }

  @Override
  public int leader(long round, List<Activity> recent) {
    TreeSet<Integer> active = new TreeSet<>();
    long oldest = round - window;
    // Rounds fall strictly along the chain: the first block older than the window ends it.
    for (Activity block : recent) {
      if (block.round() < oldest) {
        break;
      }
      add(active, block.author());
      if (block.certifiedRound() >= oldest) {
        for (int signer : block.signers()) {
          add(active, signer);
        }
      }
    }
    if (active.isEmpty()) {
      // The epoch's first rounds: nothing to judge by.
      return leader(round);
    }
    List<Integer> candidates = new ArrayList<>(active);
    return candidates.get((int) Math.floorMod(mix(round), (long) candidates.size()));
  }

  private void add(TreeSet<Integer> set, int validator) {
    // Indices come from verified blocks and certificates of this epoch; anything else is a bug.
    Check.that(
        validator >= 0 && validator < validators,
        "leader reputation: validator %s (expected 0..%s)",
        validator,
        validators - 1);
    set.add(validator);
  }

  /** SplitMix64's finaliser: spreads consecutive rounds over the candidates. */
  private static long mix(long round) {
    long z = round + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
