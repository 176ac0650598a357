package io.credence.storage.rocksdb;

import io.credence.ledger.store.KeyValueStore;
import io.credence.ledger.store.StorageException;
import io.credence.ledger.store.WriteBatch;
import java.nio.file.Path;
import org.rocksdb.Env;
import org.rocksdb.Options;
import org.rocksdb.Priority;
import org.rocksdb.RateLimiter;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * The {@link KeyValueStore} on RocksDB. Every batch is one RocksDB write batch with {@code
 * sync=true}: atomic through the write-ahead log and durable when {@link #write} returns. Paranoid
 * checks are on, so RocksDB's own block checksums catch damaged files. Its background flushes and
 * compactions run at the lowest CPU priority.
 */
public final class RocksDbStore implements KeyValueStore {
  static {
    RocksDB.loadLibrary();
    // Flushes (the high pool) and compactions (the low pool) run at the lowest CPU priority (nice
    // 19), for the whole process. On a machine a node shares, they would otherwise take the cores
    // in bursts: four validators write the same blocks, so they flush and compact at the same
    // moments, and commits stalled for 1-3 s each time (network bench, DECISIONS.md). They still
    // run whenever a core is not busy, and a write waits for them only if they fall far behind.
    Env.getDefault()
        .lowerThreadPoolCPUPriority(Priority.HIGH)
        .lowerThreadPoolCPUPriority(Priority.LOW);
  }

  /**
   * Flushes and compactions write at most this much a second (RocksDB's rate limiter; the
   * write-ahead log, which commits wait for, is not limited). Four validators compact the same data
   * at the same moments: unlimited, they wrote 200-290 MB/s together for seconds, and the commits'
   * synced writes waited behind them (network bench, DECISIONS.md). With a limiter, RocksDB also
   * asks the kernel to write a file out every megabyte as it goes ({@code bytes_per_sync}), so no
   * burst of dirty pages builds up for a commit's sync to wait behind.
   */
  public static final long BACKGROUND_WRITE_BYTES_PER_SECOND = 24L << 20;

  private final Path directory;
  private final Options options;
  private final RateLimiter backgroundWrites;
  private final WriteOptions syncWrites;
  private final WriteOptions unsyncedWrites;
  private final RocksDB db;

  private RocksDbStore(Path directory, Options options, RateLimiter backgroundWrites, RocksDB db) {
    this.directory = directory;
    this.options = options;
    this.backgroundWrites = backgroundWrites;
    this.db = db;
    this.syncWrites = new WriteOptions().setSync(true);
    this.unsyncedWrites = new WriteOptions().setSync(false);
  }

  /** Opens (creating if missing) the store in {@code directory}. */
  public static RocksDbStore open(Path directory) {
    // No block compression: most of what a chain stores is hashes and signatures, which do not
    // compress, and Snappy cost CPU on every flush and compaction (measured under the network
    // bench).
    RateLimiter backgroundWrites = new RateLimiter(BACKGROUND_WRITE_BYTES_PER_SECOND);
    Options options =
        new Options()
            .setCreateIfMissing(true)
            .setParanoidChecks(true)
            .setCompressionType(org.rocksdb.CompressionType.NO_COMPRESSION)
            .setRateLimiter(backgroundWrites);
    try {
      return new RocksDbStore(
          directory, options, backgroundWrites, RocksDB.open(options, directory.toString()));
    } catch (RocksDBException e) {
      options.close();
      backgroundWrites.close();
      String message = e.getMessage() == null ? "" : e.getMessage();
      if (message.contains("lock")) {
        throw new StorageException(
            "store " + directory + ": in use by another process (" + message + ")", e);
      }
      throw new StorageException("store " + directory + ": cannot open (" + message + ")", e);
    }
  }

  @Override
  public byte[] get(byte[] key) {
    try {
      return db.get(key);
    } catch (RocksDBException e) {
      throw new StorageException(
          "store " + directory + ": read failed (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public java.util.List<java.util.Map.Entry<byte[], byte[]>> scan(
      byte[] prefix, byte[] from, int limit) {
    java.util.List<java.util.Map.Entry<byte[], byte[]>> out = new java.util.ArrayList<>();
    byte[] start = java.util.Arrays.compareUnsigned(from, prefix) > 0 ? from : prefix;
    try (org.rocksdb.RocksIterator it = db.newIterator()) {
      for (it.seek(start); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (out.size() >= Math.min(limit, SCAN_ENTRIES_MAX)
            || key.length < prefix.length
            || !java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
          break;
        }
        out.add(java.util.Map.entry(key, it.value()));
      }
      it.status();
    } catch (RocksDBException e) {
      throw new StorageException(
          "store " + directory + ": scan failed (" + e.getMessage() + ")", e);
    }
    return out;
  }

  @Override
  public void write(WriteBatch batch) {
    write(batch, syncWrites);
  }

  @Override
  public void writeUnsynced(WriteBatch batch) {
    write(batch, unsyncedWrites);
  }

  private void write(WriteBatch batch, WriteOptions options) {
    try (org.rocksdb.WriteBatch rocks = new org.rocksdb.WriteBatch()) {
      for (WriteBatch.Put put : batch.puts()) {
        if (put.value() == null) {
          rocks.delete(put.key());
        } else {
          rocks.put(put.key(), put.value());
        }
      }
      db.write(options, rocks);
    } catch (RocksDBException e) {
      throw new StorageException(
          "store "
              + directory
              + ": write of "
              + batch.puts().size()
              + " entries failed ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  @Override
  public void close() {
    syncWrites.close();
    unsyncedWrites.close();
    db.close();
    options.close();
    backgroundWrites.close();
  }
}
