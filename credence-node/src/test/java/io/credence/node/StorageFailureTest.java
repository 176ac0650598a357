package io.credence.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Check;
import io.credence.ledger.audit.ChainAudit;
import io.credence.ledger.store.KeyValueStore;
import io.credence.ledger.store.MemoryStore;
import io.credence.ledger.store.StorageException;
import io.credence.ledger.store.WriteBatch;
import io.credence.node.execution.Executor;
import org.junit.jupiter.api.Test;

/** A store that fails in the middle of a block write leaves the chain at the previous height. */
class StorageFailureTest {
  /** Fails the n-th batch: the disk gave out while the block was being written. */
  static final class FailingStore implements KeyValueStore {
    final MemoryStore inner;
    int writesBeforeFailure;

    FailingStore(MemoryStore inner, int writesBeforeFailure) {
      this.inner = inner;
      this.writesBeforeFailure = writesBeforeFailure;
    }

    @Override
    public byte[] get(byte[] key) {
      return inner.get(key);
    }

    @Override
    public void write(WriteBatch batch) {
      if (writesBeforeFailure-- <= 0) {
        throw new StorageException("simulated I/O error: no space left on device");
      }
      inner.write(batch);
    }

    @Override
    public void close() {}
  }

  @Test
  void failedBlockWrite_haltsReplica_andStoreStaysAtPreviousHeight() {
    TestConsortium c = new TestConsortium();
    MemoryStore disk = new MemoryStore();
    // Genesis and block 1 are written; the write of block 2 fails.
    Replica replica = c.replica(new FailingStore(disk, 2));
    replica.onTransaction(c.registerNew(0, 0));
    assertEquals(1, replica.onTick(5_000).orElseThrow().block().height());
    replica.onTransaction(c.registerNew(0, 1));
    StorageException e = assertThrows(StorageException.class, () -> replica.onTick(10_000));
    assertTrue(
        e.getMessage().startsWith("storage failed while committing block 2"), e.getMessage());
    assertTrue(replica.isHalted());
    assertEquals(
        1, replica.head().height(), "the in-memory head did not move past the durable one");
    assertThrows(Check.InvariantViolation.class, () -> replica.onTransaction(c.registerNew(0, 2)));

    Replica restarted = c.replica(disk);
    assertEquals(1, restarted.head().height());
    ChainAudit.Report report =
        new ChainAudit(restarted.store(), c.genesis, new Executor(c.genesis))
            .run(ChainAudit.Depth.FULL, h -> {});
    assertTrue(report.isOk(), report.problem());
    // The transaction that was in the lost block can be submitted again.
    assertTrue(restarted.onTransaction(c.registerNew(0, 1)).isEmpty());
  }
}
