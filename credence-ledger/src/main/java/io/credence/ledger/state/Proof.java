package io.credence.ledger.state;

import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.crypto.CryptoSuite;
import java.util.Arrays;
import java.util.List;

/**
 * A proof that a key has a value, or has none, under a state root. It lists the sibling hashes from
 * the root down to the position the key's hash leads to, and what sits there: nothing, the key's
 * own leaf, or another key's leaf (which proves absence). A client checks it against a block
 * header's state root alone.
 */
public record Proof(List<Hash> siblings, Hash leafKeyHash, Hash leafValueHash) {
  public static final int DEPTH_MAX = 256;

  public Proof {
    siblings = List.copyOf(siblings);
    if ((leafKeyHash == null) != (leafValueHash == null)) {
      throw new IllegalArgumentException(
          "proof: leaf key hash and value hash must both be set or both absent");
    }
  }

  public boolean hasLeaf() {
    return leafKeyHash != null;
  }

  /**
   * True when this proof shows that under {@code root}, {@code key} maps to {@code value}, or (for
   * a null {@code value}) that {@code key} is absent.
   */
  public boolean verify(CryptoSuite suite, Hash root, byte[] key, byte[] value) {
    if (siblings.size() > DEPTH_MAX) {
      return false;
    }
    Hash keyHash = suite.hash(key);
    int depth = siblings.size();
    if (value != null) {
      if (!hasLeaf() || !leafKeyHash.equals(keyHash) || !leafValueHash.equals(suite.hash(value))) {
        return false;
      }
    } else if (hasLeaf()) {
      if (leafKeyHash.equals(keyHash) || !samePrefix(leafKeyHash, keyHash, depth)) {
        return false;
      }
    }
    Hash current = hasLeaf() ? Node.leafHash(suite, leafKeyHash, leafValueHash) : Hash.ZERO;
    for (int i = depth - 1; i >= 0; i--) {
      Hash sibling = siblings.get(i);
      current =
          keyHash.bit(i)
              ? Node.internalHash(suite, sibling, current)
              : Node.internalHash(suite, current, sibling);
    }
    return current.equals(root);
  }

  private static boolean samePrefix(Hash a, Hash b, int bits) {
    for (int i = 0; i < bits; i++) {
      if (a.bit(i) != b.bit(i)) {
        return false;
      }
    }
    return true;
  }

  public static final Codec<Proof> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Proof p) {
          w.varint(p.siblings.size());
          p.siblings.forEach(h -> h.write(w));
          w.bool(p.hasLeaf());
          if (p.hasLeaf()) {
            p.leafKeyHash.write(w);
            p.leafValueHash.write(w);
          }
        }

        @Override
        public Proof read(Reader r) {
          int n = r.length("proof.siblings", DEPTH_MAX);
          Hash[] siblings = new Hash[n];
          for (int i = 0; i < n; i++) {
            siblings[i] = Hash.read(r);
          }
          if (r.bool()) {
            return new Proof(Arrays.asList(siblings), Hash.read(r), Hash.read(r));
          }
          return new Proof(Arrays.asList(siblings), null, null);
        }
      };
}
