package io.credence.node.execution;

import java.util.Arrays;

/**
 * A state key as a hash-map key, its hash computed once. A {@code ByteBuffer} key hashed its bytes
 * one virtual read at a time on every lookup: 6% of a node's loop under the network bench, when the
 * remembered committed values took a key they had just read (DECISIONS.md).
 */
final class StateKey {
  private final byte[] bytes;
  private final int hash;

  private StateKey(byte[] bytes, int hash) {
    this.bytes = bytes;
    this.hash = hash;
  }

  /** A key for a lookup: {@code bytes} is not copied, so it must not change while in use. */
  static StateKey of(byte[] bytes) {
    return new StateKey(bytes, Arrays.hashCode(bytes));
  }

  /** The same key over a copy of its bytes, to be kept. */
  StateKey kept() {
    return new StateKey(bytes.clone(), hash);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StateKey k && hash == k.hash && Arrays.equals(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
