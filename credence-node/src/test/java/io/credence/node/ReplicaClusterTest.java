package io.credence.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Hash;
import io.credence.core.genesis.Parameters;
import io.credence.execution.identity.IdentityRegistry;
import io.credence.ledger.audit.ChainAudit;
import io.credence.ledger.chain.Block;
import io.credence.ledger.chain.CommitSeal;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.store.BlockStore;
import io.credence.node.bft.ConsensusVotes;
import io.credence.node.execution.Executor;
import io.credence.node.message.NodeMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Four validators, each the one replica, agree over an in-memory network: transactions submitted at
 * one node reach every proposer by gossip; a validator that was down for hundreds of rounds, or
 * lost its disk, catches up from its peers' stores and votes again; every ledger passes the full
 * audit and holds the same headers.
 */
class ReplicaClusterTest {
  private final TestConsortium c = new TestConsortium("standard", 4, 4, Parameters.DEFAULTS, 21);

  private List<Transaction> workload(int from, int count) {
    List<Transaction> out = new ArrayList<>();
    for (int nonce = from; nonce < from + count; nonce++) {
      for (int admin = 0; admin < 4; admin++) {
        out.add(c.registerNew(admin, nonce));
      }
    }
    return out;
  }

  private static void assertSameLedgers(LoopbackCluster cluster, TestConsortium c) {
    long lowest = Long.MAX_VALUE;
    for (Replica r : cluster.replicas) {
      lowest = Math.min(lowest, r.head().height());
    }
    for (long h = 0; h <= lowest; h++) {
      Hash first = cluster.replicas.get(0).store().header(h).hash(c.suite);
      for (Replica r : cluster.replicas) {
        assertEquals(first, r.store().header(h).hash(c.suite), "height " + h);
      }
    }
    for (Replica r : cluster.replicas) {
      ChainAudit.Report report =
          new ChainAudit(r.store(), c.genesis, new Executor(c.genesis), new ConsensusVotes(c.suite))
              .run(ChainAudit.Depth.FULL, h -> {});
      assertTrue(report.isOk(), report.problem());
    }
  }

  private static int registered(Replica r, TestConsortium c, List<Transaction> txs) {
    int accounts = 0;
    for (Transaction tx : txs) {
      @SuppressWarnings("unchecked")
      var plain =
          (java.util.Map<String, Object>)
              io.credence.execution.Runtime.decodeArguments(tx.call()).orElseThrow();
      var address =
          c.suite.address(io.credence.core.Hex.parse("k", (String) plain.get("publicKey")));
      accounts += IdentityRegistry.account(r.committedState(), address).isPresent() ? 1 : 0;
    }
    return accounts;
  }

  @Test
  void transactionsAtOneNode_reachEveryLedger_byGossip() {
    LoopbackCluster cluster = new LoopbackCluster(c);
    List<Transaction> txs = workload(0, 10);
    for (int i = 0; i < txs.size(); i++) {
      // Each submitted at one node only, in turn.
      assertTrue(cluster.replicas.get(i % 4).onTransaction(txs.get(i), false).isEmpty());
    }
    cluster.run(500);
    for (Replica r : cluster.replicas) {
      assertEquals(txs.size(), registered(r, c, txs), "every transaction committed everywhere");
      assertEquals(0, r.mempoolSize());
    }
    assertSameLedgers(cluster, c);
  }

  @Test
  void validatorDownForHundredsOfRounds_catchesUp_andVotesAgain() {
    LoopbackCluster cluster = new LoopbackCluster(c);
    cluster.run(200);
    cluster.stop(3);
    long roundAtStop = cluster.replicas.get(0).round();
    // Over three minutes without it: hundreds of rounds, far beyond the round window of 32.
    cluster.run(20_000);
    long others = cluster.height(0);
    assertTrue(
        cluster.replicas.get(0).round() - roundAtStop > 100,
        "rounds passed: " + (cluster.replicas.get(0).round() - roundAtStop));
    cluster.start(3);
    cluster.run(1_000);
    assertTrue(cluster.height(3) >= others, "caught up: " + cluster.height(3) + " of " + others);
    long votesBefore = cluster.replicas.get(3).consensusStats().votesSent;
    List<Transaction> txs = workload(0, 3);
    txs.forEach(tx -> cluster.replicas.get(3).onTransaction(tx, false));
    cluster.run(500);
    assertTrue(cluster.replicas.get(3).consensusStats().votesSent > votesBefore, "votes again");
    assertEquals(txs.size(), registered(cluster.replicas.get(3), c, txs));
    assertSameLedgers(cluster, c);
  }

