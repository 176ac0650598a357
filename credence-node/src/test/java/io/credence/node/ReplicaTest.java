package io.credence.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Rejection;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Parameters;
import io.credence.execution.Nonces;
import io.credence.execution.identity.IdentityRegistry;
import io.credence.ledger.audit.ChainAudit;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.store.BlockStore;
import io.credence.ledger.store.MemoryStore;
import io.credence.ledger.store.StorageException;
import io.credence.node.execution.Executor;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplicaTest {
  @ParameterizedTest
  @ValueSource(strings = {"standard", "national"})
  void registeredAccount_canTransact_andChainAudits(String suite) {
    TestConsortium c = new TestConsortium(suite, 3, Parameters.DEFAULTS, 2);
    MemoryStore store = new MemoryStore();
    Replica replica = c.replica(store);
    KeyPair clerk = c.newKey();
    assertTrue(
        replica
            .onTransaction(
                c.sign(c.admins.get(0), 0, 100, TestConsortium.register(clerk, "OPERATOR,ADMIN")))
            .isEmpty());
    BlockStore.Committed first = c.tick(replica, 2_000).orElseThrow();
    assertEquals(1, first.block().height());
    assertTrue(first.receipts().get(0).isSuccess());
    // The new account is itself an admin and registers another account.
    assertTrue(
        replica
            .onTransaction(c.sign(clerk, 0, 100, TestConsortium.register(c.newKey(), "VIEWER")))
            .isEmpty());
    assertTrue(c.tick(replica, 3_000).orElseThrow().receipts().get(0).isSuccess());
    ChainAudit.Report report =
        new ChainAudit(
                replica.store(),
                c.genesis,
                new Executor(c.genesis),
                new io.credence.node.bft.ConsensusVotes(c.suite))
            .run(ChainAudit.Depth.FULL, h -> {});
    assertTrue(report.isOk(), report.problem());
    assertEquals(replica.head().height(), report.head());
  }

  @Test
  void failedCall_getsFailedReceipt_andChangesOnlyTheNonce() {
    TestConsortium c = new TestConsortium();
    Replica replica = c.replica(new MemoryStore());
    KeyPair clerk = c.newKey();
    replica.onTransaction(
        c.sign(c.admins.get(0), 0, 100, TestConsortium.register(clerk, "OPERATOR")));
    c.tick(replica, 2_000);
    var rootBefore = replica.head().stateRoot();
    KeyPair target = c.newKey();
    assertTrue(
        replica
            .onTransaction(c.sign(clerk, 0, 100, TestConsortium.register(target, "ADMIN")))
            .isEmpty());
    BlockStore.Committed block = c.tick(replica, 3_000).orElseThrow();
    Receipt receipt = block.receipts().get(0);
    assertEquals(Receipt.Status.FAILED, receipt.status());
    assertEquals(io.credence.execution.Runtime.NOT_AUTHORISED, receipt.rejectionCode());
    assertTrue(receipt.events().isEmpty());
    assertEquals(1, Nonces.next(replica.committedState(), c.suite.address(clerk.publicKey())));
    assertTrue(
        IdentityRegistry.account(replica.committedState(), c.suite.address(target.publicKey()))
            .isEmpty());
    assertFalse(
        rootBefore.equals(replica.head().stateRoot()), "the nonce changed, so the root changed");
  }

  @Test
  void blocks_holdAtMostBlockTransactionsMax_andIdleChainCommitsNothingNew() {
    Parameters d = Parameters.DEFAULTS;
    Parameters small =
        new Parameters(
            3,
            d.blockBytesMax(),
            1_000,
            d.transactionBytesMax(),
            d.expiryHeightsAheadMax(),
            d.mempoolTransactionsMax(),
            d.mempoolBytesMax(),
            d.mempoolPerSenderMax(),
            d.transactionWorkMax());
    TestConsortium c = new TestConsortium("standard", 2, small, 3);
    Replica replica = c.replica(new MemoryStore());
    assertTrue(c.tick(replica, 1_100).isEmpty(), "no transactions, no block with any");
    for (int i = 0; i < 4; i++) {
      assertTrue(replica.onTransaction(c.registerNew(0, i)).isEmpty());
    }
    // Four wait: a block of three (the size limit) and then one of the fourth.
    BlockStore.Committed bySize = c.tick(replica, 1_200).orElseThrow();
    assertEquals(3, bySize.block().transactions().size());
    long height = replica.head().height();
    assertEquals(0, replica.mempoolSize(), "both blocks committed in the same tick");
    assertEquals(1, replica.store().block(bySize.block().height() + 1).transactions().size());
    assertTrue(height >= bySize.block().height() + 1);
  }

  @Test
  void aSoloLeader_runsEachTransactionOnce_notAgainWhenItReceivesItsOwnProposal() {
    TestConsortium c = new TestConsortium();
    Replica replica = c.replica(new MemoryStore());
    for (int i = 0; i < 5; i++) {
      assertTrue(replica.onTransaction(c.registerNew(0, i)).isEmpty());
    }
    long now = 1_000;
    while (replica.mempoolSize() > 0 && now < 10_000) {
      c.tick(replica, now += 10);
    }
    long committed = 0;
    for (long h = 1; h <= replica.head().height(); h++) {
      committed += replica.store().transactions(h).size();
    }
    assertEquals(5, committed);
    assertEquals(5, replica.execution().transactionsExecuted());
  }

  @Test
  void aLeaderGathersForProposalBatchTicks_unlessAFullBlockWaits() {
    Parameters d = Parameters.DEFAULTS;
    Parameters three =
        new Parameters(
            3,
            d.blockBytesMax(),
            1_000,
            d.transactionBytesMax(),
            d.expiryHeightsAheadMax(),
            d.mempoolTransactionsMax(),
            d.mempoolBytesMax(),
            d.mempoolPerSenderMax(),
            d.transactionWorkMax());
    TestConsortium c = new TestConsortium("standard", 2, three, 3);
    Replica.Config config = Replica.Config.DEFAULTS;
    long batchMillis = config.consensus().proposalBatchTicks() * config.tickMillis();
    assertTrue(batchMillis > config.tickMillis(), "the node default gathers for several ticks");
    Replica replica = c.replica(new MemoryStore(), config);
    // Let the idle chain settle into a round of its own, then submit one transaction.
    long now = genesisPlus(c, 2_000);
    for (long t = genesisPlus(c, 10); t <= now; t += 10) {
      c.tick(replica, t);
    }
    long height = replica.head().height();
    assertTrue(replica.onTransaction(c.registerNew(0, 0)).isEmpty());
    // Within the batching delay nothing is proposed; after it, the one transaction commits.
    long committedAt = -1;
    for (long t = now + 10; t <= now + batchMillis * 4 && committedAt < 0; t += 10) {
      if (c.tick(replica, t).isPresent()) {
        committedAt = t;
      }
    }
    assertTrue(committedAt > 0, "the transaction commits after the delay");
    assertTrue(
        committedAt - now >= batchMillis,
        "committed " + (committedAt - now) + " ms after submission, before the batching delay");
    // A full block (three here) is proposed at the first tick, without waiting.
    now = committedAt + 1_000;
    for (long t = committedAt + 10; t <= now; t += 10) {
      c.tick(replica, t);
    }
    for (int i = 1; i <= 3; i++) {
      assertTrue(replica.onTransaction(c.registerNew(0, i)).isEmpty());
    }
    assertTrue(c.tick(replica, now + 10).isPresent(), "a full block does not wait");
    assertTrue(replica.head().height() > height);
  }

  private static long genesisPlus(TestConsortium c, long millis) {
    return c.genesis.timestampMillis() + millis;
  }

  @Test
  void timestamps_neverGoBackwards() {
    Parameters d = Parameters.DEFAULTS;
    Parameters oneByOne =
        new Parameters(
            1,
            d.blockBytesMax(),
            d.blockIntervalMillis(),
            d.transactionBytesMax(),
            d.expiryHeightsAheadMax(),
            d.mempoolTransactionsMax(),
            d.mempoolBytesMax(),
            d.mempoolPerSenderMax(),
            d.transactionWorkMax());
    TestConsortium c = new TestConsortium("standard", 2, oneByOne, 6);
    Replica replica = c.replica(new MemoryStore());
    replica.onTransaction(c.registerNew(0, 0));
    long first = c.tick(replica, 900_000).orElseThrow().block().header().timestampMillis();
    replica.onTransaction(c.registerNew(0, 1));
    // The clock stepped back an hour; a block is due by size and carries the parent's time.
    long second =
        c.tick(replica, 900_000 - 3_600_000).orElseThrow().block().header().timestampMillis();
    assertEquals(900_000, first);
    assertEquals(first, second);
  }

  @Test
  void futureNonce_waitsForTheGapToFill() {
    TestConsortium c = new TestConsortium();
    Replica replica = c.replica(new MemoryStore());
    assertTrue(replica.onTransaction(c.registerNew(0, 1)).isEmpty());
    assertTrue(c.tick(replica, 5_000).isEmpty(), "nonce 1 cannot go before nonce 0");
    assertEquals(1, replica.mempoolSize());
    assertTrue(replica.onTransaction(c.registerNew(0, 0)).isEmpty());
    assertEquals(2, c.tick(replica, 10_000).orElseThrow().block().transactions().size());
  }

  @Test
  void restart_continuesFromTheStore() {
    TestConsortium c = new TestConsortium();
    MemoryStore store = new MemoryStore();
    Replica first = c.replica(store);
    first.onTransaction(c.registerNew(0, 0));
    c.tick(first, 5_000);
    Replica second = c.replica(store);
    assertEquals(1, second.head().height());
    assertArrayEquals(first.head().encode(), second.head().encode());
    Optional<Rejection> stale = second.onTransaction(c.registerNew(0, 0));
    assertEquals("STALE_NONCE", stale.orElseThrow().code());
  }

  @Test
  void openWithOtherGenesis_refused() {
    MemoryStore store = new MemoryStore();
    new TestConsortium().replica(store);
    StorageException e =
        assertThrows(
            StorageException.class,
            () -> new TestConsortium("standard", 3, Parameters.DEFAULTS, 99).replica(store));
    assertTrue(e.getMessage().startsWith("store was initialised with genesis"), e.getMessage());
  }

  @Test
  void restart_readsOnlyTheBlocksSinceTheLastStart_notTheWholeChain() {
    TestConsortium c = new TestConsortium();
    MemoryStore store = new MemoryStore();
    Replica first = c.replica(store);
    for (int nonce = 0; nonce < 30; nonce++) {
      first.onTransaction(c.registerNew(0, nonce));
      c.tick(first, 2_000L + nonce * 100);
    }
    long head = first.head().height();
    assertTrue(head >= 30, "height " + head);
    c.replica(store); // writes the epoch hint at this head
    int[] receiptReads = {0};
    io.credence.ledger.store.KeyValueStore counting =
        new io.credence.ledger.store.KeyValueStore() {
          @Override
          public byte[] get(byte[] key) {
            if (key.length == 9 && key[0] == 'R') {
              receiptReads[0]++;
            }
            return store.get(key);
          }

          @Override
          public void write(io.credence.ledger.store.WriteBatch batch) {
            store.write(batch);
          }

          @Override
          public java.util.List<java.util.Map.Entry<byte[], byte[]>> scan(
              byte[] prefix, byte[] from, int limit) {
            return store.scan(prefix, from, limit);
          }

          @Override
          public void close() {}
        };
    Replica again = c.replica(counting);
    assertEquals(head, again.head().height());
    assertTrue(receiptReads[0] <= 2, "receipts read at restart: " + receiptReads[0]);
  }
}
