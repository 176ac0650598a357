package io.credence.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.ledger.audit.ChainAudit;
import io.credence.ledger.store.BlockStore;
import io.credence.node.bft.ConsensusVotes;
import io.credence.node.execution.Executor;
import io.credence.simulator.Scenario.Behaviour;
import io.credence.simulator.Scenario.Crash;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulator with the real ledger under consensus and a workload of signed transactions: the
 * same invariants hold, every validator's chain passes the full audit, and the ledgers agree block
 * for block.
 */
class LedgerSimulationTest {
  /** Hash links, signatures, every seal against the set in force, and a replay from genesis. */
  private static void assertFullAuditPasses(Simulation sim, int validator) {
    BlockStore store = sim.ledgerOf(validator);
    ChainAudit.Report report =
        new ChainAudit(
                store,
                sim.ledgerGenesis(),
                new Executor(sim.ledgerGenesis()),
                new ConsensusVotes(store.suite()))
            .run(ChainAudit.Depth.FULL, h -> {});
    assertTrue(report.isOk(), "validator " + validator + ": " + report.problem());
  }

  private static void assertLedgersAgreeAndAudit(
      Simulation sim, int validators, Map<Integer, Behaviour> byzantine) {
    long lowest = Long.MAX_VALUE;
    for (int i = 0; i < validators; i++) {
      if (byzantine.containsKey(i)) {
        continue;
      }
      BlockStore store = sim.ledgerOf(i);
      assertFullAuditPasses(sim, i);
      lowest = Math.min(lowest, store.head().getAsLong());
    }
    assertTrue(lowest > 20, "lowest ledger height " + lowest);
    for (long h = 1; h <= lowest; h++) {
      var expected =
          sim.ledgerOf(byzantine.containsKey(0) ? 1 : 0).header(h).hash(sim.ledgerOf(1).suite());
      for (int i = 0; i < validators; i++) {
        if (!byzantine.containsKey(i)) {
          assertEquals(
              expected,
              sim.ledgerOf(i).header(h).hash(sim.ledgerOf(i).suite()),
              "height " + h + ", validator " + i);
        }
      }
    }
  }

  @Test
  void normalOperation_transactionsCommit_andEveryLedgerAudits() {
    Simulation sim = new Simulation(31, Scenario.normal(4, 3_000).healingAt(0, 10)).withLedger();
    Simulation.Result r = sim.run();
    assertTrue(
        r.isOk(), String.join("\n", r.violations()) + "\n" + String.join("\n", r.traceTail()));
    assertLedgersAgreeAndAudit(sim, 4, Map.of());
    long transactions = 0;
    BlockStore store = sim.ledgerOf(0);
    for (long h = 1; h <= store.head().getAsLong(); h++) {
      transactions += store.transactions(h).size();
    }
    assertTrue(transactions >= 200, "committed transactions " + transactions);
  }

  @Test
  void crashesAndAnEquivocatingLeader_ledgersStillAgree() {
    Scenario s =
        Scenario.normal(4, 4_000)
            .withNetwork(1, 8, 20, 20)
            .withByzantine(Map.of(3, Behaviour.EQUIVOCATING_LEADER))
            .withCrashes(
                List.of(
                    Crash.at(1, 500, 700), new Crash(2, 900, 100, Scenario.Moment.DURING_WRITE)))
            .healingAt(1_500, 10);
    Simulation sim = new Simulation(32, s).withLedger();
    Simulation.Result r = sim.run();
    assertTrue(
        r.isOk(), String.join("\n", r.violations()) + "\n" + String.join("\n", r.traceTail()));
    assertLedgersAgreeAndAudit(sim, 4, Map.of(3, Behaviour.EQUIVOCATING_LEADER));
  }

  @Test
  void validatorAddedAndOneRemoved_byALedgerTransaction_newSetTakesOver() {
    // At tick 400 the first organisation's admin proposes the set to governance, and its weight
    // passes it: validator 4 joins (catching up from genesis with the epoch-change proof), 3
    // leaves. Seals after the
    // change are the new set's, and the audit checks each block against the set in force.
    Scenario s =
        Scenario.normal(4, 3_000)
            .healingAt(0, 10)
            .withValidatorChanges(List.of(new Scenario.ValidatorChange(400, List.of(0, 1, 2, 4))));
    Simulation sim = new Simulation(33, s).withLedger();
    Simulation.Result r = sim.run();
    assertTrue(
        r.isOk(), String.join("\n", r.violations()) + "\n" + String.join("\n", r.traceTail()));
    for (int i : new int[] {0, 1, 2, 4}) {
      BlockStore store = sim.ledgerOf(i);
      assertFullAuditPasses(sim, i);
      assertTrue(
          store.head().getAsLong() > 20,
          "validator " + i + " at height " + store.head().getAsLong());
      assertEquals(2, store.header(store.head().getAsLong()).seal().epoch(), "validator " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {41, 42, 43})
  void randomFaults_withTheLedger(long seed) {
    Scenario s = Scenario.random(seed, 4, 1, 6_000);
    Simulation sim = new Simulation(seed, s).withLedger();
    Simulation.Result r = sim.run();
    assertTrue(
        r.isOk(), String.join("\n", r.violations()) + "\n" + String.join("\n", r.traceTail()));
  }

  @Test
  void plantedBug_replicaStorageThatForgetsVotes_isCaughtAsDoubleSigning() {
    // The ledger mode runs the node's one replica; with its safety data lost at each crash, the
    // oracle must see an honest validator vote twice in a round.
    List<Scenario.Crash> crashes = new java.util.ArrayList<>();
    for (long t = 100; t < 2_500; t += 37) {
      crashes.add(Scenario.Crash.at(1, t, t + 4));
    }
    Scenario buggy =
        Scenario.normal(4, 3_000)
            .withByzantine(Map.of(2, Behaviour.EQUIVOCATING_LEADER))
            .withCrashes(crashes)
            .healingAt(0, 0);
    boolean caught = false;
    for (long seed = 1; seed <= 30 && !caught; seed++) {
      Simulation.Result r = new Simulation(seed, buggy).withLedger().withAmnesia().run();
      caught = r.violations().stream().anyMatch(v -> v.contains("double signing"));
    }
    assertTrue(caught, "the planted bug went unnoticed in 30 seeds");
  }
}
