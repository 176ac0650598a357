package io.credence.storage.rocksdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.credence.ledger.store.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synced and unsynced batches: both atomic, both read back, both kept across a clean reopen. */
class RocksDbStoreTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void syncedAndUnsyncedBatches_areReadBack_andSurviveReopen() {
    try (RocksDbStore store = RocksDbStore.open(dir)) {
      store.write(new WriteBatch().put(b("a"), b("1")).put(b("b"), b("2")));
      store.writeUnsynced(new WriteBatch().put(b("c"), b("3")).delete(b("a")));
      assertNull(store.get(b("a")));
      assertArrayEquals(b("3"), store.get(b("c")));
    }
    try (RocksDbStore store = RocksDbStore.open(dir)) {
      assertNull(store.get(b("a")));
      assertArrayEquals(b("2"), store.get(b("b")));
      assertArrayEquals(b("3"), store.get(b("c")));
    }
  }
}
