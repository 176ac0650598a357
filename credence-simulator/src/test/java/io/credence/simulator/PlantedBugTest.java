package io.credence.simulator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.consensus.Consensus;
import io.credence.consensus.PlantedBug;
import io.credence.simulator.Scenario.Behaviour;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The harness is trusted as far as it catches known bugs. Each mutant below is one bug planted in
 * the replica (or its storage); the harness runs the adversarial swarm (n = 4, one Byzantine
 * validator of any behaviour, lossy links, partitions, crashes, long outages) on seeds 1, 2, ...
 * and must report a violation within the mutant's stated number of seeds. A mutant that survives
 * fails this test. The same swarm without a mutant runs clean (SwarmTest, and here on the seeds the
 * mutants needed).
 */
class PlantedBugTest {
  static final long TICKS = 10_000;
  static final int VALIDATORS = 4;

  /**
   * A planted bug, the harness run that must catch it on a given seed, its seed budget, and words
   * the violation must contain when only one oracle is meant to see it (empty: any violation).
   */
  record Mutant(String name, LongFunction<Simulation> harness, int seedsMax, String expected) {
    Mutant(String name, LongFunction<Simulation> harness, int seedsMax) {
      this(name, harness, seedsMax, "");
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Scenario swarm(long seed) {
    return Scenario.adversarial(seed, VALIDATORS, 1, TICKS);
  }

  static Mutant planted(PlantedBug bug, int seedsMax) {
    return new Mutant(
        bug.name(),
        seed ->
            new Simulation(seed, swarm(seed), Consensus.Config.DEFAULTS.withPlanted(Set.of(bug))),
        seedsMax);
  }

  static List<Mutant> mutants() {
    List<Mutant> out = new ArrayList<>();
    out.add(planted(PlantedBug.VOTE_WITHOUT_ROUND_RULE, 40));
    out.add(planted(PlantedBug.REVOTE_IN_ROUND, 40));
    out.add(planted(PlantedBug.COMMIT_WITHOUT_CONSECUTIVE_ROUNDS, 20));
    out.add(planted(PlantedBug.COMMIT_ON_ONE_CHAIN, 5));
    out.add(planted(PlantedBug.QUORUM_OF_2F, 5));
    out.add(planted(PlantedBug.CERTIFICATE_SIGNATURES_UNCHECKED, 40));
    out.add(planted(PlantedBug.LAG_DROPS_CERTIFICATES, 40));
    out.add(
        new Mutant(
            PlantedBug.SUFFIX_NOT_EMPTY.name(),
            planted(PlantedBug.SUFFIX_NOT_EMPTY, 10).harness(),
            10,
            "reconfiguration suffix"));
    // The flood is not in the swarm (thousands of signatures a round): its own story catches it.
    out.add(
        new Mutant(
            PlantedBug.EVERY_PROPOSAL_KEPT.name(),
            seed ->
                new Simulation(
                    seed,
                    Scenario.normal(VALIDATORS, 2_000)
                        .withByzantine(Map.of(1, Behaviour.EQUIVOCATION_FLOOD))
                        .healingAt(400, 10),
                    Consensus.Config.DEFAULTS.withPlanted(Set.of(PlantedBug.EVERY_PROPOSAL_KEPT))),
            3));
    // Storage that acknowledges safety data it never wrote: lost at a crash.
    out.add(
        new Mutant(
            "SAFETY_DATA_LOST", seed -> new Simulation(seed, swarm(seed)).withAmnesia(), 40));
    return out;
  }

  static Stream<Mutant> each() {
    return mutants().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("each")
  void mutant_isCaughtWithinItsSeeds(Mutant mutant) {
    for (long seed = 1; seed <= mutant.seedsMax(); seed++) {
      Simulation.Result r = mutant.harness().apply(seed).run();
      if (!r.isOk()) {
        assertTrue(
            r.violations().stream().anyMatch(v -> v.contains(mutant.expected())),
            () -> "mutant " + mutant.name() + " caught by another oracle: " + r.violations());
        System.out.printf(
            "mutant %s caught at seed %d of %d: %s%n",
            mutant.name(), seed, mutant.seedsMax(), r.violations().get(0));
        return;
      }
    }
    throw new AssertionError(
        "mutant " + mutant.name() + " survived " + mutant.seedsMax() + " seeds of the harness");
  }

  /** Every planted bug of the replica has a mutant here. */
  @Test
  void everyPlantedBug_isInTheList() {
    Set<String> named = new java.util.HashSet<>();
    mutants().forEach(m -> named.add(m.name()));
    for (PlantedBug bug : PlantedBug.values()) {
      assertTrue(named.contains(bug.name()), bug + " has no mutant test");
    }
  }
}