  @Test
  void restartedValidator_readsTheChainsRecentBlocksBackFromItsLedger() {
    // Leader reputation draws from the last 2n blocks of the chain: a validator that restarts must
    // see them as its peers do, or it names other leaders. They come back from its ledger alone.
    LoopbackCluster cluster = new LoopbackCluster(c);
    cluster.run(1_000);
    cluster.stop(3);
    cluster.start(3);
    var store = new io.credence.ledger.store.BlockStore(cluster.disks.get(3), c.suite);
    long head = cluster.height(3);
    assertTrue(head > 10, "height " + head);
    var execution = cluster.replicas.get(3).execution();
    for (long h = head; h > head - 2 * 4 - 1; h--) {
      var block =
          io.credence.node.bft.LedgerExecution.consensusBlock(c.suite, store.block(h))
              .orElseThrow();
      var committed = execution.committed(block.id(c.suite));
      assertTrue(
          committed.isPresent(), "block " + h + " of " + head + " is not known to consensus");
      assertEquals(block.id(c.suite), committed.get().block().id(c.suite));
    }
  }

  @Test
  void committedBlocksKeptForPeers_boundedInBytes_butNeverBelowTheLeaderWindow() {
    LoopbackCluster cluster = new LoopbackCluster(c);
    var execution = cluster.replicas.get(0).execution();
    execution.committedServedBytesMax(2_000);
    var store = new io.credence.ledger.store.BlockStore(cluster.disks.get(0), c.suite);
    List<Transaction> txs = workload(0, 40);
    for (int i = 0; i < txs.size(); i += 4) {
      txs.subList(i, i + 4).forEach(tx -> cluster.replicas.get(0).onTransaction(tx, false));
      cluster.run(40);
    }
    cluster.run(200);
    assertEquals(txs.size(), registered(cluster.replicas.get(0), c, txs));
    var served = execution.committedServed();
    int window = 2 * 4 + 2;
    assertTrue(
        served.bytes() <= 2_000 || served.blocks() == window,
        "kept " + served + ": over the 2,000 bytes with more blocks than the window of " + window);
    assertTrue(served.blocks() >= window, "kept " + served + ", fewer than the window " + window);
    // The oldest blocks with transactions are forgotten here, still known to a peer with the
    // default bound, and the newest are known to both.
    long first = 1;
    while (store.transactions(first).isEmpty()) {
      first++;
    }
    Hash firstId =
        io.credence.node.bft.LedgerExecution.consensusBlock(c.suite, store.block(first))
            .orElseThrow()
            .id(c.suite);
    assertTrue(execution.committed(firstId).isEmpty(), "block " + first + " still kept");
    assertTrue(cluster.replicas.get(1).execution().committed(firstId).isPresent());
    long head = cluster.height(0);
    Hash headId =
        io.credence.node.bft.LedgerExecution.consensusBlock(c.suite, store.block(head))
            .orElseThrow()
            .id(c.suite);
    assertTrue(execution.committed(headId).isPresent(), "head " + head + " forgotten");
  }

  @Test
  void validatorWithWipedDisk_syncsFromPeers() {
    LoopbackCluster cluster = new LoopbackCluster(c);
    List<Transaction> txs = workload(0, 5);
    txs.forEach(tx -> cluster.replicas.get(0).onTransaction(tx, false));
    cluster.run(1_000);
    cluster.stop(2);
    cluster.wipe(2);
    cluster.start(2);
    assertEquals(0, cluster.height(2));
    cluster.run(1_000);
    assertTrue(cluster.height(2) >= cluster.height(0) - 2, "synced to " + cluster.height(2));
    assertEquals(txs.size(), registered(cluster.replicas.get(2), c, txs));
    assertTrue(cluster.replicas.get(2).stats().blocksCaughtUp > 0);
    assertSameLedgers(cluster, c);
  }

  @Test
  void storedBlocks_areServedFromTheStore_notOnlyFromACache() {
    LoopbackCluster cluster = new LoopbackCluster(c);
    cluster.run(100);
    cluster.stop(1);
    cluster.run(3_000);
    // Restart the three: their in-memory caches are gone; only their stores can serve.
    for (int i : new int[] {0, 2, 3}) {
      cluster.stop(i);
      cluster.start(i);
    }
    cluster.start(1);
    cluster.run(1_000);
    assertTrue(cluster.height(1) >= cluster.height(0) - 2, "caught up: " + cluster.height(1));
    BlockStore store = cluster.replicas.get(1).store();
    assertTrue(store.head().getAsLong() > 10, "height " + store.head().getAsLong());
    assertSameLedgers(cluster, c);
  }

  /** A lagging replica, validator 3, after the others committed for a while without it. */
  private LoopbackCluster lagging() {
    LoopbackCluster cluster = new LoopbackCluster(c);
    cluster.run(100);
    cluster.stop(3);
    workload(0, 3).forEach(tx -> cluster.replicas.get(0).onTransaction(tx, false));
    cluster.run(3_000);
    return cluster;
  }

