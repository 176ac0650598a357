package io.credence.ledger.state;

import io.credence.core.Check;
import io.credence.core.Hash;
import io.credence.core.crypto.CryptoSuite;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The authenticated world state: a binary sparse Merkle tree over the suite hash of each key. Nodes
 * are immutable and addressed by hash, so every past root stays readable (values at past heights)
 * and a block's update writes only the O(log n) nodes on the paths it touched.
 */
public final class StateTree {
  private final CryptoSuite suite;
  private final NodeSource source;

  public StateTree(CryptoSuite suite, NodeSource source) {
    this.suite = suite;
    this.source = source;
  }

  public CryptoSuite suite() {
    return suite;
  }

  /** The result of an update: the new root and the nodes it created that it still reaches. */
  public record Update(Hash root, Map<Hash, Node> newNodes) {}

  /** A sorted change set: a null value deletes the key. */
  public static TreeMap<byte[], byte[]> changes() {
    return new TreeMap<>(Arrays::compareUnsigned);
  }

  public Optional<byte[]> get(Hash root, byte[] key) {
    Hash keyHash = suite.hash(key);
    Hash current = root;
    for (int depth = 0; depth <= Proof.DEPTH_MAX; depth++) {
      if (current.equals(Hash.ZERO)) {
        return Optional.empty();
      }
      Node node = source.node(current);
      if (node instanceof Node.Leaf leaf) {
        return Arrays.equals(leaf.key(), key)
            ? Optional.of(leaf.value().clone())
            : Optional.empty();
      }
      current = ((Node.Internal) node).child(keyHash.bit(depth));
    }
    throw Check.failure("state tree deeper than " + Proof.DEPTH_MAX);
  }

  public Proof prove(Hash root, byte[] key) {
    Hash keyHash = suite.hash(key);
    List<Hash> siblings = new ArrayList<>();
    Hash current = root;
    for (int depth = 0; depth <= Proof.DEPTH_MAX; depth++) {
      if (current.equals(Hash.ZERO)) {
        return new Proof(siblings, null, null);
      }
      Node node = source.node(current);
      if (node instanceof Node.Leaf leaf) {
        return new Proof(siblings, leaf.keyHash(suite), suite.hash(leaf.value()));
      }
      Node.Internal internal = (Node.Internal) node;
      boolean right = keyHash.bit(depth);
      siblings.add(internal.child(!right));
      current = internal.child(right);
    }
    throw Check.failure("state tree deeper than " + Proof.DEPTH_MAX);
  }

  /**
   * Applies a change set (null value = delete) to the tree under {@code root}. The changes are
   * sorted by key hash and applied in one descent, so each node on the touched paths is hashed once
   * per update, however many of the changes pass through it.
   */
  public Update update(Hash root, SortedMap<byte[], byte[]> changes) {
    List<Entry> sorted = new ArrayList<>(changes.size());
    for (Map.Entry<byte[], byte[]> change : changes.entrySet()) {
      byte[] key = change.getKey();
      byte[] value = change.getValue();
      Check.that(
          key.length <= Node.KEY_BYTES_MAX,
          "state key of %d bytes exceeds %d",
          key.length,
          Node.KEY_BYTES_MAX);
      Check.that(
          value == null || value.length <= Node.VALUE_BYTES_MAX,
          "state value of %d bytes exceeds %d",
          value == null ? 0 : value.length,
          Node.VALUE_BYTES_MAX);
      sorted.add(
          new Entry(
              suite.hash(key),
              value == null ? null : new Node.Leaf(key.clone(), value.clone()),
              null));
    }
    sorted.sort((a, b) -> a.keyHash().compareTo(b.keyHash()));
    Map<Hash, Node> created = new HashMap<>();
    Hash newRoot = apply(created, root, 0, sorted);
    return new Update(newRoot, Collections.unmodifiableMap(created));
  }

  /**
   * One entry of a change set, or an existing leaf being re-placed: a null leaf deletes; {@code
   * existing} is the hash of a leaf already in the tree (so it is not hashed again).
   */
  private record Entry(Hash keyHash, Node.Leaf leaf, Hash existing) {}

  private Node load(Map<Hash, Node> created, Hash hash) {
    Node node = created.get(hash);
    return node != null ? node : source.node(hash);
  }

  private Hash put(Map<Hash, Node> created, Node node) {
    Hash hash = node.hash(suite);
    created.put(hash, node);
    return hash;
  }

  /**
   * Applies {@code changes} (sorted, all below this node's prefix) to the subtree at {@code at}.
   */
  private Hash apply(Map<Hash, Node> created, Hash at, int depth, List<Entry> changes) {
    if (changes.isEmpty()) {
      return at;
    }
    if (at.equals(Hash.ZERO)) {
      return build(created, depth, puts(changes, null));
    }
    Node node = load(created, at);
    if (node instanceof Node.Leaf leaf) {
      return build(created, depth, puts(changes, new Entry(leaf.keyHash(suite), leaf, at)));
    }
    Node.Internal internal = (Node.Internal) node;
    int split = firstRight(changes, depth);
    Hash left = apply(created, internal.left(), depth + 1, changes.subList(0, split));
    Hash right =
        apply(created, internal.right(), depth + 1, changes.subList(split, changes.size()));
    if (left.equals(internal.left()) && right.equals(internal.right())) {
      return at;
    }
    // A subtree left holding a single leaf collapses to that leaf, keeping the shape canonical.
    if (left.equals(Hash.ZERO)
        && (right.equals(Hash.ZERO) || load(created, right) instanceof Node.Leaf)) {
      return right;
    }
    if (right.equals(Hash.ZERO) && load(created, left) instanceof Node.Leaf) {
      return left;
    }
    return put(created, new Node.Internal(left, right));
  }

  /**
   * The puts among {@code changes}, with {@code existing} kept unless a change replaces or deletes
   * it.
   */
  private static List<Entry> puts(List<Entry> changes, Entry existing) {
    List<Entry> out = new ArrayList<>(changes.size() + 1);
    boolean existingPending = existing != null;
    for (Entry change : changes) {
      if (existingPending && existing.keyHash().compareTo(change.keyHash()) <= 0) {
        if (!existing.keyHash().equals(change.keyHash())) {
          out.add(existing);
        }
        existingPending = false;
      }
      if (change.leaf() != null) {
        out.add(change);
      }
    }
    if (existingPending) {
      out.add(existing);
    }
    return out;
  }

  /**
   * The subtree holding exactly {@code leaves} (sorted by key hash, sharing the prefix above
   * depth).
   */
  private Hash build(Map<Hash, Node> created, int depth, List<Entry> leaves) {
    if (leaves.isEmpty()) {
      return Hash.ZERO;
    }
    if (leaves.size() == 1) {
      Entry only = leaves.get(0);
      return only.existing() != null ? only.existing() : put(created, only.leaf());
    }
    Check.that(
        depth < Proof.DEPTH_MAX, "two distinct keys share all %d hash bits", Proof.DEPTH_MAX);
    int split = firstRight(leaves, depth);
    Hash left = build(created, depth + 1, leaves.subList(0, split));
    Hash right = build(created, depth + 1, leaves.subList(split, leaves.size()));
    return put(created, new Node.Internal(left, right));
  }

  /** The index of the first entry whose key hash has bit {@code depth} set (entries are sorted). */
  private static int firstRight(List<Entry> entries, int depth) {
    int i = 0;
    while (i < entries.size() && !entries.get(i).keyHash().bit(depth)) {
      i++;
    }
    return i;
  }
}
