package io.credence.ledger.chain;

import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.crypto.CryptoSuite;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A proof that some bytes are leaf {@code leafIndex} of a list of {@code leafCount} whose {@link
 * MerkleRoot} is known (a block header's transactions or receipts root): the audit path of RFC 6962
 * §2.1.1, the sibling hashes from the leaf up to the root, nearest the leaf first.
 *
 * <p>The root does not commit to the leaf count (RFC 6962 takes it from a signed tree head; our
 * headers do not carry it). What a verified proof establishes is that the bytes are a leaf of the
 * committed list; the stated index and count are bound only as far as they shape the path, and a
 * prover may restate them with another pair of the same shape (leaf 0 of 3 as leaf 0 of 4).
 */
public record InclusionProof(long leafIndex, long leafCount, List<Hash> siblings) {
  /** Enough for any list a 64-bit count can describe; the codec refuses more. */
  public static final int SIBLINGS_MAX = 64;

  public InclusionProof {
    siblings = List.copyOf(siblings);
    String problem = problem(leafIndex, leafCount, siblings.size());
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * The proof for leaf {@code index} of {@code leaves}, whose root is {@link MerkleRoot#of} of the
   * same list.
   */
  public static InclusionProof of(CryptoSuite suite, List<byte[]> leaves, int index) {
    if (index < 0 || index >= leaves.size()) {
      throw new IllegalArgumentException(
          "inclusion proof leafIndex: expected 0 to "
              + (leaves.size() - 1)
              + ", found "
              + index
              + " (a list of "
              + leaves.size()
              + " leaves)");
    }
    return new InclusionProof(index, leaves.size(), MerkleRoot.path(suite, leaves, index));
  }

  /**
   * The root this proof leads to from {@code leaf}, or empty when its number of siblings does not
   * fit its leaf index and count. RFC 9162 §2.1.3.2, with {@code index} and {@code last} walking up
   * the tree beside the hash.
   */
  public Optional<Hash> root(CryptoSuite suite, byte[] leaf) {
    long index = leafIndex;
    long last = leafCount - 1;
    Hash node = MerkleRoot.leafHash(suite, leaf);
    for (Hash sibling : siblings) {
      if (last == 0) {
        return Optional.empty();
      }
      if ((index & 1) == 1 || index == last) {
        node = MerkleRoot.nodeHash(suite, sibling, node);
        // A last node that is a left child has no sibling on its level: RFC 6962 carries it up
        // unchanged until it becomes a right child, so skip those levels.
        while ((index & 1) == 0 && index != 0) {
          index >>>= 1;
          last >>>= 1;
        }
      } else {
        node = MerkleRoot.nodeHash(suite, node, sibling);
      }
      index >>>= 1;
      last >>>= 1;
    }
    return last == 0 ? Optional.of(node) : Optional.empty();
  }

  /** True when {@code leaf} with this proof recomputes {@code root}. */
  public boolean verify(CryptoSuite suite, Hash root, byte[] leaf) {
    return root(suite, leaf).map(root::equals).orElse(false);
  }

  /** Why these fields are no proof, or null when they are well formed. */
  private static String problem(long leafIndex, long leafCount, int siblings) {
    if (leafCount < 1) {
      return "inclusion proof leafCount: expected at least 1, found " + leafCount;
    }
    if (leafIndex < 0 || leafIndex >= leafCount) {
      return "inclusion proof leafIndex: expected 0 to " + (leafCount - 1) + ", found " + leafIndex;
    }
    if (siblings > SIBLINGS_MAX) {
      return "inclusion proof siblings: expected at most " + SIBLINGS_MAX + ", found " + siblings;
    }
    return null;
  }

  public static final Codec<InclusionProof> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, InclusionProof p) {
          w.varint(p.leafIndex).varint(p.leafCount).varint(p.siblings.size());
          p.siblings.forEach(h -> h.write(w));
        }

        @Override
        public InclusionProof read(Reader r) {
          long leafIndex = r.varint();
          long leafCount = r.varint();
          int n = r.length("inclusionProof.siblings", SIBLINGS_MAX);
          String problem = problem(leafIndex, leafCount, n);
          if (problem != null) {
            throw new CodecException(problem);
          }
          List<Hash> siblings = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            siblings.add(Hash.read(r));
          }
          return new InclusionProof(leafIndex, leafCount, siblings);
        }
      };
}
