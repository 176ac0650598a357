package io.credence.simulator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.consensus.Consensus;
import io.credence.simulator.Scenario.Behaviour;
import io.credence.simulator.Scenario.Crash;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A validator that was down for hundreds of rounds, far more than {@code roundsAheadMax}, catches
 * up from the certificates its peers' messages carry, fetches the blocks it missed and commits
 * again.
 */
class LaggingReplicaTest {
  static final long DOWN_TICKS = 20_000;
  static final long RESTART_TICK = 200 + DOWN_TICKS;

  /** Validator 3 crashes at tick 200 and restarts 20,000 ticks later; it must commit again. */
  static Scenario longCrash() {
    return Scenario.normal(4, RESTART_TICK + 2_500)
        .withCrashes(List.of(Crash.at(3, 200, RESTART_TICK)))
        .healingAt(RESTART_TICK, 10);
  }

  private static void assertOk(Simulation.Result r) {
    assertTrue(
        r.isOk(),
        () -> String.join("\n", r.violations()) + "\ntrace:\n" + String.join("\n", r.traceTail()));
  }

  @Test
  void laggingReplica_downForHundredsOfRounds_commitsAgainAndAgrees() {
    Simulation.Result r = new Simulation(21, longCrash()).run();
    assertOk(r);
    // The least-advanced honest validator (the restarted one) is past the rounds it missed.
    assertTrue(r.blocksCommitted() > 300, "lowest committed height " + r.blocksCommitted());
  }

  /**
   * With {@code blocksPendingMax} at 100 the missed chain (about 150 blocks) does not fit: the
   * replica keeps the oldest blocks, connects them, and walks down again from its highest
   * certificate.
   */
  @Test
  void laggingReplica_gapLongerThanBlocksPendingMax_catchesUpInSeveralPasses() {
    Consensus.Config small = new Consensus.Config(100, 400, 32, 100, 256, 50, 50, 0);
    Simulation.Result r = new Simulation(22, longCrash(), small).run();
    assertOk(r);
    assertTrue(r.blocksCommitted() > 300, "lowest committed height " + r.blocksCommitted());
  }

  /** The same story over the real ledger: the restarted validator's ledger grows again. */
  @Test
  void laggingReplica_inLedgerMode_ledgerGrowsAgainAndAgrees() {
    Simulation sim = new Simulation(23, longCrash()).withLedger();
    Simulation.Result r = sim.run();
    assertOk(r);
    long height = sim.ledgerOf(3).head().getAsLong();
    assertTrue(height > 300, "the restarted validator's ledger height " + height);
  }

  @Test
  void forgedCertificates_inFarFutureMessages_rejectedAndCountedRoundsNeverJump() {
    // Validator 2 signs proposals and timeouts a million rounds ahead whose certificates are
    // forged; certificates are now read whatever the round, so each must be verified first.
    Simulation sim =
        new Simulation(
            24,
            Scenario.normal(4, 3_000)
                .healingAt(0, 10)
                .withByzantine(Map.of(2, Behaviour.FORGED_CERTIFICATES)));
    Simulation.Result r = sim.run();
    assertOk(r);
    assertTrue(
        r.rounds() < FutureRounds.FUTURE_ROUND_OFFSET, "a replica reached round " + r.rounds());
    assertTrue(r.blocksCommitted() > 200, "committed " + r.blocksCommitted());
    assertTrue(sim.certificatesRejected() > 1_000, "rejected " + sim.certificatesRejected());
  }
}
