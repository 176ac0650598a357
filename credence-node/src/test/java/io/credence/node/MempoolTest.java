package io.credence.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Address;
import io.credence.core.Call;
import io.credence.core.Rejection;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Parameters;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.store.MemoryStore;
import io.credence.node.mempool.Mempool;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every admission rejection code of the mempool, each triggered once. */
class MempoolTest {
  private static String code(Optional<Rejection> r) {
    return r.map(Rejection::code).orElse("ACCEPTED");
  }

  private final TestConsortium c = new TestConsortium();
  private final Replica replica = c.replica(new MemoryStore());

  @Test
  void validTransaction_accepted() {
    assertEquals("ACCEPTED", code(replica.onTransaction(c.registerNew(0, 0))));
    assertEquals(1, replica.mempoolSize());
  }

  @Test
  void wrongChain_rejected() {
    Transaction tx =
        Transaction.sign(
            c.suite.signer(c.admins.get(0).privateKey(), c.random),
            "other-chain",
            0,
            100,
            TestConsortium.register(c.newKey(), "OPERATOR"));
    Optional<Rejection> r = replica.onTransaction(tx);
    assertEquals(Mempool.WRONG_CHAIN, code(r));
    assertEquals(
        "transaction.chainId: expected 'test-chain', found 'other-chain'", r.get().message());
  }

  @Test
  void oversize_rejected() {
    byte[] args = new byte[4 * 4096]; // beyond transactionBytesMax, whatever the call
    Transaction tx = c.sign(c.admins.get(0), 0, 100, new Call("identity", "register", args));
    Optional<Rejection> r = replica.onTransaction(tx);
    assertEquals(Mempool.OVERSIZE, code(r));
    assertTrue(r.get().message().endsWith("exceeds transactionBytesMax=16384"), r.get().message());
  }

  @Test
  void badSignature_rejected() {
    Transaction tx = c.registerNew(0, 0);
    byte[] signature = tx.signature();
    signature[5] ^= 1;
    assertEquals(Mempool.BAD_SIGNATURE, code(replica.onTransaction(tx.withSignature(signature))));
  }

  @Test
  void expired_rejected() {
    Transaction tx = c.sign(c.admins.get(0), 0, 0, TestConsortium.register(c.newKey(), "OPERATOR"));
    Optional<Rejection> r = replica.onTransaction(tx);
    assertEquals(Mempool.EXPIRED, code(r));
    assertEquals(
        "transaction.expiryHeight: expected at least 1 (the next block), found 0",
        r.get().message());
  }

  @Test
  void expiryTooFar_rejected() {
    Transaction tx =
        c.sign(
            c.admins.get(0),
            0,
            1 + Parameters.DEFAULTS.expiryHeightsAheadMax() + 1,
            TestConsortium.register(c.newKey(), "OPERATOR"));
    assertEquals(Mempool.EXPIRY_TOO_FAR, code(replica.onTransaction(tx)));
  }

  @Test
  void unknownSender_rejected() {
    KeyPair stranger = c.newKey();
    assertEquals(
        Mempool.UNKNOWN_SENDER,
        code(
            replica.onTransaction(
                c.sign(stranger, 0, 100, TestConsortium.register(c.newKey(), "OPERATOR")))));
  }

  @Test
  void staleNonce_rejected() {
    assertEquals("ACCEPTED", code(replica.onTransaction(c.registerNew(0, 0))));
    replica.onTick(10_000);
    assertEquals(1, replica.head().height());
    Optional<Rejection> r = replica.onTransaction(c.registerNew(0, 0));
    assertEquals(Mempool.STALE_NONCE, code(r));
    assertEquals(
        "transaction.nonce: expected at least 1, found 0 (already used)", r.get().message());
  }

  @Test
  void duplicate_rejected() {
    Transaction tx = c.registerNew(0, 0);
    assertEquals("ACCEPTED", code(replica.onTransaction(tx)));
    assertEquals(Mempool.DUPLICATE, code(replica.onTransaction(tx)));
  }

