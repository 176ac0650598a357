package io.credence.execution;

/**
 * The world state as a contract sees it: byte keys to byte values. Writes are buffered by the
 * caller and discarded if the call fails, so a contract never half-applies a change.
 */
public interface ContractState {
  /**
   * The value under {@code key}, or null. The array is the caller's own: the state keeps no
   * reference to it, so the caller may keep it (the registry's decoded-record caches are keyed by
   * it) or change it.
   */
  byte[] get(byte[] key);

  void put(byte[] key, byte[] value);

  void delete(byte[] key);
}
