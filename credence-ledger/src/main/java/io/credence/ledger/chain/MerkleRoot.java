package io.credence.ledger.chain;

import io.credence.core.Hash;
import io.credence.core.crypto.CryptoSuite;
import java.util.List;

/**
 * The Merkle root of an ordered list, as in RFC 6962 §2.1: leaves hashed with prefix 0, inner nodes
 * with prefix 1, the split at the largest power of two below the size; the empty list hashes to
 * H("").
 */
public final class MerkleRoot {
  private MerkleRoot() {}

  public static Hash of(CryptoSuite suite, List<byte[]> leaves) {
    if (leaves.isEmpty()) {
      return suite.hash(new byte[0]);
    }
    return subtree(suite, leaves, 0, leaves.size());
  }

  private static Hash subtree(CryptoSuite suite, List<byte[]> leaves, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return suite.hasher().update((byte) 0).update(leaves.get(from)).digest();
    }
    int k = Integer.highestOneBit(n - 1);
    Hash left = subtree(suite, leaves, from, from + k);
    Hash right = subtree(suite, leaves, from + k, to);
    return suite.hasher().update((byte) 1).update(left.bytes()).update(right.bytes()).digest();
  }
}
