package io.credence.execution;

import java.util.Arrays;
import java.util.TreeMap;

/** A plain in-memory {@link ContractState} for contract tests. */
public final class MapState implements ContractState {
  private final TreeMap<byte[], byte[]> entries = new TreeMap<>(Arrays::compareUnsigned);

  @Override
  public byte[] get(byte[] key) {
    return entries.get(key);
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
}
