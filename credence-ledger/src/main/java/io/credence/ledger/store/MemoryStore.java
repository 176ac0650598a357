package io.credence.ledger.store;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * A {@link KeyValueStore} in memory: atomic by construction, durable for the life of the object.
 */
public final class MemoryStore implements KeyValueStore {
  private final TreeMap<byte[], byte[]> entries = new TreeMap<>(Arrays::compareUnsigned);

  @Override
  public synchronized byte[] get(byte[] key) {
    byte[] value = entries.get(key);
    return value == null ? null : value.clone();
  }

  @Override
  public synchronized void write(WriteBatch batch) {
    for (WriteBatch.Put put : batch.puts()) {
      if (put.value() == null) {
        entries.remove(put.key());
      } else {
        entries.put(put.key().clone(), put.value().clone());
      }
    }
  }

  public synchronized int size() {
    return entries.size();
  }

  @Override
  public void close() {}
}
