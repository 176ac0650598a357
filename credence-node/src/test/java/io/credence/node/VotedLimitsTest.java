package io.credence.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Rejection;
import io.credence.core.genesis.Parameters;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.store.BlockStore;
import io.credence.ledger.store.MemoryStore;
import io.credence.node.execution.Executor;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Limits changed by vote are the ones a node applies, from the height the vote set: the size of a
 * transaction it admits and includes, and the transactions a block holds.
 */
class VotedLimitsTest {
  private final TestConsortium c = new TestConsortium("standard", 3, Parameters.DEFAULTS, 12);
  private final Replica replica = c.replica(new MemoryStore());
  private long clock = c.genesis.timestampMillis();
  private final long[] nonces = new long[3];
  private long proposals;

  private Transaction governance(int admin, String method, Map<String, String> args) {
    return c.sign(
        c.admins.get(admin),
        nonces[admin]++,
        1_000,
        io.credence.execution.Runtime.encodeCall("governance", method, new TreeMap<>(args)));
  }

  private void commit(Transaction... txs) {
    for (Transaction tx : txs) {
      assertTrue(replica.onTransaction(tx).isEmpty(), "admitted");
    }
    clock += 2_000;
    c.tick(replica, clock);
    clock += 2_000;
    c.tick(replica, clock);
  }

  private void vote(String parameter, long value) {
    passed(
        "proposeParameter",
        Map.of("parameter", parameter, "value", Long.toString(value), "activatesAt", "0"));
  }

  @Test
  void aSmallerTransactionLimitByVote_refusesWhatNoLongerFits_namingTheVotedLimit() {
    // A freeze with a long reason: its size, not its business, is what is checked first.
    Transaction big =
        governance(
            2,
            "freeze",
            Map.of(
                "organisation",
                c.genesis.organisations().get(0).uscc(),
                "reason",
                "r".repeat(300),
                "expiresAt",
                "90"));
    int size = big.encode().length;
    vote("transactionBytesMax", 256);
    assertTrue(size > 256, "a registration is " + size + " bytes");
    Optional<Rejection> refused = replica.onTransaction(big);
    assertTrue(refused.isPresent());
    assertEquals(Executor.OVERSIZE, refused.get().code());
    assertTrue(
        refused.get().message().contains("exceeds transactionBytesMax=256"),
        refused.get().message());
  }

  private void passed(String method, Map<String, String> args) {
    Map<String, String> all = new TreeMap<>(args);
    all.put("expiresAt", Long.toString(replica.head().height() + 100));
    commit(governance(0, method, all));
    long proposal = ++proposals;
    commit(governance(1, "vote", Map.of("proposal", Long.toString(proposal), "choice", "YES")));
  }

  @Test
  void aFeatureSwitchedOnByVote_changesTheRuleFromItsHeight_andTheStatementFollows() {
    passed("proposeFee", Map.of("method", "identity.register", "fen", "100"));
    String org = c.genesis.organisations().get(2).uscc();
    String period = io.credence.execution.governance.Fees.period(replica.head().timestampMillis());
    // Before the switch: a refused registration (a key registered already) owes its fee.
    Transaction first = c.registerNew(2, 0);
    commit(first);
    var again =
        c.sign(c.admins.get(2), 1, 1_000, TestConsortium.register(c.admins.get(0), "VIEWER"));
    commit(again);
    assertEquals(
        200,
        io.credence.execution.governance.Fees.owed(replica.committedState(), period, org).fen(),
        "one success, one refusal: both owe");
    passed(
        "proposeFeature",
        Map.of(
            "feature", io.credence.execution.governance.Features.REFUSED_FREE, "activatesAt", "0"));
    var refusedAgain =
        c.sign(c.admins.get(2), 2, 1_000, TestConsortium.register(c.admins.get(0), "VIEWER"));
    commit(refusedAgain);
    commit(c.registerNew(2, 3));
    assertEquals(
        300,
        io.credence.execution.governance.Fees.owed(replica.committedState(), period, org).fen(),
        "after the switch the refusal owes nothing, the success 1.00");
    // The statement, recomputed from the blocks, follows the switch to the fen.
    BlockStore store = replica.store();
    long head = store.head().getAsLong();
    var statements =
        io.credence.node.incentives.IncentiveStatement.of(
            c.genesis,
            new io.credence.node.incentives.IncentiveStatement.Blocks() {
              @Override
              public long head() {
                return head;
              }

              @Override
              public io.credence.ledger.chain.Block block(long height) {
                return store.block(height);
              }

              @Override
              public java.util.List<io.credence.ledger.chain.Receipt> receipts(long height) {
                return store.receipts(height);
              }
            });
    assertEquals(
        Optional.empty(),
        io.credence.node.incentives.IncentiveStatement.mismatch(
            statements, replica.committedState()));
  }

