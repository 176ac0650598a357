package io.credence.execution;

import java.util.Arrays;
import java.util.TreeMap;

/** A plain in-memory {@link ContractState} for contract tests. */
public final class MapState implements ContractState {
  private final TreeMap<byte[], byte[]> entries = new TreeMap<>(Arrays::compareUnsigned);

  /** An independent copy: changing either leaves the other as it was. */
  public MapState copy() {
    MapState out = new MapState();
    // Keys are never handed out; values are (get returns the stored array), so clone them.
    entries.forEach((k, v) -> out.entries.put(k, v.clone()));
    return out;
  }

  @Override
  public byte[] get(byte[] key) {
    byte[] value = entries.get(key);
    return value == null ? null : value.clone();
  }

  @Override
  public void put(byte[] key, byte[] value) {
    entries.put(key.clone(), value.clone());
  }

  @Override
  public void delete(byte[] key) {
    entries.remove(key);
  }

  /** A copy of every entry, as hex key to hex value: compare two to show nothing changed. */
  public java.util.Map<String, String> snapshot() {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    entries.forEach((k, v) -> out.put(io.credence.core.Hex.of(k), io.credence.core.Hex.of(v)));
    return out;
  }

  /** The entries whose key starts with {@code prefix} (ASCII), in key order; copies. */
  public java.util.List<java.util.Map.Entry<byte[], byte[]>> withPrefix(String prefix) {
    byte[] p = prefix.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    java.util.List<java.util.Map.Entry<byte[], byte[]>> out = new java.util.ArrayList<>();
    for (var e : entries.tailMap(p, true).entrySet()) {
      if (e.getKey().length < p.length || !Arrays.equals(e.getKey(), 0, p.length, p, 0, p.length)) {
        break;
      }
      out.add(java.util.Map.entry(e.getKey().clone(), e.getValue().clone()));
    }
    return out;
  }
}
