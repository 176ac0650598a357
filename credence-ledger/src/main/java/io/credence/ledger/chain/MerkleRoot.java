package io.credence.ledger.chain;

import io.credence.core.Hash;
import io.credence.core.crypto.CryptoSuite;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The Merkle root of an ordered list, as in RFC 6962 §2.1: leaves hashed with prefix 0, inner nodes
 * with prefix 1, the split at the largest power of two below the size; the empty list hashes to
 * H(""). A node without a sibling is carried up unchanged, never paired with itself, so no two
 * lists share a root by duplicating their last element (Bitcoin's CVE-2012-2459).
 */
public final class MerkleRoot {
  private static final byte LEAF_PREFIX = 0;
  private static final byte NODE_PREFIX = 1;

  private MerkleRoot() {}

  public static Hash of(CryptoSuite suite, List<byte[]> leaves) {
    if (leaves.isEmpty()) {
      return suite.hash(new byte[0]);
    }
    return subtree(suite, leaves, 0, leaves.size());
  }

  /** RFC 6962 §2.1: the hash of one leaf, H(0 || leaf). */
  static Hash leafHash(CryptoSuite suite, byte[] leaf) {
    return suite.hasher().update(LEAF_PREFIX).update(leaf).digest();
  }

  /** RFC 6962 §2.1: the hash of an inner node, H(1 || left || right). */
  static Hash nodeHash(CryptoSuite suite, Hash left, Hash right) {
    return suite.hasher().update(NODE_PREFIX).update(left).update(right).digest();
  }

  /**
   * RFC 6962 §2.1.1: the audit path of leaf {@code index}, the sibling of each node from the leaf
   * up to the root's children (nearest the leaf first). The siblings' subtrees are hashed once
   * each, so a path costs about as many hashes as the root.
   */
  static List<Hash> path(CryptoSuite suite, List<byte[]> leaves, int index) {
    List<Hash> rootFirst = new ArrayList<>();
    int from = 0;
    int to = leaves.size();
    while (to - from > 1) {
      int k = Integer.highestOneBit(to - from - 1);
      if (index < from + k) {
        rootFirst.add(subtree(suite, leaves, from + k, to));
        to = from + k;
      } else {
        rootFirst.add(subtree(suite, leaves, from, from + k));
        from = from + k;
      }
    }
    Collections.reverse(rootFirst);
    return rootFirst;
  }

  private static Hash subtree(CryptoSuite suite, List<byte[]> leaves, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return leafHash(suite, leaves.get(from));
    }
    int k = Integer.highestOneBit(n - 1);
    Hash left = subtree(suite, leaves, from, from + k);
    Hash right = subtree(suite, leaves, from + k, to);
    return nodeHash(suite, left, right);
  }
}
