package io.credence.node.execution;

import io.credence.core.Hash;
import io.credence.execution.ContractState;
import io.credence.ledger.state.StateTree;
import java.util.Map;
import java.util.TreeMap;

/**
 * Buffered writes over a state root (or over another overlay), with the counters a receipt reports.
 * A transaction runs in its own overlay, merged into the block's only if it succeeds; the block's
 * overlay becomes one tree update.
 */
public final class StateOverlay implements ContractState {
  private final StateTree tree;
  private final Hash root;
  private final StateOverlay parent;
  // Where the bottom overlay reads the state at {@code root}: {@code values} if given, else the
  // tree.
  private final Values values;
  private final TreeMap<byte[], byte[]> writes = StateTree.changes();
  // At the bottom of a stack of overlays: values read from the tree at {@code root}, which never
  // changes, so each key is looked up in the tree once (a descent through about twenty nodes).
  private final java.util.HashMap<StateKey, byte[]> treeReads = new java.util.HashMap<>();
  private static final byte[] ABSENT = new byte[0];

  /** Distinct keys whose tree values one overlay remembers; beyond it, it forgets them all. */
  public static final int TREE_READS_CACHED_MAX = 100_000;

  private long reads;
  private long writeCount;
  private long bytesWritten;

  private StateOverlay(StateTree tree, Hash root, StateOverlay parent, Values values) {
    this.tree = tree;
    this.root = root;
    this.parent = parent;
    this.values = values;
  }

  /** The state at a root: a key's value (not to be changed by the caller), or null if none. */
  @FunctionalInterface
  public interface Values {
    byte[] get(byte[] key);
  }

  public static StateOverlay over(StateTree tree, Hash root) {
    return new StateOverlay(tree, root, null, null);
  }

  /**
   * Over {@code root}, reading its values from {@code values}, which must give exactly the state at
   * {@code root} (say, remembered committed values under the writes of blocks not yet committed).
   * Writes still become one tree update on {@code tree}.
   */
  public static StateOverlay over(StateTree tree, Hash root, Values values) {
    return new StateOverlay(tree, root, null, values);
  }

  public StateOverlay child() {
    return new StateOverlay(tree, root, this, null);
  }

  @Override
  public byte[] get(byte[] key) {
    reads++;
    return lookup(key);
  }

  private byte[] lookup(byte[] key) {
    if (writes.containsKey(key)) {
      byte[] value = writes.get(key);
      return value == null ? null : value.clone();
    }
    if (parent != null) {
      return parent.lookup(key);
    }
    StateKey k = StateKey.of(key);
    byte[] cached = treeReads.get(k);
    if (cached == null) {
      if (treeReads.size() >= TREE_READS_CACHED_MAX) {
        treeReads.clear();
      }
      if (values != null) {
        byte[] value = values.get(key);
        cached = value == null ? ABSENT : value;
      } else {
        cached = tree.get(root, key).orElse(ABSENT);
      }
      treeReads.put(k.kept(), cached);
    }
    return cached == ABSENT ? null : cached.clone();
  }

  @Override
  public void put(byte[] key, byte[] value) {
    writes.put(key.clone(), value.clone());
    writeCount++;
    bytesWritten += key.length + value.length;
  }

  @Override
  public void delete(byte[] key) {
    writes.put(key.clone(), null);
    writeCount++;
  }

  /** Moves this overlay's writes into its parent. */
  public void mergeIntoParent() {
    for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
      parent.writes.put(e.getKey(), e.getValue());
    }
    writes.clear();
  }

  public TreeMap<byte[], byte[]> writes() {
    return writes;
  }

  public Hash root() {
    return root;
  }

  public long reads() {
    return reads;
  }

  public long writeCount() {
    return writeCount;
  }

  public long bytesWritten() {
    return bytesWritten;
  }
}
