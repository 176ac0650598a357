package io.credence.execution;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes held over a parent state until {@link #commit}: a call between contracts runs on one, so a
 * failed inner call leaves nothing behind even if its caller goes on.
 */
final class BufferedState implements ContractState {
  private static final byte[] DELETED = new byte[0];

  private final ContractState parent;
  private final TreeMap<byte[], byte[]> writes = new TreeMap<>(Arrays::compareUnsigned);

  BufferedState(ContractState parent) {
    this.parent = parent;
  }

  @Override
  public byte[] get(byte[] key) {
    byte[] v = writes.get(key);
    if (v == DELETED) {
      return null;
    }
    return v != null ? v.clone() : parent.get(key);
  }

  @Override
  public void put(byte[] key, byte[] value) {
    writes.put(key.clone(), value.clone());
  }

  @Override
  public void delete(byte[] key) {
    writes.put(key.clone(), DELETED);
  }

  void commit() {
    for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
      if (e.getValue() == DELETED) {
        parent.delete(e.getKey());
      } else {
        parent.put(e.getKey(), e.getValue());
      }
    }
    writes.clear();
  }
}
