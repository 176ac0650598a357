package io.credence.simulator;

import io.credence.consensus.LeaderElection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One Twins scenario (Bano et al., "Twins: BFT Systems Made Robust", 2022) for four validators:
 * validator {@link #TWIN_OF} runs as two honest copies sharing its key (identity 3 and identity
 * {@link #TWIN}), and for each of the first rounds the scenario names the leader and how the five
 * identities are split in two (or not at all). A message of a round reaches only the identities on
 * its sender's side of that round's split; from the heal on, every message reaches everyone and
 * leaders rotate as usual, so liveness is checked too.
 *
 * <p>Scenarios are numbered: number k is, round by round, a leader (4 choices) and a split (16:
 * identity 0 stays on one side, each of the other four is on it or not), k read in base 64 with the
 * first round in the lowest digit. With {@code rounds} rounds there are 64^rounds of them; a
 * bounded slice runs in CI, any range from {@code credence simulate --twins}.
 */
public record Twins(List<Integer> leaders, List<List<Set<Integer>>> splits) {
  public static final int VALIDATORS = 4;
  public static final int TWIN_OF = 3;

  /** The identity of the second copy of {@link #TWIN_OF}. */
  public static final int TWIN = 4;

  static final int SPLITS_PER_ROUND = 16;
  static final int CHOICES_PER_ROUND = VALIDATORS * SPLITS_PER_ROUND;

  /** The most rounds a scenario may script: 64^5 scenarios already exceed a billion. */
  public static final int ROUNDS_MAX = 5;

  /** Ticks of a Twins run, and the heal: the scripted rounds happen before it. */
  public static final long TICKS = 2_000;

  public static final long HEAL_TICK = 1_000;

  static final int LIVENESS_BLOCKS = 5;

  public Twins {
    leaders = List.copyOf(leaders);
    splits = List.copyOf(splits);
  }

  /** How many scenarios script {@code rounds} rounds. */
  public static long count(int rounds) {
    checkRounds(rounds);
    long n = 1;
    for (int i = 0; i < rounds; i++) {
      n *= CHOICES_PER_ROUND;
    }
    return n;
  }

  /** Scenario number {@code index} (0 to count - 1) of those scripting {@code rounds} rounds. */
  public static Twins nth(long index, int rounds) {
    long total = count(rounds);
    if (index < 0 || index >= total) {
      throw new IllegalArgumentException(
          "twins scenario: expected 0 to " + (total - 1) + ", found " + index);
    }
    List<Integer> leaders = new ArrayList<>();
    List<List<Set<Integer>>> splits = new ArrayList<>();
    long rest = index;
    for (int r = 0; r < rounds; r++) {
      int choice = (int) (rest % CHOICES_PER_ROUND);
      rest /= CHOICES_PER_ROUND;
      leaders.add(choice % VALIDATORS);
      splits.add(split(choice / VALIDATORS));
    }
    return new Twins(leaders, splits);
  }

  private static void checkRounds(int rounds) {
    if (rounds < 1 || rounds > ROUNDS_MAX) {
      throw new IllegalArgumentException(
          "twins rounds: expected 1 to " + ROUNDS_MAX + ", found " + rounds);
    }
  }

  /** Split {@code mask}: identity 0 on the first side with every identity i whose bit i-1 is 0. */
  static List<Set<Integer>> split(int mask) {
    Set<Integer> first = new TreeSet<>();
    Set<Integer> second = new TreeSet<>();
    first.add(0);
    for (int id = 1; id <= TWIN; id++) {
      ((mask >> (id - 1) & 1) == 0 ? first : second).add(id);
    }
    return second.isEmpty() ? List.of(first) : List.of(first, second);
  }

  /** The leaders: as scripted for the first rounds, then round-robin. */
  LeaderElection leaderElection() {
    LeaderElection after = LeaderElection.roundRobin(VALIDATORS);
    return round ->
        round >= 1 && round <= leaders.size() ? leaders.get((int) round - 1) : after.leader(round);
  }

  /**
   * Whether a message of round {@code round} from identity {@code from} reaches identity {@code
   * to}: both on one side of that round's split (rounds past the script are not split).
   */
  boolean reaches(long round, int from, int to) {
    if (round < 1 || round > splits.size()) {
      return true;
    }
    for (Set<Integer> side : splits.get((int) round - 1)) {
      if (side.contains(from)) {
        return side.contains(to);
      }
    }
    return false;
  }

  /**
   * The simulator's scenario for this script: four validators, one twinned, healed at HEAL_TICK.
   */
  public Scenario scenario() {
    return Scenario.normal(VALIDATORS, TICKS)
        .withByzantine(Map.of(TWIN_OF, Scenario.Behaviour.TWINS))
        .healingAt(HEAL_TICK, LIVENESS_BLOCKS);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < leaders.size(); r++) {
      out.append(r == 0 ? "" : "; ")
          .append("round ")
          .append(r + 1)
          .append(": leader ")
          .append(leaders.get(r))
          .append(", ")
          .append(splits.get(r).size() == 1 ? "no split" : splits.get(r).toString());
    }
    return out.toString();
  }
}
