package io.credence.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A bounded, thread-safe cache of values computed from keys, least recently used first out. For
 * immutable derivations only (decoded public keys, content-addressed state nodes), so a cached
 * value is always the value a fresh computation would give.
 */
public final class LruCache<K, V> {
  private final Function<K, V> compute;
  private final LinkedHashMap<K, V> entries;

  /** {@code compute} may return null, which is not cached (for example, an invalid key). */
  public LruCache(int entriesMax, Function<K, V> compute) {
    this.compute = compute;
    this.entries =
        new LinkedHashMap<>(256, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > entriesMax;
          }
        };
  }

  /** Adds a value known to equal what {@code compute} would give for {@code key}. */
  public void put(K key, V value) {
    synchronized (entries) {
      entries.put(key, value);
    }
  }

  /** Adds values known to equal what {@code compute} would give for their keys. */
  public void putAll(Map<? extends K, ? extends V> values) {
    synchronized (entries) {
      entries.putAll(values);
    }
  }

  /** Whether {@code key} is cached: neither computes nor changes the order. */
  public boolean contains(K key) {
    synchronized (entries) {
      return entries.containsKey(key);
    }
  }

  public V get(K key) {
    synchronized (entries) {
      V found = entries.get(key);
      if (found != null) {
        return found;
      }
    }
    // Computed outside the lock: two threads may both compute it, and both get equal values.
    V value = compute.apply(key);
    if (value != null) {
      synchronized (entries) {
        entries.put(key, value);
      }
    }
    return value;
  }
}
