package io.credence.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Call;
import io.credence.core.Rejection;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.store.MemoryStore;
import io.credence.node.execution.Executor;
import io.credence.node.execution.StateOverlay;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every validity code execution applies to a transaction in a block (a replayed or proposed block).
 */
class ExecutorTest {
  private final TestConsortium c = new TestConsortium();
  private final Replica replica = c.replica(new MemoryStore());
  private final Executor executor = new Executor(c.genesis);
  private final StateOverlay state = replica.committedState();

  private String code(Transaction tx, long height, boolean signatureChecked) {
    Optional<Rejection> r = executor.validity(tx, state, height, signatureChecked);
    return r.map(Rejection::code).orElse("VALID");
  }

  @Test
  void valid_atNextHeight() {
    assertEquals("VALID", code(c.registerNew(0, 0), 1, false));
  }

  @Test
  void wrongChain() {
    Transaction tx =
        Transaction.sign(
            c.suite.signer(c.admins.get(0).privateKey(), c.random),
            "elsewhere",
            0,
            10,
            TestConsortium.register(c.newKey(), "VIEWER"));
    assertEquals(Executor.WRONG_CHAIN, code(tx, 1, false));
  }

  @Test
  void oversize() {
    byte[] args = new byte[5 * 4096]; // beyond transactionBytesMax, whatever the call
    assertEquals(
        Executor.OVERSIZE,
        code(c.sign(c.admins.get(0), 0, 10, new Call("identity", "register", args)), 1, false));
  }

  @Test
  void expired_pastItsExpiryHeight() {
    assertEquals(
        Executor.EXPIRED,
        code(
            c.sign(c.admins.get(0), 0, 5, TestConsortium.register(c.newKey(), "VIEWER")),
            6,
            false));
    assertEquals(
        "VALID",
        code(
            c.sign(c.admins.get(0), 0, 5, TestConsortium.register(c.newKey(), "VIEWER")),
            5,
            false));
  }

  @Test
  void badSignature_unlessAlreadyChecked() {
    Transaction tx = c.registerNew(0, 0);
    byte[] sig = tx.signature();
    sig[9] ^= 4;
    Transaction forged = tx.withSignature(sig);
    assertEquals(Executor.BAD_SIGNATURE, code(forged, 1, false));
    assertEquals(
        "VALID",
        code(forged, 1, true),
        "the caller vouches for the signature (the audit checks it separately)");
  }

  @Test
  void unknownSender() {
    assertEquals(
        Executor.UNKNOWN_SENDER,
        code(c.sign(c.newKey(), 0, 10, TestConsortium.register(c.newKey(), "VIEWER")), 1, false));
  }

  @Test
  void staleAndFutureNonces() {
    assertTrue(replica.onTransaction(c.registerNew(0, 0)).isEmpty());
    replica.onTick(10_000);
    StateOverlay after = replica.committedState();
    assertEquals(
        Executor.STALE_NONCE,
        executor.validity(c.registerNew(0, 0), after, 2, false).orElseThrow().code());
    assertEquals(
        Executor.FUTURE_NONCE,
        executor.validity(c.registerNew(0, 2), after, 2, false).orElseThrow().code());
    assertTrue(executor.validity(c.registerNew(0, 1), after, 2, false).isEmpty());
  }
}
