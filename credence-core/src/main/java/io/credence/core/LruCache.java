package io.credence.core;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A bounded, thread-safe cache of values computed from keys, least recently used first out. For
 * immutable derivations only (decoded public keys, content-addressed state nodes), so a cached
 * value is always the value a fresh computation would give.
 *
 * <p>Recency is approximated the way page caches do it (CLOCK, second chance): a hit only sets a
 * flag, and eviction sweeps a hand over the slots, sparing each flagged entry once. An exact LRU
 * list relinks a long-lived entry on every hit, and a link from an old entry to a young one is a
 * card the collector scans at its next young collection: the 200,000-entry node cache is hit tens
 * of thousands of times a second, and scanning such cards is one of G1's two largest costs (see
 * DECISIONS.md). Here a hit writes no reference: it sets a flag in a primitive array.
 */
public final class LruCache<K, V> {
  private static final int INITIAL_SLOTS = 64;

  private final Function<K, V> compute;
  private final int entriesMax;
  // Slot i holds keys[i] -> values[i], flagged used[i] when hit since the hand last passed.
  private Object[] keys;
  private Object[] values;
  private boolean[] used;
  private final HashMap<K, Integer> slots = new HashMap<>();
  private int hand;

  /** {@code compute} may return null, which is not cached (for example, an invalid key). */
  public LruCache(int entriesMax, Function<K, V> compute) {
    Check.that(entriesMax >= 1, "cache size: expected at least 1, found %d", entriesMax);
    this.compute = compute;
    this.entriesMax = entriesMax;
    int initial = Math.min(entriesMax, INITIAL_SLOTS);
    keys = new Object[initial];
    values = new Object[initial];
    used = new boolean[initial];
  }

  /** Adds a value known to equal what {@code compute} would give for {@code key}. */
  public synchronized void put(K key, V value) {
    store(key, value);
  }

  /** Adds values known to equal what {@code compute} would give for their keys. */
  public synchronized void putAll(Map<? extends K, ? extends V> values) {
    for (Map.Entry<? extends K, ? extends V> e : values.entrySet()) {
      store(e.getKey(), e.getValue());
    }
  }

  /** Whether {@code key} is cached: neither computes nor changes the order. */
  public synchronized boolean contains(K key) {
    return slots.containsKey(key);
  }

  /** Entries held now. */
  public synchronized int size() {
    return slots.size();
  }

  public V get(K key) {
    synchronized (this) {
      Integer slot = slots.get(key);
      if (slot != null) {
        used[slot] = true;
        @SuppressWarnings("unchecked")
        V found = (V) values[slot];
        return found;
      }
    }
    // Computed outside the lock: two threads may both compute it, and both get equal values.
    V value = compute.apply(key);
    if (value != null) {
      synchronized (this) {
        store(key, value);
      }
    }
    return value;
  }

  private void store(K key, V value) {
    Integer existing = slots.get(key);
    if (existing != null) {
      values[existing] = value;
      return;
    }
    int slot = slots.size();
    if (slot == keys.length && slot < entriesMax) {
      int grown = Math.min(entriesMax, slot * 2);
      keys = Arrays.copyOf(keys, grown);
      values = Arrays.copyOf(values, grown);
      used = Arrays.copyOf(used, grown);
    } else if (slot == keys.length) {
      slot = victim();
      slots.remove(keys[slot]);
    }
    keys[slot] = key;
    values[slot] = value;
    used[slot] = false;
    slots.put(key, slot);
  }

  /** The slot to reuse: the hand's first unflagged one, clearing flags as it passes them. */
  private int victim() {
    while (used[hand]) {
      used[hand] = false;
      hand = hand + 1 == keys.length ? 0 : hand + 1;
    }
    int slot = hand;
    hand = hand + 1 == keys.length ? 0 : hand + 1;
    return slot;
  }
}
