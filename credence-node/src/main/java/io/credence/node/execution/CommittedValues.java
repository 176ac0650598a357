package io.credence.node.execution;

import io.credence.core.Hash;
import io.credence.ledger.state.StateTree;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * Values of the committed state at one root, remembered across blocks: a key read once, or written
 * by a committed block, is read again without a descent through the tree; a committed block's
 * writes replace what was remembered. Bounded by {@link #ENTRIES_MAX}: beyond it, everything is
 * forgotten. Exact by construction: every entry is the tree's value at {@link #root}, or the value
 * a committed block wrote on the way to it.
 */
public final class CommittedValues {
  /** Keys remembered at most. */
  public static final int ENTRIES_MAX = 100_000;

  private static final byte[] ABSENT = new byte[0];

  private final Map<StateKey, byte[]> values = new HashMap<>();
  private final int entriesMax;
  private Hash root;
  private long height;

  public CommittedValues(Hash root, long height) {
    this(root, height, ENTRIES_MAX);
  }

  /** Remembering at most {@code entriesMax} keys (tests use a small bound). */
  public CommittedValues(Hash root, long height, int entriesMax) {
    this.root = root;
    this.height = height;
    this.entriesMax = entriesMax;
  }

  /** Keys remembered now. */
  public int size() {
    return values.size();
  }

  public Hash root() {
    return root;
  }

  public long height() {
    return height;
  }

  /**
   * The committed value of {@code key} (null if none): remembered, or read from {@code tree} at the
   * root and remembered. The caller does not change the array returned.
   */
  public byte[] get(StateTree tree, byte[] key) {
    StateKey k = StateKey.of(key);
    byte[] value = values.get(k);
    if (value == null) {
      if (values.size() >= entriesMax) {
        values.clear();
      }
      value = tree.get(root, key).orElse(ABSENT);
      values.put(k.kept(), value);
    }
    return value == ABSENT ? null : value;
  }

  /**
   * The block at {@code newHeight} (the next one) committed {@code writes} (null values delete) and
   * left the state at {@code newRoot}.
   */
  public void advance(long newHeight, Hash newRoot, SortedMap<byte[], byte[]> writes) {
    if (newHeight != height + 1) {
      reset(newHeight, newRoot);
      return;
    }
    if (values.size() + writes.size() > entriesMax) {
      values.clear();
    }
    if (writes.size() <= entriesMax) {
      // What a block wrote is read again soon (nonces, balances, counters): kept, as written.
      for (Map.Entry<byte[], byte[]> w : writes.entrySet()) {
        values.put(StateKey.of(w.getKey()), w.getValue() == null ? ABSENT : w.getValue());
      }
    }
    root = newRoot;
    height = newHeight;
  }

  /**
   * Forgets everything: the committed state is now at {@code newRoot}, height {@code newHeight}.
   */
  public void reset(long newHeight, Hash newRoot) {
    values.clear();
    root = newRoot;
    height = newHeight;
  }
}
