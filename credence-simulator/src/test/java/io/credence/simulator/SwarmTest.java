package io.credence.simulator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * A seeded adversarial swarm: cluster sizes 4 to 7, up to f Byzantine validators of any behaviour
 * an attacker has here (forged and stale certificates, equivocation, twins, replays, floods of
 * future rounds), lossy and duplicating links, partitions and crashes healed a third of the way
 * through, and on half the seeds an honest validator down for tens of rounds after the heal. A
 * failure names its seed; replay it with {@code new Simulation(seed, Scenario.random(seed, n,
 * byzantine, ticks)).run()} or {@code credence simulate --seeds S..S --validators N --byzantine K}.
 */
class SwarmTest {
  static final long TICKS = 10_000;

  @Property(tries = 16, seed = "20261127")
  void randomClusters_staySafeAndLive(
      @ForAll @LongRange(min = 1, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 4, max = 7) int n,
      @ForAll @IntRange(min = 0, max = 2) int byzantine) {
    int k = Math.min(byzantine, (n - 1) / 3);
    Simulation.Result r = new Simulation(seed, Scenario.adversarial(seed, n, k, TICKS)).run();
    assertTrue(
        r.isOk(),
        () ->
            "replay: credence simulate --seeds "
                + seed
                + ".."
                + seed
                + " --validators "
                + n
                + " --byzantine "
                + k
                + " --ticks "
                + TICKS
                + "\n"
                + String.join("\n", r.violations())
                + "\ntrace:\n"
                + String.join("\n", r.traceTail()));
  }
}
