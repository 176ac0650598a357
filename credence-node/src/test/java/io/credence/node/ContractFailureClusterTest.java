package io.credence.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Amount;
import io.credence.core.Hash;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.Parameters;
import io.credence.core.types.Param;
import io.credence.execution.Access;
import io.credence.execution.Contract;
import io.credence.execution.ContractState;
import io.credence.execution.Method;
import io.credence.execution.Runtime;
import io.credence.execution.identity.AccountRole;
import io.credence.ledger.audit.ChainAudit;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.chain.Transaction;
import io.credence.node.bft.ConsensusVotes;
import io.credence.node.execution.Executor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A contract that throws, overflows or runs past the work limit, on a chain of four validators:
 * every replica records the same failed receipt with the same stable code, and the chain keeps
 * committing (before the runtime caught them, such a fault was raised on every replica at the same
 * block and halted the chain).
 */
class ContractFailureClusterTest {
  static final Param<Amount> FACE = Param.amount("face", "an amount");
  static final Param<Long> TIMES = Param.u64("times", "how many writes");

  /** Faults on demand. */
  static final class Faulty implements Contract {
    @Override
    public String name() {
      return "faulty";
    }

    @Override
    public String doc() {
      return "test faults";
    }

    @Override
    public void initialise(Genesis genesis, ContractState state) {}

    @Override
    public List<Method> methods() {
      Access admins = Access.role(AccountRole.ADMIN);
      return List.of(
          Method.named("boom")
              .access(admins)
              .handle(
                  call -> {
                    call.state().put(key("boom"), new byte[] {1});
                    return java.util.Optional.<io.credence.execution.Outcome>empty().orElseThrow();
                  }),
          Method.named("overflow")
              .args(FACE)
              .access(admins)
              .handle(
                  call -> {
                    call.state().put(key("overflow"), new byte[] {1});
                    Amount.ofFen(Long.MAX_VALUE).plus(call.arg(FACE));
                    return call.success();
                  }),
          Method.named("spin")
              .args(TIMES)
              .access(admins)
              .handle(
                  call -> {
                    for (long i = 0; i < call.arg(TIMES); i++) {
                      call.state().put(key("spin/" + i), new byte[64]);
                    }
                    return call.success();
                  }));
    }

    static byte[] key(String s) {
      return ("faulty/" + s).getBytes(StandardCharsets.US_ASCII);
    }
  }

  @Test
  void aFaultyContract_getsTheSameFailedReceiptEverywhere_andTheChainGoesOn() {
    TestConsortium c = new TestConsortium("standard", 4, 4, Parameters.DEFAULTS, 33);
    List<io.credence.execution.Contract> contracts =
        new ArrayList<>(Runtime.builtIn(c.suite).contracts());
    contracts.add(new Faulty());
    Runtime runtime = new Runtime(c.suite, contracts);
    LoopbackCluster cluster = new LoopbackCluster(c, runtime);
    List<Transaction> faults =
        List.of(
            c.sign(c.admins.get(0), 0, 1_000, runtime.call("faulty", "boom", Map.of())),
            c.sign(
                c.admins.get(0), 1, 1_000, runtime.call("faulty", "overflow", Map.of("face", "1"))),
            c.sign(
                c.admins.get(0),
                2,
                1_000,
                runtime.call("faulty", "spin", Map.of("times", 1_000_000))));
    faults.forEach(tx -> assertTrue(cluster.replicas.get(1).onTransaction(tx, false).isEmpty()));
    cluster.run(500);
    Transaction after = c.registerNew(1, 0);
    cluster.replicas.get(2).onTransaction(after, false);
    cluster.run(500);

    List<String> expected =
        List.of(Runtime.CONTRACT_FAILED, Runtime.CONTRACT_FAILED, Runtime.WORK_LIMIT_EXCEEDED);
    byte[][] firstReceipts = new byte[faults.size()][];
    for (Replica r : cluster.replicas) {
      for (int i = 0; i < faults.size(); i++) {
        Receipt receipt = receipt(r, faults.get(i).hash(c.suite));
        assertEquals(Receipt.Status.FAILED, receipt.status());
        assertEquals(expected.get(i), receipt.rejectionCode());
        byte[] encoded = Receipt.CODEC.encode(receipt);
        if (firstReceipts[i] == null) {
          firstReceipts[i] = encoded;
        }
        assertArrayEquals(firstReceipts[i], encoded, "the same receipt on every replica");
      }
      assertTrue(r.committedState().get(Faulty.key("boom")) == null, "nothing of a failed call");
      assertTrue(r.committedState().get(Faulty.key("overflow")) == null);
      assertEquals(Receipt.Status.SUCCESS, receipt(r, after.hash(c.suite)).status());
      // The ledger replays to the same receipts with the same contracts.
      var report =
          new ChainAudit(
                  r.store(),
                  c.genesis,
                  new Executor(c.genesis, runtime),
                  new ConsensusVotes(c.suite))
              .run(ChainAudit.Depth.FULL, h -> {});
      assertTrue(report.isOk(), report.problem());
    }
  }

  private static Receipt receipt(Replica r, Hash tx) {
    var at = r.store().locate(tx).orElseThrow(() -> new AssertionError("not committed: " + tx));
    return r.store().receipts(at.height()).get(at.index());
  }
}
