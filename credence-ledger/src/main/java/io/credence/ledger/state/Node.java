package io.credence.ledger.state;

import io.credence.core.Hash;
import io.credence.core.crypto.CryptoSuite;

/**
 * A node of the state tree. A leaf holds one key and its value and sits at the shallowest depth
 * where its key hash's prefix is unique; an internal node has two children, either of which may be
 * empty ({@link Hash#ZERO}). So the tree's shape, and its root, depend only on the set of entries.
 */
public sealed interface Node permits Node.Leaf, Node.Internal {
  int KEY_BYTES_MAX = 256;
  int VALUE_BYTES_MAX = 65_536;

  byte LEAF_DOMAIN = 0;
  byte INTERNAL_DOMAIN = 1;

  Hash hash(CryptoSuite suite);

  /** A key with its value; its hash commits to H(key) and H(value) only, so proofs stay small. */
  record Leaf(byte[] key, byte[] value) implements Node {
    public Hash keyHash(CryptoSuite suite) {
      return suite.hash(key);
    }

    @Override
    public Hash hash(CryptoSuite suite) {
      return leafHash(suite, keyHash(suite), suite.hash(value));
    }
  }

  /**
   * Two children by hash; {@link Hash#ZERO} marks an empty side. A node holds its children
   * themselves where they sit in its own {@link Page} (a page is stored and read whole), and near
   * the root (see {@link StateTree#LINKED_DEPTH}), so that the next block's reads and update follow
   * references instead of looking nodes up by hash. Those references are a cache: equality and the
   * hash ignore them.
   */
  final class Internal implements Node {
    private final Hash left;
    private final Hash right;
    private final Node leftNode;
    private final Node rightNode;

    public Internal(Hash left, Hash right) {
      this(left, right, null, null);
    }

    /** {@code leftNode} and {@code rightNode}, where given, are the nodes with those hashes. */
    Internal(Hash left, Hash right, Node leftNode, Node rightNode) {
      this.left = java.util.Objects.requireNonNull(left, "left");
      this.right = java.util.Objects.requireNonNull(right, "right");
      this.leftNode = leftNode;
      this.rightNode = rightNode;
    }

    public Hash left() {
      return left;
    }

    public Hash right() {
      return right;
    }

    @Override
    public Hash hash(CryptoSuite suite) {
      return internalHash(suite, left, right);
    }

    Hash child(boolean right) {
      return right ? this.right : left;
    }

    /** The child on that side if this node holds it, else null (read it by its hash). */
    Node held(boolean right) {
      return right ? rightNode : leftNode;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Internal o && left.equals(o.left) && right.equals(o.right);
    }

    @Override
    public int hashCode() {
      return 31 * left.hashCode() + right.hashCode();
    }

    @Override
    public String toString() {
      return "Internal[left=" + left + ", right=" + right + "]";
    }
  }

  static Hash leafHash(CryptoSuite suite, Hash keyHash, Hash valueHash) {
    return suite.hasher().update(LEAF_DOMAIN).update(keyHash).update(valueHash).digest();
  }

  static Hash internalHash(CryptoSuite suite, Hash left, Hash right) {
    return suite.hasher().update(INTERNAL_DOMAIN).update(left).update(right).digest();
  }
}
