package io.credence.ledger.state;

import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
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
   * Two children by hash; {@link Hash#ZERO} marks an empty side. A node that an update builds near
   * the root also holds its children themselves (see {@link StateTree#LINKED_DEPTH}), so that the
   * next block's reads and update follow references instead of looking nodes up by hash. Those
   * references are a cache: equality, the hash and the encoding ignore them.
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

  Codec<Node> CODEC =
      new Codec<>() {
        /**
         * An internal node, most of those a block writes, straight into its exact size: the same
         * bytes as {@link #write}, without a growing buffer and its copy. A leaf into a buffer
         * already large enough.
         */
        @Override
        public byte[] encode(Node node) {
          if (node instanceof Internal internal) {
            byte[] out = new byte[2 + 2 * Hash.LENGTH];
            out[0] = (byte) version();
            out[1] = INTERNAL_DOMAIN;
            internal.left().copyTo(out, 2);
            internal.right().copyTo(out, 2 + Hash.LENGTH);
            return out;
          }
          Leaf leaf = (Leaf) node;
          // Version and tag, then key and value, each after a varint length of at most 10 bytes.
          Writer w = new Writer(2 + 2 * 10 + leaf.key().length + leaf.value().length);
          w.u8(version());
          write(w, leaf);
          return w.toByteArray();
        }

        @Override
        public void write(Writer w, Node node) {
          if (node instanceof Leaf leaf) {
            w.u8(LEAF_DOMAIN).bytes(leaf.key()).bytes(leaf.value());
          } else {
            Internal internal = (Internal) node;
            w.u8(INTERNAL_DOMAIN);
            internal.left().write(w);
            internal.right().write(w);
          }
        }

        @Override
        public Node read(Reader r) {
          int tag = r.u8();
          return switch (tag) {
            case LEAF_DOMAIN ->
                new Leaf(
                    r.bytes("leaf.key", KEY_BYTES_MAX), r.bytes("leaf.value", VALUE_BYTES_MAX));
            case INTERNAL_DOMAIN -> new Internal(Hash.read(r), Hash.read(r));
            default -> throw new CodecException("state node: expected tag 0 or 1, found " + tag);
          };
        }
      };
}
