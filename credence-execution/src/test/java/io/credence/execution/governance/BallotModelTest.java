package io.credence.execution.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Rejection;
import io.credence.execution.governance.Ballot.Status;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;

/**
 * One proposal's vote against a model written from the rules in plain words, not from {@link
 * Ballot}: random votes (by members, by organisations without weight, changed votes, votes after
 * the decision or the expiry), weights changed between votes (an organisation suspended, a weight
 * raised), and heights moving on, under random thresholds. The model counts fractions exactly
 * (BigDecimal) and decides rejection by trying the best case (every organisation that did not vote
 * no votes yes); after every step the ballot's status, votes and refusals are the model's, and a
 * refused vote changes nothing. The property fails unless one run passed, rejected and expired
 * proposals and refused each kind of wrong vote.
 *
 * <p>Planted bugs, tried on 2026-11-28 one at a time and reverted, each caught: the win threshold
 * compared strictly; abstentions counted against (in the win fraction's denominator); abstentions
 * counted as blocking a pass when deciding rejection; an organisation without weight allowed to
 * vote; expiry one height late.
 */
class BallotModelTest {
  static final List<String> ORGANISATIONS = List.of("A", "B", "C", "D", "E", "F");
  static final long EXPIRY = 15;

  /** The ballot under test beside the model's own view of the same proposal. */
  static final class Sim {
    final Thresholds thresholds;
    final TreeMap<String, Long> weights = new TreeMap<>();
    long height = 1;
    Ballot ballot = Ballot.open(EXPIRY);
    // The model.
    final TreeMap<String, Choice> votes = new TreeMap<>();
    String decided = "OPEN";
    long decidedAt;

    Sim(int participation, int win, List<Long> initialWeights) {
      thresholds = new Thresholds(participation, win);
      for (int i = 0; i < ORGANISATIONS.size(); i++) {
        weights.put(ORGANISATIONS.get(i), initialWeights.get(i));
      }
    }

    @Override
    public String toString() {
      return "thresholds " + thresholds + ", weights " + weights;
    }

    /** What the model says the proposal's status is now. */
    String modelStatus() {
      return decided.equals("OPEN") && height >= EXPIRY ? "EXPIRED" : decided;
    }

    void check() {
      assertEquals(modelStatus(), ballot.statusAt(height).name(), "status at height " + height);
      assertEquals(votes, ballot.votes(), "votes");
      if (!decided.equals("OPEN")) {
        assertEquals(decidedAt, ballot.decidedHeight(), "decided at");
      }
    }
  }

