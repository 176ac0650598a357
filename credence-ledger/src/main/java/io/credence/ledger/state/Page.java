package io.credence.ledger.state;

import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.crypto.CryptoSuite;

/**
 * How the state tree is stored: in pages of {@link #LEVELS} levels, one record each. A page is the
 * subtree under a node at a depth that is a multiple of {@link #LEVELS} (the page's root), down to
 * the roots of the pages below it, which it names by hash. So a store writes and reads a path of 18
 * levels as 5 records, not 18, and a page read once gives its reader 4 levels.
 *
 * <p>A page's record holds no hash of its own nodes: reading one computes them, bottom-up, so a
 * damaged record cannot hash to the root it is stored under. Nodes decoded from a page hold the
 * children inside it (see {@link Node.Internal}).
 *
 * <p>Encoding, after the version byte, in pre-order from the page's root: a leaf is tag 0, its key
 * and its value; an internal node is tag 1 and its two children; an empty child is tag 3; a child
 * at the page's bottom, the root of the next page, is tag 2 and its hash.
 */
public final class Page {
  /** The levels of one page. */
  public static final int LEVELS = 4;

  private static final int LEAF = 0;
  private static final int INTERNAL = 1;
  private static final int BELOW = 2;
  private static final int EMPTY = 3;

  private Page() {}

  /** Whether a node at this depth is the root of a page. */
  public static boolean isRoot(int depth) {
    return depth % LEVELS == 0;
  }

  /**
   * The page codec of a suite (reading a page hashes its nodes). Writing one needs every non-empty
   * child above the page's bottom held by its parent, as an update builds them and a read gives
   * them.
   */
  public static Codec<Node> codec(CryptoSuite suite) {
    return new Codec<>() {
      @Override
      public int version() {
        // Version 1 was a record per node: a store of that format is refused, not misread.
        return 2;
      }

      /**
       * Into a buffer of the page's size (and the 10 bytes a varint asks room for, should the page
       * end with a short leaf): a block writes thousands, without regrowing.
       */
      @Override
      public byte[] encode(Node root) {
        Writer w = new Writer(1 + size(root, 0) + 10);
        w.u8(version());
        writeNode(w, root, 0);
        return w.toByteArray();
      }

      @Override
      public void write(Writer w, Node root) {
        writeNode(w, root, 0);
      }

      @Override
      public Node read(Reader r) {
        int tag = r.u8();
        if (tag != LEAF && tag != INTERNAL) {
          throw new CodecException("state page: root: expected tag 0 or 1, found " + tag);
        }
        return readNode(suite, r, tag, 0).node();
      }
    };
  }

  private static void writeNode(Writer w, Node node, int level) {
    if (node instanceof Node.Leaf leaf) {
      w.u8(LEAF).bytes(leaf.key()).bytes(leaf.value());
      return;
    }
    Node.Internal internal = (Node.Internal) node;
    w.u8(INTERNAL);
    writeChild(w, internal, false, level + 1);
    writeChild(w, internal, true, level + 1);
  }

  private static void writeChild(Writer w, Node.Internal parent, boolean right, int level) {
    Hash hash = parent.child(right);
    if (hash.equals(Hash.ZERO)) {
      w.u8(EMPTY);
    } else if (level == LEVELS) {
      w.u8(BELOW);
      hash.write(w);
    } else {
      Node held = parent.held(right);
      if (held == null) {
        throw new IllegalStateException(
            "state page: node " + hash.abbreviated() + " inside a page is not held by its parent");
      }
      writeNode(w, held, level);
    }
  }

  /** The bytes {@link #writeNode} writes. */
  private static int size(Node node, int level) {
    if (node instanceof Node.Leaf leaf) {
      return 1 + bytesSize(leaf.key().length) + bytesSize(leaf.value().length);
    }
    Node.Internal internal = (Node.Internal) node;
    return 1 + childSize(internal, false, level + 1) + childSize(internal, true, level + 1);
  }

  private static int childSize(Node.Internal parent, boolean right, int level) {
    if (parent.child(right).equals(Hash.ZERO)) {
      return 1;
    }
    if (level == LEVELS) {
      return 1 + Hash.LENGTH;
    }
    Node held = parent.held(right);
    // A child not held fails in writeChild, with its hash.
    return held == null ? 0 : size(held, level);
  }

  /** A length-prefixed byte string: the varint of its length, then its bytes. */
  private static int bytesSize(int length) {
    int prefix = 1;
    for (long rest = length >>> 7; rest != 0; rest >>>= 7) {
      prefix++;
    }
    return prefix + length;
  }

  private record Read(Node node, Hash hash) {}

  private static Read readNode(CryptoSuite suite, Reader r, int tag, int level) {
    if (tag == LEAF) {
      Node.Leaf leaf =
          new Node.Leaf(
              r.bytes("leaf.key", Node.KEY_BYTES_MAX), r.bytes("leaf.value", Node.VALUE_BYTES_MAX));
      return new Read(leaf, leaf.hash(suite));
    }
    Read left = readChild(suite, r, level + 1);
    Read right = readChild(suite, r, level + 1);
    Node.Internal internal =
        new Node.Internal(left.hash(), right.hash(), left.node(), right.node());
    return new Read(internal, internal.hash(suite));
  }

  private static Read readChild(CryptoSuite suite, Reader r, int level) {
    int tag = r.u8();
    if (tag == EMPTY) {
      return new Read(null, Hash.ZERO);
    }
    if (level == LEVELS) {
      if (tag != BELOW) {
        throw new CodecException(
            "state page: a child at level " + level + ": expected tag 2 or 3, found " + tag);
      }
      Hash hash = Hash.read(r);
      if (hash.equals(Hash.ZERO)) {
        throw new CodecException("state page: a child below the page: hash of zeros (use tag 3)");
      }
      return new Read(null, hash);
    }
    if (tag != LEAF && tag != INTERNAL) {
      throw new CodecException(
          "state page: a child at level " + level + ": expected tag 0, 1 or 3, found " + tag);
    }
    return readNode(suite, r, tag, level);
  }
}