  @Test
  void aTransactionWaitingThatNoLongerFits_isDroppedFromTheQueue_namingTheVotedLimit() {
    Map<io.credence.core.Hash, Rejection> dropped = new java.util.HashMap<>();
    replica.addListener(
        new Replica.Listener() {
          @Override
          public void onCommit(BlockStore.Committed committed) {}

          @Override
          public void onDropped(io.credence.core.Hash transaction, Rejection reason) {
            dropped.put(transaction, reason);
          }
        });
    // Waiting for the sender's nonce 0, which never comes: it stays queued.
    Transaction waiting =
        c.sign(
            c.admins.get(2),
            1,
            1_000,
            io.credence.execution.Runtime.encodeCall(
                "governance",
                "freeze",
                new TreeMap<>(
                    Map.of(
                        "organisation",
                        c.genesis.organisations().get(0).uscc(),
                        "reason",
                        "r".repeat(300),
                        "expiresAt",
                        "90"))));
    assertTrue(replica.onTransaction(waiting).isEmpty(), "admitted, waiting for nonce 0");
    vote("transactionBytesMax", 256);
    Rejection why = dropped.get(waiting.hash(c.suite));
    assertTrue(why != null, "dropped: " + dropped);
    assertEquals(Executor.OVERSIZE, why.code());
    assertTrue(why.message().contains("lowered by vote"), why.message());
  }

  @Test
  void aBlockTransactionLimitRaisedAboveGenesis_isWhatBlocksThenHold() {
    // Genesis allows 2 transactions a block; the vote raises it to 5.
    TestConsortium small =
        new TestConsortium(
            "standard",
            3,
            new Parameters(2, 4 << 20, 500, 16 << 10, 10_000, 50_000, 64L << 20, 1_000, 100_000),
            13);
    Replica r = small.replica(new MemoryStore());
    long[] clock = {small.genesis.timestampMillis()};
    java.util.function.Consumer<Transaction> commitOne =
        tx -> {
          assertTrue(r.onTransaction(tx).isEmpty());
          for (int k = 0; k < 2; k++) {
            clock[0] += 2_000;
            small.tick(r, clock[0]);
          }
        };
    commitOne.accept(
        small.sign(
            small.admins.get(0),
            0,
            1_000,
            io.credence.execution.Runtime.encodeCall(
                "governance",
                "proposeParameter",
                new TreeMap<>(
                    Map.of(
                        "parameter", "blockTransactionsMax",
                        "value", "5",
                        "activatesAt", "0",
                        "expiresAt", "100")))));
    commitOne.accept(
        small.sign(
            small.admins.get(1),
            0,
            1_000,
            io.credence.execution.Runtime.encodeCall(
                "governance", "vote", new TreeMap<>(Map.of("proposal", "1", "choice", "YES")))));
    long before = r.head().height();
    for (int i = 0; i < 5; i++) {
      assertTrue(r.onTransaction(small.registerNew(2, i)).isEmpty());
    }
    clock[0] += 2_000;
    small.tick(r, clock[0]);
    clock[0] += 2_000;
    small.tick(r, clock[0]);
    int most = 0;
    for (long h = before + 1; h <= r.head().height(); h++) {
      most = Math.max(most, r.store().block(h).transactions().size());
    }
    assertEquals(5, most, "one block holds all five");
  }

  @Test
  void aBlockTransactionLimitByVote_isWhatBlocksHold() {
    vote("blockTransactionsMax", 1);
    long before = replica.head().height();
    for (int i = 0; i < 3; i++) {
      assertTrue(replica.onTransaction(c.registerNew(2, i)).isEmpty());
    }
    for (int k = 0; k < 6; k++) {
      clock += 2_000;
      c.tick(replica, clock);
    }
    BlockStore store = replica.store();
    int seen = 0;
    for (long h = before + 1; h <= replica.head().height(); h++) {
      int n = store.block(h).transactions().size();
      assertTrue(n <= 1, "block " + h + " holds " + n);
      seen += n;
    }
    assertEquals(3, seen, "all three committed, one a block");
  }
}
