package io.credence.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LruCacheTest {
  @Test
  void evictsTheLeastRecentlyUsedAndContainsNeitherComputesNorRefreshes() {
    AtomicInteger computed = new AtomicInteger();
    LruCache<String, Integer> cache =
        new LruCache<>(
            2,
            k -> {
              computed.incrementAndGet();
              return k.length();
            });
    assertEquals(1, cache.get("a"));
    assertEquals(2, cache.get("bb"));
    assertFalse(cache.contains("ccc"), "contains does not compute");
    assertEquals(2, computed.get());
    // "a" is the eldest; asking whether it is cached must not make it recent.
    assertTrue(cache.contains("a"));
    assertEquals(3, cache.get("ccc"));
    assertFalse(cache.contains("a"), "the eldest went out despite contains");
    assertTrue(cache.contains("bb"));
    assertEquals(2, cache.get("bb"));
    assertEquals(3, computed.get());
  }

  @Test
  void nullIsNotCached() {
    AtomicInteger computed = new AtomicInteger();
    LruCache<String, Integer> cache =
        new LruCache<>(
            4,
            k -> {
              computed.incrementAndGet();
              return null;
            });
    assertEquals(null, cache.get("x"));
    assertEquals(null, cache.get("x"));
    assertEquals(2, computed.get());
    assertFalse(cache.contains("x"));
  }
}
