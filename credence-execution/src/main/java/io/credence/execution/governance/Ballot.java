package io.credence.execution.governance;

import io.credence.core.Check;
import io.credence.core.Rejection;
import io.credence.core.genesis.Genesis;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The vote on one proposal: one vote per organisation, which it may change until the proposal is
 * decided. After every vote the ballot is tallied with the weights in force: it passes as soon as
 * both {@link Thresholds} hold, and is rejected as soon as the no votes alone make passing
 * impossible (were every other organisation to vote yes). Votes change nothing once it is decided.
 * Undecided at {@code expiresHeight}, it has expired. Weights are read at each tally, so an
 * organisation suspended meanwhile (weight 0) no longer counts, and its vote with it; a removed one
 * (no weight on record) loses its vote at the next one cast.
 */
public record Ballot(
    long expiresHeight, SortedMap<String, Choice> votes, Status status, long decidedHeight) {
  /** Where a proposal's vote stands. */
  public enum Status {
    OPEN,
    PASSED,
    REJECTED,
    EXPIRED
  }

  public static final String PROPOSAL_DECIDED = "PROPOSAL_DECIDED";
  public static final String PROPOSAL_EXPIRED = "PROPOSAL_EXPIRED";
  public static final String NOT_A_VOTER = "NOT_A_VOTER";

  public Ballot {
    votes = Collections.unmodifiableSortedMap(new TreeMap<>(votes));
  }

  /** A new ballot, open until {@code expiresHeight}. */
  public static Ballot open(long expiresHeight) {
    return new Ballot(expiresHeight, new TreeMap<>(), Status.OPEN, 0);
  }

  /** The status as of {@code height}: an open ballot reads as expired from its expiry height on. */
  public Status statusAt(long height) {
    return status == Status.OPEN && height >= expiresHeight ? Status.EXPIRED : status;
  }

  /**
   * Why {@code organisation} may not vote at {@code height}, if it may not: the ballot is decided
   * or expired, or the organisation has no voting weight.
   */
  public Optional<Rejection> refusal(String organisation, long height, Map<String, Long> weights) {
    Status now = statusAt(height);
    if (now == Status.EXPIRED) {
      return Optional.of(
          Rejection.of(
              PROPOSAL_EXPIRED,
              "proposal: expected a vote before height %d, found height %d",
              expiresHeight,
              height));
    }
    if (now != Status.OPEN) {
      return Optional.of(
          Rejection.of(
              PROPOSAL_DECIDED,
              "proposal: expected an open proposal, found one %s at height %d",
              now.name().toLowerCase(java.util.Locale.ROOT),
              decidedHeight));
    }
    long weight = weights.getOrDefault(organisation, 0L);
    if (weight <= 0) {
      return Optional.of(
          Rejection.of(
              NOT_A_VOTER, "organisation %s: expected a voting weight, found none", organisation));
    }
    return Optional.empty();
  }

  /**
   * The ballot after {@code organisation}'s vote at {@code height}, decided if the tally settles
   * it. The vote must be allowed ({@link #refusal} empty).
   */
  public Ballot with(
      String organisation,
      Choice choice,
      long height,
      Map<String, Long> weights,
      Thresholds thresholds) {
    Check.that(
        refusal(organisation, height, weights).isEmpty(),
        "ballot: a vote by %s at height %s that is not allowed",
        organisation,
        height);
    TreeMap<String, Choice> next = new TreeMap<>(votes);
    next.put(organisation, choice);
    // A removed member's vote counts for nothing and is let go: the votes on record stay within
    // the members on record.
    next.keySet().retainAll(weights.keySet());
    Status decided = Tally.of(next, weights).decide(thresholds);
    return new Ballot(expiresHeight, next, decided, decided == Status.OPEN ? 0 : height);
  }

  /** The current tally under {@code weights}. */
  public Tally tally(Map<String, Long> weights) {
    return Tally.of(votes, weights);
  }

  /**
   * The weights of a tally: all voting weight, and of the votes that count (from organisations that
   * still have weight), those cast yes, no and abstain.
   */
  public record Tally(long total, long yes, long no, long abstain) {
    static Tally of(Map<String, Choice> votes, Map<String, Long> weights) {
      long total = 0;
      for (long w : weights.values()) {
        Check.that(w >= 0 && w <= Genesis.VOTING_WEIGHT_MAX, "ballot: a weight of %s", w);
        total += w;
      }
      long yes = 0;
      long no = 0;
      long abstain = 0;
      for (Map.Entry<String, Choice> v : votes.entrySet()) {
        long w = weights.getOrDefault(v.getKey(), 0L);
        switch (v.getValue()) {
          case YES -> yes += w;
          case NO -> no += w;
          case ABSTAIN -> abstain += w;
        }
      }
      return new Tally(total, yes, no, abstain);
    }

    /** Weight that took part: yes, no and abstain. */
    public long participating() {
      return yes + no + abstain;
    }

    /** Whether both thresholds hold. */
    public boolean passes(Thresholds t) {
      return yes > 0
          && participating() * 100 >= (long) t.participationPercent() * total
          && yes * 100 >= (long) t.winPercent() * (yes + no);
    }

    /** Whether the no votes alone make passing impossible: every other weight yes still loses. */
    public boolean cannotPass(Thresholds t) {
      return total > 0 && (total - no) * 100 < (long) t.winPercent() * total;
    }

    Status decide(Thresholds t) {
      if (passes(t)) {
        return Status.PASSED;
      }
      return cannotPass(t) ? Status.REJECTED : Status.OPEN;
    }
  }
}
