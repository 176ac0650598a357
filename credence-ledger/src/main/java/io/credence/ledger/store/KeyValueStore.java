package io.credence.ledger.store;

/**
 * The storage port: an ordered byte-keyed store whose batches are atomic and durable.
 * Implementations: RocksDB for nodes, memory for tests and the simulator. A failure is a {@link
 * StorageException}, after which the caller must stop: it never continues on a state it could not
 * persist.
 */
public interface KeyValueStore extends AutoCloseable {
  /** The value under {@code key}, or null. */
  byte[] get(byte[] key);

  /** Applies every put of the batch or none, and returns only once the batch is durable. */
  void write(WriteBatch batch);

  @Override
  void close();
}