  static BigDecimal fraction(long part, long whole) {
    return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 40, RoundingMode.DOWN);
  }

  static BigDecimal percent(int p) {
    return BigDecimal.valueOf(p).movePointLeft(2);
  }

  /** The rules in words: enough of all weight took part, and enough of the votes cast are yes. */
  static boolean modelPasses(Map<String, Choice> votes, Map<String, Long> weights, Thresholds t) {
    long total = weights.values().stream().mapToLong(Long::longValue).sum();
    long took = 0;
    long yes = 0;
    long cast = 0;
    for (var v : votes.entrySet()) {
      long w = weights.get(v.getKey());
      took += w;
      if (v.getValue() == Choice.YES) {
        yes += w;
      }
      if (v.getValue() != Choice.ABSTAIN) {
        cast += w;
      }
    }
    if (total == 0 || yes == 0) {
      return false;
    }
    return fraction(took, total).compareTo(percent(t.participationPercent())) >= 0
        && fraction(yes, cast).compareTo(percent(t.winPercent())) >= 0;
  }

  /** Rejected: even if every organisation that did not vote no voted yes, it would not pass. */
  static boolean modelCannotPass(
      Map<String, Choice> votes, Map<String, Long> weights, Thresholds t) {
    TreeMap<String, Choice> best = new TreeMap<>();
    for (String o : weights.keySet()) {
      best.put(o, votes.get(o) == Choice.NO ? Choice.NO : Choice.YES);
    }
    long total = weights.values().stream().mapToLong(Long::longValue).sum();
    return total > 0 && !modelPasses(best, weights, t);
  }

  static Transformer<Sim> vote(String organisation, Choice choice) {
    return Transformer.mutate(
        organisation + " votes " + choice,
        s -> {
          String expected;
          if (s.modelStatus().equals("EXPIRED")) {
            expected = Ballot.PROPOSAL_EXPIRED;
          } else if (!s.modelStatus().equals("OPEN")) {
            expected = Ballot.PROPOSAL_DECIDED;
          } else if (s.weights.get(organisation) == 0) {
            expected = Ballot.NOT_A_VOTER;
          } else {
            expected = "COUNTED";
          }
          Optional<Rejection> refusal = s.ballot.refusal(organisation, s.height, s.weights);
          assertEquals(expected, refusal.map(Rejection::code).orElse("COUNTED"), "vote refusal");
          Statistics.label("outcomes").collect(expected);
          if (refusal.isPresent()) {
            return;
          }
          s.ballot = s.ballot.with(organisation, choice, s.height, s.weights, s.thresholds);
          s.votes.put(organisation, choice);
          // Zero-weight votes are kept but count for nothing; the model counts only weights.
          TreeMap<String, Long> counted = new TreeMap<>(s.weights);
          if (modelPasses(s.votes, counted, s.thresholds)) {
            s.decided = "PASSED";
            s.decidedAt = s.height;
          } else if (modelCannotPass(s.votes, counted, s.thresholds)) {
            s.decided = "REJECTED";
            s.decidedAt = s.height;
          }
          if (!s.decided.equals("OPEN")) {
            Statistics.label("decisions").collect(s.decided);
          }
        });
  }

  static Transformer<Sim> reweigh(String organisation, long weight) {
    return Transformer.mutate(
        organisation + " now weighs " + weight, s -> s.weights.put(organisation, weight));
  }

  static Transformer<Sim> advance(long heights) {
    return Transformer.mutate(
        heights + " blocks later",
        s -> {
          s.height += heights;
          if (s.modelStatus().equals("EXPIRED")) {
            Statistics.label("decisions").collect("EXPIRED");
          }
        });
  }

  @Provide
  Arbitrary<ActionChain<Sim>> chains() {
    Arbitrary<Sim> start =
        Combinators.combine(
                Arbitraries.integers().between(1, 100),
                Arbitraries.integers().between(51, 100),
                Arbitraries.longs().between(0, 5).list().ofSize(ORGANISATIONS.size()))
            .as(Sim::new);
    Action.Independent<Sim> voting =
        () ->
            Combinators.combine(
                    Arbitraries.of(ORGANISATIONS),
                    Arbitraries.frequency(
                        net.jqwik.api.Tuple.of(5, Choice.YES),
                        net.jqwik.api.Tuple.of(3, Choice.NO),
                        net.jqwik.api.Tuple.of(2, Choice.ABSTAIN)))
                .as(BallotModelTest::vote);
    Action.Independent<Sim> reweighing =
        () ->
            Combinators.combine(Arbitraries.of(ORGANISATIONS), Arbitraries.longs().between(0, 5))
                .as(BallotModelTest::reweigh);
    Action.Independent<Sim> waiting =
        () -> Arbitraries.longs().between(1, 6).map(BallotModelTest::advance);
    return ActionChain.startWith(() -> start.sample())
        .withAction(8, voting)
        .withAction(2, reweighing)
        .withAction(2, waiting)
        .withMaxTransformations(30);
  }

  @Property(tries = 500)
  void everySequence_agreesWithTheModel(@ForAll("chains") ActionChain<Sim> chain) {
    chain.withInvariant("model", Sim::check).run();
    Statistics.label("decisions")
        .coverage(
            c -> {
              for (String d : List.of("PASSED", "REJECTED", "EXPIRED")) {
                c.check(d).count((Consumer<Integer>) n -> assertTrue(n >= 5, d + " reached " + n));
              }
            });
    Statistics.label("outcomes")
        .coverage(
            c -> {
              for (String o :
                  List.of(
                      "COUNTED",
                      Ballot.PROPOSAL_DECIDED,
                      Ballot.PROPOSAL_EXPIRED,
                      Ballot.NOT_A_VOTER)) {
                c.check(o).count((Consumer<Integer>) n -> assertTrue(n >= 5, o + " seen " + n));
              }
            });
  }

  /** Worked cases a member can check by hand. */
  @Example
  void weightsAndBothThresholds_byHand() {
    Map<String, Long> w = Map.of("BANK", 3L, "CORE", 2L, "SUPPLIER", 1L, "REGULATOR", 4L);
    Thresholds t = new Thresholds(50, 67);
    Ballot b = Ballot.open(100);
    // BANK yes: 3 of 10 took part, under 50%: open.
    b = b.with("BANK", Choice.YES, 5, w, t);
    assertEquals(Status.OPEN, b.status());
    // SUPPLIER abstains: 4 of 10, still under 50%.
    b = b.with("SUPPLIER", Choice.ABSTAIN, 6, w, t);
    assertEquals(Status.OPEN, b.status());
    // CORE yes: 6 of 10 took part, yes 5 of 5 cast: passes at height 7.
    b = b.with("CORE", Choice.YES, 7, w, t);
    assertEquals(Status.PASSED, b.status());
    assertEquals(7, b.decidedHeight());
    assertEquals(
        Ballot.PROPOSAL_DECIDED, b.refusal("REGULATOR", 8, w).map(Rejection::code).orElseThrow());
  }

  @Example
  void enoughNoWeight_rejectsAtOnce_andAChangedVoteCounts() {
    Map<String, Long> w = Map.of("A", 1L, "B", 1L, "C", 1L, "D", 1L);
    Thresholds t = new Thresholds(50, 75);
    Ballot b = Ballot.open(100).with("A", Choice.NO, 1, w, t);
    // One no of four: at best 3 of 4 yes, 75%: still possible.
    assertEquals(Status.OPEN, b.status());
    b = b.with("A", Choice.YES, 2, w, t);
    b = b.with("B", Choice.NO, 3, w, t);
    assertEquals(Status.OPEN, b.status());
    b = b.with("C", Choice.NO, 4, w, t);
    // Two no of four: at best 2 of 4 yes, under 75%: rejected.
    assertEquals(Status.REJECTED, b.status());
  }

  @Example
  void suspendedOrganisation_cannotVote_andItsVoteNoLongerCounts() {
    Map<String, Long> w = new TreeMap<>(Map.of("A", 1L, "B", 1L, "C", 1L));
    Thresholds t = new Thresholds(60, 60);
    Ballot b = Ballot.open(100).with("A", Choice.YES, 1, w, t);
    w.put("A", 0L);
    assertEquals(Ballot.NOT_A_VOTER, b.refusal("A", 2, w).map(Rejection::code).orElseThrow());
    // B yes: of 2 weight left, 1 took part (A's vote counts for nothing): 50%, open.
    b = b.with("B", Choice.YES, 2, w, t);
    assertEquals(Status.OPEN, b.status());
    assertEquals(
        Ballot.PROPOSAL_EXPIRED, b.refusal("C", 100, w).map(Rejection::code).orElseThrow());
    assertEquals(Status.EXPIRED, b.statusAt(100));
  }
}
