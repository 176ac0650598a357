package io.credence.core.crypto;

import io.credence.core.LruCache;
import java.nio.ByteBuffer;
import java.util.function.Predicate;

/**
 * Public keys a suite found valid lately. A key's validity never changes, so a remembered yes is
 * exact; a no is never remembered, so a flood of bad keys holds no memory. The thread that checks a
 * transaction's signature checks its keys too, and execution finds them here.
 */
final class ValidKeys {
  /** About what a node's mempool holds between a transaction's arrival and its execution. */
  static final int CACHED_MAX = 32_768;

  private final LruCache<ByteBuffer, Boolean> valid;

  ValidKeys(Predicate<byte[]> check) {
    this.valid = new LruCache<>(CACHED_MAX, b -> check.test(b.array()) ? Boolean.TRUE : null);
  }

  boolean test(byte[] publicKey) {
    return valid.get(ByteBuffer.wrap(publicKey.clone())) != null;
  }

  /** Keys remembered now. */
  int size() {
    return valid.size();
  }
}