  @Test
  void duplicateNonce_rejected() {
    assertEquals("ACCEPTED", code(replica.onTransaction(c.registerNew(0, 0))));
    assertEquals(Mempool.DUPLICATE_NONCE, code(replica.onTransaction(c.registerNew(0, 0))));
  }

  @Test
  void senderLimit_rejected() {
    TestConsortium small = new TestConsortium("standard", 2, withMempool(100, 1L << 20, 2), 3);
    Replica r = small.replica(new MemoryStore());
    assertEquals("ACCEPTED", code(r.onTransaction(small.registerNew(0, 0))));
    assertEquals("ACCEPTED", code(r.onTransaction(small.registerNew(0, 1))));
    assertEquals(Mempool.SENDER_LIMIT, code(r.onTransaction(small.registerNew(0, 2))));
    assertEquals("ACCEPTED", code(r.onTransaction(small.registerNew(1, 0))));
  }

  @Test
  void nonceAbove2To63_isTooFarAhead_toldUnsigned() {
    // 2^63 + 5: a negative long, which a signed comparison called "already used".
    long nonce = Long.MIN_VALUE + 5;
    Optional<Rejection> r =
        replica.onTransaction(
            c.sign(c.admins.get(0), nonce, 100, TestConsortium.register(c.newKey(), "OPERATOR")));
    assertEquals(Mempool.SENDER_LIMIT, code(r));
    assertTrue(
        r.get().message().contains("nonce 9223372036854775813 is beyond next nonce 0"),
        r.get().message());
  }

  @Test
  void expiryAbove2To63_isTooFar_toldUnsigned() {
    Optional<Rejection> r =
        replica.onTransaction(
            c.sign(c.admins.get(0), 0, -1L, TestConsortium.register(c.newKey(), "OPERATOR")));
    assertEquals(Mempool.EXPIRY_TOO_FAR, code(r));
    assertTrue(r.get().message().endsWith("found 18446744073709551615"), r.get().message());
  }

  @Test
  void mempoolFull_byCount_rejected() {
    TestConsortium small = new TestConsortium("standard", 2, withMempool(1, 1L << 20, 10), 4);
    Replica r = small.replica(new MemoryStore());
    assertEquals("ACCEPTED", code(r.onTransaction(small.registerNew(0, 0))));
    Optional<Rejection> full = r.onTransaction(small.registerNew(1, 0));
    assertEquals(Mempool.MEMPOOL_FULL, code(full));
    assertEquals("mempool holds 1 transactions, mempoolTransactionsMax=1", full.get().message());
  }

  @Test
  void mempoolFull_byBytes_rejected() {
    TestConsortium small = new TestConsortium("standard", 2, withMempool(100, 1024, 10), 5);
    Replica r = small.replica(new MemoryStore());
    int accepted = 0;
    Optional<Rejection> last = Optional.empty();
    for (int i = 0; i < 10 && last.isEmpty(); i++) {
      last = r.onTransaction(small.registerNew(0, i));
      accepted += last.isEmpty() ? 1 : 0;
    }
    assertEquals(Mempool.MEMPOOL_FULL, code(last));
    assertTrue(accepted >= 1 && r.mempoolSize() == accepted);
  }

