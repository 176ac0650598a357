package io.credence.simulator;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.consensus.Consensus;
import io.credence.simulator.Scenario.Behaviour;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Byzantine leader floods every validator with thousands of validly signed, conflicting
 * proposals, votes and timeouts. Honest replicas keep at most one proposal per round and author,
 * one vote and one timeout per round and author, stay safe, and go on committing.
 */
class EquivocationFloodTest {
  /**
   * Validator 1 leads rounds 1, 5, 9, ... and floods each of them until tick 400: 4,200 proposals
   * (more than {@code blocksPendingMax}), 1,000 conflicting votes for its round, two conflicting
   * votes and timeouts for each of the next {@code roundsAheadMax} rounds. The simulator reports a
   * violation if an honest replica ever holds more than {@code Config.heldItemsMax} items.
   */
  @Test
  void equivocationFlood_byALeaderInItsRounds_safeLiveAndWithinBounds() {
    Scenario s =
        Scenario.normal(4, 2_000)
            .withByzantine(Map.of(1, Behaviour.EQUIVOCATION_FLOOD))
            .healingAt(400, 10);
    Simulation sim = new Simulation(25, s);
    Simulation.Result r = sim.run();
    assertTrue(
        r.isOk(),
        () -> String.join("\n", r.violations()) + "\ntrace:\n" + String.join("\n", r.traceTail()));
    assertTrue(r.blocksCommitted() > 100, "committed " + r.blocksCommitted());
    assertTrue(
        sim.evidence().stream().anyMatch(e -> e.validator() == 1),
        "no equivocation evidence against validator 1");
    assertTrue(
        sim.evidence().stream().noneMatch(e -> e.validator() != 1),
        "evidence against an honest validator");
    // The flood reaches the per-author bounds: its one vote and one timeout in each round of the
    // window are held (at least roundsAheadMax items), and nothing more of it.
    int window = Consensus.Config.DEFAULTS.roundsAheadMax();
    assertTrue(sim.heldItemsMax() >= window, "a replica held at most " + sim.heldItemsMax());
    assertTrue(sim.heldItemsMax() < 200, "a replica held " + sim.heldItemsMax() + " items");
  }

  /** The flood's proposals are built for the plain workload's payloads. */
  @Test
  void equivocationFlood_inLedgerMode_isRefused() {
    Scenario s = Scenario.normal(4, 100).withByzantine(Map.of(1, Behaviour.EQUIVOCATION_FLOOD));
    assertThrows(IllegalArgumentException.class, () -> new Simulation(26, s).withLedger());
  }
}
