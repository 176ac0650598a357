package io.credence.consensus;

import io.credence.core.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Leader reputation (DiemBFT v4 §4, "leader reputation"): after a certified round, the next leader
 * is drawn from the validators active in the last {@code window} rounds of the chain being extended
 * (authors of its blocks of those rounds, and signers of the certificates those blocks carry when
 * certified in those rounds), less the authors of the latest {@code excludedAuthors} blocks so that
 * leadership keeps moving. A crashed, silent or departed validator neither signs nor authors, so
 * once its last act is {@code window} rounds old it is no longer chosen; round-robin loses up to f
 * of every n rounds to such validators, and more to the timeouts' back-off.
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
  private final int excludedAuthors;

  /**
   * An election among {@code validators} looking {@code window} rounds back, leaving out the
   * authors of the latest {@code excludedAuthors} blocks.
   */
  public LeaderReputation(int validators, int window, int excludedAuthors) {
    Check.that(validators > 0, "leader reputation: %s validators (expected > 0)", validators);
    Check.that(
        window > 0 && excludedAuthors >= 0 && excludedAuthors <= window,
        "leader reputation: window %s, excludedAuthors %s (expected 0 <= excluded <= window,"
            + " window > 0)",
        window,
        excludedAuthors);
    this.validators = validators;
    this.window = window;
    this.excludedAuthors = excludedAuthors;
  }

  /**
   * Twice the set: a validator that stopped is gone after that many rounds, and one whose votes
   * reach the leaders among the first quorum is seen within it.
   */
  static int windowFor(int validators) {
    return 2 * validators;
  }

  /**
   * The f latest authors: while others are active, no validator leads two of any f + 1 consecutive
   * blocks drawn so. When the latest authors are all that is left in the window (a chain that could
   * not move for 2n rounds), the latest author may lead again: better than a schedule that sends
   * the votes to validators that stopped.
   */
  static int excludedAuthorsFor(int validators) {
    return (validators - 1) / 3;
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
    TreeSet<Integer> latestAuthors = new TreeSet<>();
    long oldest = round - window;
    int seen = 0;
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
      if (seen < excludedAuthors) {
        add(latestAuthors, block.author());
      }
      seen++;
    }
    if (active.isEmpty()) {
      // The epoch's first rounds: nothing to judge by.
      return leader(round);
    }
    List<Integer> candidates = new ArrayList<>(active);
    candidates.removeAll(latestAuthors);
    if (candidates.isEmpty()) {
      candidates = new ArrayList<>(active);
    }
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