  @Test
  void catchUp_fromAPeerServingForgedBlocks_avoidsIt_andCatchesUpFromTheOthers() {
    LoopbackCluster cluster = lagging();
    // Validator 0 claims to be ahead (so that it is asked) and answers catch-up requests with
    // blocks whose seals it forged: the same signers, signatures of other bytes.
    cluster.byzantine(
        0,
        m -> {
          if (m instanceof NodeMessage.Status s) {
            return new NodeMessage.Status(s.height() + 5);
          }
          if (!(m instanceof NodeMessage.BlocksResponse r)) {
            return m;
          }
          List<Block> forged = new ArrayList<>();
          for (Block b : r.blocks()) {
            var seal = b.header().seal();
            List<CommitSeal.Signature> signatures = new ArrayList<>();
            for (CommitSeal.Signature s : seal.signatures()) {
              byte[] bad = s.signature().clone();
              bad[0] ^= 1;
              signatures.add(new CommitSeal.Signature(s.validator(), bad));
            }
            forged.add(
                new Block(
                    b.header()
                        .withSeal(
                            new CommitSeal(
                                seal.kind(), seal.epoch(), seal.round(), seal.proof(), signatures)),
                    b.transactions()));
          }
          return new NodeMessage.BlocksResponse(r.fromHeight(), forged);
        });
    cluster.start(3);
    cluster.run(1_500);
    Replica lagger = cluster.replicas.get(3);
    assertTrue(
        lagger.stats().dropped.getOrDefault("catch_up_bad_block", 0L) > 0,
        "the forger was caught: " + lagger.stats().dropped);
    assertTrue(lagger.head().height() >= cluster.height(1) - 2, "caught up from the others");
    assertSameLedgers(cluster, c);
  }

  @Test
  void catchUp_fromAPeerThatClaimsAHeightAndWithholds_avoidsIt() {
    LoopbackCluster cluster = lagging();
    // Validator 0 claims to be far ahead and never answers a catch-up request.
    cluster.byzantine(
        0,
        m -> {
          if (m instanceof NodeMessage.Status s) {
            return new NodeMessage.Status(s.height() + 1_000_000);
          }
          return m instanceof NodeMessage.BlocksResponse ? null : m;
        });
    cluster.start(3);
    cluster.run(2_000);
    Replica lagger = cluster.replicas.get(3);
    assertTrue(
        lagger.stats().dropped.getOrDefault("catch_up_timeout", 0L) > 0,
        "the withholder timed out: " + lagger.stats().dropped);
    assertTrue(lagger.head().height() >= cluster.height(1) - 2, "caught up from the others");
    assertSameLedgers(cluster, c);
  }

  @Test
  void transactionsAboutToExpire_eitherCommitOrGetAFinalReason_neverNeither() {
    LoopbackCluster cluster = new LoopbackCluster(c);
    cluster.run(300);
    Replica entry = cluster.replicas.get(1);
    List<Transaction> tight = new ArrayList<>();
    for (int nonce = 0; nonce < 6; nonce++) {
      // Each expires at the very next height: the pipeline may well not include it in time.
      Transaction tx =
          c.sign(
              c.admins.get(nonce % 4),
              nonce / 4,
              entry.head().height() + 1,
              TestConsortium.register(c.newKey(), "VIEWER"));
      if (entry.onTransaction(tx, false).isEmpty()) {
        tight.add(tx);
      }
    }
    assertTrue(!tight.isEmpty());
    cluster.run(500);
    int committed = 0;
    int dropped = 0;
    for (Transaction tx : tight) {
      Hash hash = tx.hash(c.suite);
      boolean isCommitted = entry.store().locate(hash).isPresent();
      var reason = entry.droppedReason(hash);
      assertTrue(
          isCommitted || reason.isPresent(),
          "transaction " + hash.abbreviated() + ": neither committed nor given a final reason");
      assertTrue(!isCommitted || reason.isEmpty(), "both committed and dropped");
      reason.ifPresent(
          r ->
              assertTrue(
                  r.code().equals("EXPIRED") || r.code().equals("STALE_NONCE"), r.toString()));
      committed += isCommitted ? 1 : 0;
      dropped += reason.isPresent() ? 1 : 0;
      assertTrue(!entry.isWaiting(hash));
    }
    assertEquals(tight.size(), committed + dropped);
  }

  @Test
  void observer_followsAndVerifiesTheChain_servesItsState_neverVotes() {
    TestConsortium withObserver = new TestConsortium("standard", 4, 4, 1, Parameters.DEFAULTS, 22);
    LoopbackCluster cluster = new LoopbackCluster(withObserver);
    Replica observer = cluster.replicas.get(4);
    assertTrue(!observer.isValidator());
    List<Transaction> txs = new ArrayList<>();
    for (int admin = 0; admin < 4; admin++) {
      txs.add(withObserver.registerNew(admin, 0));
    }
    // A transaction submitted at the observer reaches the validators by gossip.
    txs.forEach(tx -> assertTrue(observer.onTransaction(tx, false).isEmpty()));
    cluster.run(1_000);
    assertTrue(observer.head().height() >= cluster.height(0) - 2, "follows: " + observer.head());
    assertEquals(txs.size(), registered(observer, withObserver, txs));
    assertEquals(0, observer.consensusStats().votesSent, "an observer never votes");
    assertEquals(0, observer.consensusStats().proposalsSent);
    assertEquals(0, observer.consensusStats().timeoutsSent);
    assertSameLedgers(cluster, withObserver);
  }
}
