package io.credence.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Twins, systematically: four validators, one run as two honest copies sharing its key, a scripted
 * leader and network split for each of the first rounds. CI runs a bounded slice of the scenarios
 * scripting two rounds (every {@link #STRIDE}th of 4,096, and the first {@link #FIRST}); the rest
 * run from {@code credence simulate --twins}.
 */
class TwinsTest {
  static final int ROUNDS = 2;
  static final int STRIDE = 64;
  static final int FIRST = 16;

  @Test
  void numbering_coversEveryLeaderAndSplitOnce() {
    assertEquals(4_096, Twins.count(2));
    Set<String> seen = new HashSet<>();
    for (long k = 0; k < Twins.count(1); k++) {
      assertTrue(seen.add(Twins.nth(k, 1).toString()), "scenario " + k + " repeats another");
    }
    assertEquals(64, seen.size());
    // Round 1 in the lowest digit: scenario 64 is round 1's first choice and round 2's second.
    Twins t = Twins.nth(64, 2);
    assertEquals(List.of(0, 1), t.leaders());
    assertEquals(1, t.splits().get(0).size(), "no split in round 1");
    assertEquals(List.of(Set.of(0, 2, 3, 4), Set.of(1)), Twins.nth(4, 1).splits().get(0));
  }

  @Test
  void outOfRange_isRefusedNamingTheRange() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Twins.nth(4_096, 2));
    assertEquals("twins scenario: expected 0 to 4095, found 4096", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Twins.count(Twins.ROUNDS_MAX + 1));
  }

  @Test
  void splits_keepMessagesOnTheirSenderSide_untilTheScriptEnds() {
    Twins t = Twins.nth(4, 1); // round 1: {0, 2, 3, 4} | {1}
    assertTrue(t.reaches(1, 0, 4));
    assertTrue(!t.reaches(1, 0, 1) && !t.reaches(1, 1, 3));
    assertTrue(t.reaches(2, 0, 1), "round 2 is past the script");
  }

  @Test
  void slice_ofTwoRoundScripts_safeAndLive() {
    int runs = 0;
    for (long k = 0; k < Twins.count(ROUNDS); k++) {
      if (k >= FIRST && k % STRIDE != 0) {
        continue;
      }
      Simulation sim = Simulation.twins(k, ROUNDS);
      Simulation.Result r = sim.run();
      runs++;
      long scenario = k;
      assertTrue(
          r.isOk(),
          () ->
              "replay: credence simulate --twins --twin-rounds "
                  + ROUNDS
                  + " --seeds "
                  + scenario
                  + ".."
                  + scenario
                  + "\nscript: "
                  + sim.twinsScript()
                  + "\n"
                  + String.join("\n", r.violations())
                  + "\ntrace:\n"
                  + String.join("\n", r.traceTail()));
    }
    assertEquals(FIRST + (Twins.count(ROUNDS) - FIRST) / STRIDE, runs);
  }
}
