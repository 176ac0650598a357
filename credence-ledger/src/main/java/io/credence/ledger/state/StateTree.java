package io.credence.ledger.state;

import io.credence.core.Check;
import io.credence.core.Hash;
import io.credence.core.crypto.CryptoSuite;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The authenticated world state: a binary sparse Merkle tree over the suite hash of each key. Nodes
 * are immutable and addressed by hash, so every past root stays readable (values at past heights) and
 * a block's update writes only the O(log n) nodes on the paths it touched.
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
        return Arrays.equals(leaf.key(), key) ? Optional.of(leaf.value().clone()) : Optional.empty();
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

  /** Applies a change set (null value = delete) to the tree under {@code root}. */
  public Update update(Hash root, SortedMap<byte[], byte[]> changes) {
    Map<Hash, Node> pending = new HashMap<>();
    Hash current = root;
    for (Map.Entry<byte[], byte[]> change : changes.entrySet()) {
      byte[] key = change.getKey();
      Check.that(key.length <= Node.KEY_BYTES_MAX, "state key of %d bytes exceeds %d", key.length, Node.KEY_BYTES_MAX);
      Hash keyHash = suite.hash(key);
      if (change.getValue() == null) {
        current = delete(pending, current, 0, keyHash);
      } else {
        byte[] value = change.getValue();
        Check.that(
            value.length <= Node.VALUE_BYTES_MAX,
            "state value of %d bytes exceeds %d",
            value.length,
            Node.VALUE_BYTES_MAX);
        Node.Leaf leaf = new Node.Leaf(key.clone(), value.clone());
        current = insert(pending, current, 0, keyHash, leaf);
      }
    }
    return new Update(current, reachable(pending, current));
  }

  private Node load(Map<Hash, Node> pending, Hash hash) {
    Node node = pending.get(hash);
    return node != null ? node : source.node(hash);
  }

  private Hash put(Map<Hash, Node> pending, Node node) {
    Hash hash = node.hash(suite);
    pending.put(hash, node);
    return hash;
  }

  private Hash insert(Map<Hash, Node> pending, Hash at, int depth, Hash keyHash, Node.Leaf leaf) {
    if (at.equals(Hash.ZERO)) {
      return put(pending, leaf);
    }
    Node node = load(pending, at);
    if (node instanceof Node.Leaf existing) {
      Hash existingKeyHash = existing.keyHash(suite);
      if (existingKeyHash.equals(keyHash)) {
        return put(pending, leaf);
      }
      return split(pending, depth, at, existingKeyHash, put(pending, leaf), keyHash);
    }
    Node.Internal internal = (Node.Internal) node;
    boolean right = keyHash.bit(depth);
    Hash child = insert(pending, internal.child(right), depth + 1, keyHash, leaf);
    return put(
        pending,
        right ? new Node.Internal(internal.left(), child) : new Node.Internal(child, internal.right()));
  }

  /** Pushes two leaves down until their key hashes' bits differ. */
  private Hash split(
      Map<Hash, Node> pending, int depth, Hash existing, Hash existingKeyHash, Hash added, Hash addedKeyHash) {
    Check.that(depth < Proof.DEPTH_MAX, "two distinct keys share all %d hash bits", Proof.DEPTH_MAX);
    boolean existingRight = existingKeyHash.bit(depth);
    boolean addedRight = addedKeyHash.bit(depth);
    if (existingRight != addedRight) {
      return put(
          pending,
          addedRight ? new Node.Internal(existing, added) : new Node.Internal(added, existing));
    }
    Hash child = split(pending, depth + 1, existing, existingKeyHash, added, addedKeyHash);
    return put(
        pending, addedRight ? new Node.Internal(Hash.ZERO, child) : new Node.Internal(child, Hash.ZERO));
  }

  private Hash delete(Map<Hash, Node> pending, Hash at, int depth, Hash keyHash) {
    if (at.equals(Hash.ZERO)) {
      return at;
    }
    Node node = load(pending, at);
    if (node instanceof Node.Leaf leaf) {
      return leaf.keyHash(suite).equals(keyHash) ? Hash.ZERO : at;
    }
    Node.Internal internal = (Node.Internal) node;
    boolean right = keyHash.bit(depth);
    Hash child = internal.child(right);
    Hash newChild = delete(pending, child, depth + 1, keyHash);
    if (newChild.equals(child)) {
      return at;
    }
    Hash sibling = internal.child(!right);
    // A subtree holding a single leaf collapses to that leaf, keeping the shape canonical.
    if (newChild.equals(Hash.ZERO)) {
      if (sibling.equals(Hash.ZERO)) {
        return Hash.ZERO;
      }
      if (load(pending, sibling) instanceof Node.Leaf) {
        return sibling;
      }
    } else if (sibling.equals(Hash.ZERO) && load(pending, newChild) instanceof Node.Leaf) {
      return newChild;
    }
    return put(
        pending,
        right ? new Node.Internal(internal.left(), newChild) : new Node.Internal(newChild, internal.right()));
  }

  private static Map<Hash, Node> reachable(Map<Hash, Node> pending, Hash root) {
    Map<Hash, Node> out = new HashMap<>();
    Deque<Hash> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      Hash hash = todo.pop();
      Node node = pending.get(hash);
      if (node == null || out.containsKey(hash)) {
        continue;
      }
      out.put(hash, node);
      if (node instanceof Node.Internal internal) {
        todo.push(internal.left());
        todo.push(internal.right());
      }
    }
    return Collections.unmodifiableMap(out);
  }
}
