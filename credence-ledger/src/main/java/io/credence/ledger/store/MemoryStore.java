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

  @Override
  public synchronized java.util.List<java.util.Map.Entry<byte[], byte[]>> scan(
      byte[] prefix, byte[] from, int limit) {
    java.util.List<java.util.Map.Entry<byte[], byte[]>> out = new java.util.ArrayList<>();
    byte[] start = Arrays.compareUnsigned(from, prefix) > 0 ? from : prefix;
    for (var e : entries.tailMap(start, true).entrySet()) {
      if (out.size() >= Math.min(limit, SCAN_ENTRIES_MAX) || !startsWith(e.getKey(), prefix)) {
        break;
      }
      out.add(java.util.Map.entry(e.getKey().clone(), e.getValue().clone()));
    }
    return out;
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  public synchronized int size() {
    return entries.size();
  }

  @Override
  public void close() {}
}
