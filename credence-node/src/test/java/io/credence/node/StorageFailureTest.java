package io.credence.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Check;
import io.credence.ledger.audit.ChainAudit;
import io.credence.ledger.store.BlockStore;
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
    boolean failing;

    FailingStore(MemoryStore inner) {
      this.inner = inner;
    }

    @Override
    public byte[] get(byte[] key) {
      return inner.get(key);
    }

    @Override
    public java.util.List<java.util.Map.Entry<byte[], byte[]>> scan(
        byte[] prefix, byte[] from, int limit) {
      return inner.scan(prefix, from, limit);
    }

    @Override
    public void write(WriteBatch batch) {
      if (failing) {
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
    // Block 1 is written; then the disk fails, before the next block can be.
    FailingStore failing = new FailingStore(disk);
    Replica replica = c.replica(failing);
    replica.onTransaction(c.registerNew(0, 0));
    assertEquals(1, c.tick(replica, 5_000).orElseThrow().block().height());
    long durable = new BlockStore(disk, c.suite).head().getAsLong();
    failing.failing = true;
    replica.onTransaction(c.registerNew(0, 1));
    StorageException e = assertThrows(StorageException.class, () -> c.tick(replica, 10_000));
    assertTrue(e.getMessage().startsWith("storage failed at height "), e.getMessage());
    assertTrue(e.getMessage().contains("no space left on device"), e.getMessage());
    assertTrue(replica.isHalted());
    assertEquals(
        durable, replica.head().height(), "the in-memory head did not move past the durable one");
    assertThrows(Check.InvariantViolation.class, () -> replica.onTransaction(c.registerNew(0, 2)));

    Replica restarted = c.replica(disk);
    assertEquals(durable, restarted.head().height());
    ChainAudit.Report report =
        new ChainAudit(
                restarted.store(),
                c.genesis,
                new Executor(c.genesis),
                new io.credence.node.bft.ConsensusVotes(c.suite))
            .run(ChainAudit.Depth.FULL, h -> {});
    assertTrue(report.isOk(), report.problem());
    // The transaction that was in the lost block can be submitted again.
    assertTrue(restarted.onTransaction(c.registerNew(0, 1)).isEmpty());
  }
}
