package io.credence.ledger.state;

import io.credence.core.Check;
import io.credence.core.Hash;
import io.credence.core.crypto.CryptoSuite;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
  private final int linkedDepth;

  public StateTree(CryptoSuite suite, NodeSource source) {
    this(suite, source, LINKED_DEPTH);
  }

  /** With another limit for held children: tests reach it with small trees. */
  StateTree(CryptoSuite suite, NodeSource source, int linkedDepth) {
    this.suite = suite;
    this.source = source;
    this.linkedDepth = linkedDepth;
  }

  public CryptoSuite suite() {
    return suite;
  }

  /**
   * How deep the nodes an update builds hold all their children: above this depth a reader follows
   * references from the root; at and below it, it follows them within a {@link Page} and looks up
   * the root of the next page by hash. It bounds what one root keeps reachable in memory to the
   * nodes of its first {@value} levels (rounded up to whole pages), whatever the state's size.
   */
  public static final int LINKED_DEPTH = 16;

  /**
   * The result of an update: the new root and its node (null if the tree is empty or nothing
   * changed), the nodes it created that it still reaches, the roots of the {@link Page pages} it
   * created or changed (what a store writes, each with the nodes of its page), and those of them at
   * {@link #LINKED_DEPTH} and below. No parent holds those, so a reader finds them by hash; the
   * others hang from the root.
   */
  public record Update(
      Hash root,
      Node rootNode,
      Map<Hash, Node> newNodes,
      Map<Hash, Node> pages,
      Map<Hash, Node> unheld) {}

  /** A sorted change set: a null value deletes the key. */
  public static TreeMap<byte[], byte[]> changes() {
    return new TreeMap<>(Arrays::compareUnsigned);
  }

  public Optional<byte[]> get(Hash root, byte[] key) {
    if (root.equals(Hash.ZERO)) {
      return Optional.empty();
    }
    Hash keyHash = suite.hash(key);
    Node node = source.node(root);
    for (int depth = 0; depth <= Proof.DEPTH_MAX; depth++) {
      if (node instanceof Node.Leaf leaf) {
        return Arrays.equals(leaf.key(), key)
            ? Optional.of(leaf.value().clone())
            : Optional.empty();
      }
      Node.Internal internal = (Node.Internal) node;
      boolean right = keyHash.bit(depth);
      // A held child is never empty: following it spares reading the child's hash.
      Node held = internal.held(right);
      if (held != null) {
        node = held;
        continue;
      }
      Hash child = internal.child(right);
      if (child.equals(Hash.ZERO)) {
        return Optional.empty();
      }
      node = source.node(child);
    }
    throw Check.failure("state tree deeper than " + Proof.DEPTH_MAX);
  }

  public Proof prove(Hash root, byte[] key) {
    Hash keyHash = suite.hash(key);
    List<Hash> siblings = new ArrayList<>();
    Hash current = root;
    Node node = null;
    for (int depth = 0; depth <= Proof.DEPTH_MAX; depth++) {
      if (current.equals(Hash.ZERO)) {
        return new Proof(siblings, null, null);
      }
      if (node == null) {
        node = source.node(current);
      }
      if (node instanceof Node.Leaf leaf) {
        return new Proof(siblings, leaf.keyHash(suite), suite.hash(leaf.value()));
      }
      Node.Internal internal = (Node.Internal) node;
      boolean right = keyHash.bit(depth);
      siblings.add(internal.child(!right));
      current = internal.child(right);
      node = internal.held(right);
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
    Built built = new Built();
    Child newRoot = apply(built, root, null, 0, sorted);
    if (newRoot.placed()) {
      built.pages.put(newRoot.hash(), newRoot.node());
    }
    return new Update(
        newRoot.hash(),
        newRoot.node(),
        Collections.unmodifiableMap(built.created),
        Collections.unmodifiableMap(built.pages),
        Collections.unmodifiableMap(built.unheld));
  }

  /**
   * One entry of a change set, or an existing leaf being re-placed: a null leaf deletes; {@code
   * existing} is the hash of a leaf already in the tree (so it is not hashed again).
   */
  private record Entry(Hash keyHash, Node.Leaf leaf, Hash existing) {}

  /**
   * A subtree by hash, with its node where at hand (null: not read, look it up if needed); {@code
   * placed} if this update created it or moved it, so that a page rooted at it must be written.
   */
  private record Child(Hash hash, Node node, boolean placed) {
    static final Child EMPTY = new Child(Hash.ZERO, null, false);
  }

  /**
   * The nodes an update creates, the page roots it places, and those of them no created node holds.
   * Pages keep the order the descent placed them in, which the changes alone decide: the block
   * store writes them in that order without sorting them.
   */
  private static final class Built {
    final Map<Hash, Node> created = new HashMap<>();
    final Map<Hash, Node> pages = new LinkedHashMap<>();
    final Map<Hash, Node> unheld = new HashMap<>();
  }

  private Node load(Built built, Child child) {
    if (child.node() != null) {
      return child.node();
    }
    Node node = built.created.get(child.hash());
    return node != null ? node : source.node(child.hash());
  }

  private Child put(Built built, Node node) {
    Hash hash = node.hash(suite);
    built.created.put(hash, node);
    return new Child(hash, node, true);
  }

  /**
   * A new internal node at {@code depth}. It holds its children if they sit above the limit or in
   * its own page; a child that roots a page, if placed by this update, is a page to write.
   */
  private Child internal(Built built, int depth, Child left, Child right) {
    int below = depth + 1;
    if (Page.isRoot(below)) {
      placePage(built, below, left);
      placePage(built, below, right);
      boolean hold = below < linkedDepth;
      return put(
          built,
          new Node.Internal(
              left.hash(), right.hash(), hold ? left.node() : null, hold ? right.node() : null));
    }
    return put(
        built,
        new Node.Internal(left.hash(), right.hash(), inPage(built, left), inPage(built, right)));
  }

  /**
   * A child in its parent's page, which the parent must hold for the page to be written: read if
   * not at hand (a tree whose nodes were stored one by one, as tests keep them).
   */
  private Node inPage(Built built, Child child) {
    return child.hash().equals(Hash.ZERO) ? null : load(built, child);
  }

  private void placePage(Built built, int depth, Child root) {
    if (!root.placed() || root.hash().equals(Hash.ZERO)) {
      return;
    }
    built.pages.put(root.hash(), root.node());
    if (depth >= linkedDepth) {
      built.unheld.put(root.hash(), root.node());
    }
  }

  /**
   * Applies {@code changes} (sorted, all below this node's prefix) to the subtree at {@code at}
   * ({@code atNode} is its node if at hand).
   */
  private Child apply(Built built, Hash at, Node atNode, int depth, List<Entry> changes) {
    if (changes.isEmpty()) {
      return new Child(at, atNode, false);
    }
    if (at.equals(Hash.ZERO)) {
      return build(built, depth, puts(changes, null));
    }
    Node node = load(built, new Child(at, atNode, false));
    if (node instanceof Node.Leaf leaf) {
      return build(built, depth, puts(changes, new Entry(leaf.keyHash(suite), leaf, at)));
    }
    Node.Internal internal = (Node.Internal) node;
    int split = firstRight(changes, depth);
    Child left =
        apply(built, internal.left(), internal.held(false), depth + 1, changes.subList(0, split));
    Child right =
        apply(
            built,
            internal.right(),
            internal.held(true),
            depth + 1,
            changes.subList(split, changes.size()));
    if (left.hash().equals(internal.left()) && right.hash().equals(internal.right())) {
      return new Child(at, node, false);
    }
    // A subtree left holding a single leaf collapses to that leaf, keeping the shape canonical: the
    // leaf moves up, so its place is new.
    if (left.hash().equals(Hash.ZERO)
        && (right.hash().equals(Hash.ZERO) || load(built, right) instanceof Node.Leaf)) {
      return right.hash().equals(Hash.ZERO)
          ? Child.EMPTY
          : new Child(right.hash(), load(built, right), true);
    }
    if (right.hash().equals(Hash.ZERO) && load(built, left) instanceof Node.Leaf) {
      return new Child(left.hash(), load(built, left), true);
    }
    return internal(built, depth, left, right);
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
  private Child build(Built built, int depth, List<Entry> leaves) {
    if (leaves.isEmpty()) {
      return Child.EMPTY;
    }
    if (leaves.size() == 1) {
      Entry only = leaves.get(0);
      if (only.existing() == null) {
        return put(built, only.leaf());
      }
      // A leaf already in the tree, pushed down by new neighbours: its page changes.
      return new Child(only.existing(), only.leaf(), true);
    }
    Check.that(
        depth < Proof.DEPTH_MAX, "two distinct keys share all %d hash bits", Proof.DEPTH_MAX);
    int split = firstRight(leaves, depth);
    Child left = build(built, depth + 1, leaves.subList(0, split));
    Child right = build(built, depth + 1, leaves.subList(split, leaves.size()));
    return internal(built, depth, left, right);
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
