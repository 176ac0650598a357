package io.credence.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Hash;
import io.credence.ledger.audit.ChainAudit;
import io.credence.ledger.store.BlockStore;
import io.credence.ledger.store.MemoryStore;
import io.credence.ledger.store.WriteBatch;
import io.credence.node.execution.Executor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flipped bytes in a stored header, receipt list or state page are found, at the right height. */
class TamperTest {
  private final TestConsortium c = new TestConsortium();
  private final MemoryStore store = new MemoryStore();

  // The height of the second of three blocks with a transaction (empty blocks commit between them).
  private long target;

  private Replica chainOfThreeBlocks() {
    Replica replica = c.replica(store);
    List<Long> heights = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      replica.onTransaction(c.registerNew(0, i));
      heights.add(c.tick(replica, 10_000L * (i + 1)).orElseThrow().block().height());
    }
    target = heights.get(1);
    return replica;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  private void flip(byte[] key, int offsetFromEnd) {
    byte[] value = store.get(key);
    value[value.length - offsetFromEnd] ^= 0x01;
    store.write(new WriteBatch().put(key, value));
  }

  private ChainAudit.Report audit(ChainAudit.Depth depth) {
    return new ChainAudit(
            new BlockStore(store, c.suite),
            c.genesis,
            new Executor(c.genesis),
            new io.credence.node.bft.ConsensusVotes(c.suite))
        .run(depth, h -> {});
  }

  @Test
  void untouchedChain_passesBothDepths() {
    chainOfThreeBlocks();
    assertTrue(audit(ChainAudit.Depth.INTEGRITY).isOk());
    assertTrue(audit(ChainAudit.Depth.FULL).isOk());
  }

  @Test
  void flippedHeaderByte_reportedAtThatHeight() {
    chainOfThreeBlocks();
    // A byte of the state root, found in the stored header's bytes.
    byte[] header = store.get(BlockStore.headerKey(target));
    byte[] root = new BlockStore(store, c.suite).header(target).stateRoot().bytes();
    int at = indexOf(header, root);
    assertTrue(at > 0);
    flip(BlockStore.headerKey(target), header.length - at - 5);
    for (ChainAudit.Depth depth : ChainAudit.Depth.values()) {
      ChainAudit.Report report = audit(depth);
      assertFalse(report.isOk());
      assertEquals(target, report.badHeight(), report.problem());
    }
  }

  @Test
  void flippedReceiptByte_reportedAtThatHeight() {
    chainOfThreeBlocks();
    flip(BlockStore.receiptsKey(target), 3);
    ChainAudit.Report report = audit(ChainAudit.Depth.INTEGRITY);
    assertEquals(target, report.badHeight(), report.problem());
    assertEquals(target, audit(ChainAudit.Depth.FULL).badHeight());
  }

  @Test
  void flippedStatePageByte_reportedAtTheHeightThatWroteIt() {
    Replica replica = chainOfThreeBlocks();
    List<Hash> written = replica.store().statePagesWritten(target);
    flip(BlockStore.statePageKey(written.get(0)), 1);
    ChainAudit.Report report = audit(ChainAudit.Depth.INTEGRITY);
    assertEquals(target, report.badHeight(), report.problem());
    assertTrue(
        report.problem().contains("state page " + written.get(0).abbreviated()), report.problem());
    assertEquals(target, audit(ChainAudit.Depth.FULL).badHeight());
  }

  @Test
  void forgedSeal_reportedByFullAudit() {
    chainOfThreeBlocks();
    // The last byte of the header is inside the validator's signature.
    flip(BlockStore.headerKey(1), 1);
    assertTrue(
        audit(ChainAudit.Depth.INTEGRITY).isOk(),
        "the seal is not hashed: integrity cannot see it");
    ChainAudit.Report report = audit(ChainAudit.Depth.FULL);
    assertEquals(1, report.badHeight());
    assertTrue(report.problem().contains("seal"), report.problem());
  }
}