  /**
   * A block takes transactions in the order they arrived, across senders, each sender's in nonce
   * order: the first sender's backlog does not hold the second one back. Sender 0 sends six, then
   * sender 1 sends two, and a block holds four.
   */
  @Test
  void blocks_takeTransactionsInArrivalOrder_acrossSenders() {
    Replica.Config d = TestConsortium.IMMEDIATE;
    Replica.Config fourPerBlock =
        new Replica.Config(
            d.consensus(),
            d.tickMillis(),
            d.statusEveryTicks(),
            d.syncLagBlocksMin(),
            d.syncRequestTimeoutTicks(),
            d.syncAvoidTicks(),
            d.gossipBatchMax(),
            d.finalStatusesMax(),
            4);
    Replica r = c.replica(new MemoryStore(), fourPerBlock);
    java.util.List<Transaction> sent = new java.util.ArrayList<>();
    // Arrival: a0 b0 a1 a2 b1 a3 a4 a5, so the first block must be a0 b0 a1 a2 and the next b1 a3
    // a4
    // a5 (a block of the old order, sender by sender, would hold a0 a1 a2 a3).
    long[][] order = {{0, 0}, {1, 0}, {0, 1}, {0, 2}, {1, 1}, {0, 3}, {0, 4}, {0, 5}};
    for (long[] o : order) {
      Transaction tx = c.registerNew((int) o[0], o[1]);
      assertEquals("ACCEPTED", code(r.onTransaction(tx)));
      sent.add(tx);
    }
    java.util.List<java.util.List<Transaction>> blocks = new java.util.ArrayList<>();
    r.addListener(
        b -> {
          if (!b.block().transactions().isEmpty()) {
            blocks.add(b.block().transactions());
          }
        });
    for (long now = c.genesis.timestampMillis() + 1_000;
        blocks.size() < 2 && now < c.genesis.timestampMillis() + 60_000;
        now += 1_000) {
      r.onTick(now);
    }
    assertEquals(java.util.List.of(sent.subList(0, 4), sent.subList(4, 8)), blocks);
  }

  /**
   * The candidates of a block: in arrival order, each sender from its next nonce on the block's
   * state and without gaps; a sender's next nonce is asked for only when its turn comes, so a block
   * that fills early does not read the state of every waiting sender.
   */
  @Test
  void candidates_arrivalOrder_fromEachSendersNextNonce_askingLazily() {
    TestConsortium many = new TestConsortium("standard", 40, Parameters.DEFAULTS, 3);
    Replica r = many.replica(new MemoryStore());
    Mempool m = new Mempool(many.genesis);
    java.util.List<Transaction> sent = new java.util.ArrayList<>();
    for (int sender = 0; sender < 40; sender++) {
      Transaction tx = many.registerNew(sender, 0);
      assertTrue(m.admit(tx, r.committedState(), r.head().height(), true).isEmpty());
      sent.add(tx);
    }
    int[] asked = {0};
    java.util.Iterator<Mempool.Entry> first =
        m.candidates(
            a -> {
              asked[0]++;
              return 0;
            });
    for (int i = 0; i < 5; i++) {
      assertEquals(sent.get(i), first.next().transaction());
    }
    assertTrue(asked[0] <= 6, "asked for " + asked[0] + " senders' next nonces to take 5");

    // Sender 0 also sends nonces 1 and 2; its nonce 0 is in an uncommitted ancestor (next is 1).
    // Sender 1 sends nonce 2 as well, but its next is 0 and 0 waits: 0, then a gap.
    Transaction zeroOne = many.registerNew(0, 1);
    Transaction zeroTwo = many.registerNew(0, 2);
    Transaction oneTwo = many.registerNew(1, 2);
    for (Transaction tx : java.util.List.of(zeroOne, zeroTwo, oneTwo)) {
      assertTrue(m.admit(tx, r.committedState(), r.head().height(), true).isEmpty());
    }
    Address zero = many.suite.address(many.admins.get(0).publicKey());
    java.util.List<Transaction> order = new java.util.ArrayList<>();
    m.candidates(a -> a.equals(zero) ? 1 : 0).forEachRemaining(e -> order.add(e.transaction()));
    java.util.List<Transaction> expected = new java.util.ArrayList<>(sent.subList(1, 40));
    expected.add(zeroOne);
    expected.add(zeroTwo);
    assertEquals(expected, order);
  }

  static Parameters withMempool(int count, long bytes, int perSender) {
    Parameters d = Parameters.DEFAULTS;
    return new Parameters(
        d.blockTransactionsMax(),
        d.blockBytesMax(),
        d.blockIntervalMillis(),
        d.transactionBytesMax(),
        d.expiryHeightsAheadMax(),
        count,
        bytes,
        perSender,
        d.transactionWorkMax());
  }
}
