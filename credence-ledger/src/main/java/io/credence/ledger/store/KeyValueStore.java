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

  /** Entries read at most by one {@link #scan}. */
  int SCAN_ENTRIES_MAX = 10_000;

  /**
   * At most {@code limit} (up to {@link #SCAN_ENTRIES_MAX}) entries whose keys start with {@code
   * prefix} and are at or after {@code from}, in key order (unsigned bytes).
   */
  java.util.List<java.util.Map.Entry<byte[], byte[]>> scan(byte[] prefix, byte[] from, int limit);

  /** Applies every put of the batch or none, and returns only once the batch is durable. */
  void write(WriteBatch batch);

  /**
   * Applies every put of the batch or none, without waiting for it to be durable: for what can be
   * rebuilt from durable data (an index), so that a crash may lose the last such batches but never
   * half of one. A later durable write makes it durable too.
   */
  default void writeUnsynced(WriteBatch batch) {
    write(batch);
  }

  @Override
  void close();
}
