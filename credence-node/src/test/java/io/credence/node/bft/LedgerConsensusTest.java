package io.credence.node.bft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.consensus.Consensus;
import io.credence.consensus.ConsensusStorage;
import io.credence.consensus.LeaderElection;
import io.credence.consensus.SafetyData;
import io.credence.consensus.ValidatorSet;
import io.credence.consensus.message.Message;
import io.credence.consensus.message.QuorumCert;
import io.credence.core.Hash;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.Parameters;
import io.credence.execution.identity.IdentityRegistry;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.state.StateTree;
import io.credence.ledger.store.BlockStore;
import io.credence.ledger.store.MemoryStore;
import io.credence.node.Replica;
import io.credence.node.TestConsortium;
import io.credence.node.execution.Executor;
import io.credence.node.execution.StateOverlay;
import io.credence.node.mempool.Mempool;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Four validators run BFT consensus over the real ledger in one process: leaders build blocks of
 * signed registry transactions from their mempools, every replica re-executes each proposal to the
 * same header before voting, and committed blocks land in each validator's block store. At the end
 * the four ledgers hold identical headers at every height, the same accounts, and pass the
 * integrity audit.
 */
class LedgerConsensusTest {
  /** One validator: its ledger, mempool and consensus replica. */
  private static final class Validator {
    final MemoryStore kv = new MemoryStore();
    BlockStore store;
    Mempool mempool;
    Consensus consensus;
    SafetyData safety;
    final Map<Hash, io.credence.consensus.message.Block> stored = new HashMap<>();
  }

  private record Delivery(long at, byte[] from, byte[] to, Message message) {}

  @Test
  void fourValidators_commitIdenticalLedgers_withEveryTransaction() {
    TestConsortium c = new TestConsortium("standard", 4, 4, Parameters.DEFAULTS, 21);
    Genesis genesis = c.genesis;
    List<byte[]> keys = new ArrayList<>();
    c.validators.forEach(v -> keys.add(v.publicKey()));
    Map<ByteBuffer, Validator> byKey = new HashMap<>();
    ArrayDeque<Delivery> network = new ArrayDeque<>();
    long[] tick = {0};

    List<Validator> validators = new ArrayList<>();
    for (KeyPair key : c.validators) {
      Validator v = new Validator();
      v.store = new BlockStore(v.kv, c.suite);
      v.store.initialise(genesis, Replica.genesisBlock(genesis, new Executor(genesis)));
      v.mempool = new Mempool(genesis);
      BlockHeader block0 = v.store.header(0);
      Hash startId = block0.hash(c.suite);
      io.credence.consensus.message.Block root =
          new io.credence.consensus.message.Block(
              1, 0, QuorumCert.genesis(1, startId), 0, new byte[0], startId);
      ConsensusStorage storage =
          new ConsensusStorage() {
            @Override
            public SafetyData load() {
              return v.safety;
            }

            @Override
            public void store(SafetyData data) {
              v.safety = data;
            }

            @Override
            public void storeBlock(Hash id, io.credence.consensus.message.Block block) {
              v.stored.put(id, block);
            }

            @Override
            public Map<Hash, io.credence.consensus.message.Block> blocks() {
              return new HashMap<>(v.stored);
            }

            @Override
            public void retainBlocks(Set<Hash> keep) {
              v.stored.keySet().retainAll(keep);
            }
          };
      v.consensus =
          new Consensus(
              new ValidatorSet(1, keys, c.suite),
              c.suite.signer(key.privateKey(), null),
              set -> LeaderElection.roundRobin(set.size()),
              storage,
              new LedgerExecution(
                  genesis, v.store, v.mempool, key.publicKey(), () -> 1_000 + tick[0] * 10),
              (to, m) -> network.add(new Delivery(tick[0] + 1, key.publicKey(), to, m)),
              Consensus.Config.DEFAULTS,
              startId,
              root,
              startId,
              QuorumCert.genesis(1, startId));
      byKey.put(ByteBuffer.wrap(key.publicKey()), v);
      validators.add(v);
    }

    // The workload: each organisation's admin registers accounts; every validator's mempool gets
    // each.
    List<Transaction> workload = new ArrayList<>();
    for (int nonce = 0; nonce < 10; nonce++) {
      for (int admin = 0; admin < 4; admin++) {
        workload.add(c.registerNew(admin, nonce));
      }
    }
    for (Validator v : validators) {
      for (Transaction tx : workload) {
        BlockHeader head = v.store.header(v.store.head().getAsLong());
        StateOverlay state = StateOverlay.over(new StateTree(c.suite, v.store), head.stateRoot());
        assertTrue(v.mempool.admit(tx, state, head.height(), false).isEmpty());
      }
      v.consensus.start(0);
    }

    for (tick[0] = 1; tick[0] <= 2_000; tick[0]++) {
      while (!network.isEmpty() && network.peek().at() <= tick[0]) {
        Delivery d = network.poll();
        byKey.get(ByteBuffer.wrap(d.to())).consensus.onMessage(d.from(), d.message(), tick[0]);
      }
      for (Validator v : validators) {
        v.consensus.onTick(tick[0]);
      }
    }

    long lowest = Long.MAX_VALUE;
    for (Validator v : validators) {
      lowest = Math.min(lowest, v.store.head().getAsLong());
      assertEquals(0, v.mempool.size(), "every transaction committed and pruned");
    }
    assertTrue(lowest >= 5, "committed height " + lowest);
    for (long h = 0; h <= lowest; h++) {
      Hash first = validators.get(0).store.header(h).hash(c.suite);
      for (Validator v : validators) {
        assertEquals(first, v.store.header(h).hash(c.suite), "height " + h);
      }
    }
    for (Validator v : validators) {
      // Every stored hash link, root and state node checks out. (Certificates of BFT blocks are
      // signed vote data, which the audit learns to check with the node integration.)
      var report =
          new io.credence.ledger.audit.ChainAudit(v.store, genesis, new Executor(genesis))
              .run(io.credence.ledger.audit.ChainAudit.Depth.INTEGRITY, h -> {});
      assertTrue(report.isOk(), report.problem());
      BlockHeader head = v.store.header(v.store.head().getAsLong());
      StateOverlay state = StateOverlay.over(new StateTree(c.suite, v.store), head.stateRoot());
      int accounts = 0;
      for (Transaction tx : workload) {
        var address =
            c.suite.address(io.credence.core.Hex.parse("k", tx.call().args().get("publicKey")));
        accounts += IdentityRegistry.account(state, address).isPresent() ? 1 : 0;
      }
      assertEquals(workload.size(), accounts);
    }

    // A certificate moved to another round no longer matches what the quorum signed.
    Validator first = validators.get(0);
    BlockHeader h2 = first.store.header(2);
    var cert = h2.certificate();
    BlockHeader forged =
        h2.withCertificate(
            new io.credence.ledger.chain.Certificate(
                cert.kind(), cert.epoch(), cert.round() + 1, cert.proof(), cert.signatures()));
    first.kv.write(
        new io.credence.ledger.store.WriteBatch().put(BlockStore.headerKey(2), forged.encode()));
    var report =
        new io.credence.ledger.audit.ChainAudit(
                first.store, genesis, new Executor(genesis), new ConsensusVotes(c.suite))
            .run(io.credence.ledger.audit.ChainAudit.Depth.FULL, h -> {});
    assertEquals(2, report.badHeight(), report.problem());
    assertTrue(report.problem().contains("certificate"), report.problem());
  }
}
