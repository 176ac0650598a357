package io.credence.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LruCacheTest {
  /** A cache of strings' lengths that counts its computations in {@code computed}. */
  private static LruCache<String, Integer> lengths(int max, AtomicInteger computed) {
    return new LruCache<>(
        max,
        k -> {
          computed.incrementAndGet();
          return k.length();
        });
  }

  @Test
  void evictsTheLeastRecentlyUsedAndContainsNeitherComputesNorRefreshes() {
    AtomicInteger computed = new AtomicInteger();
    LruCache<String, Integer> cache = lengths(2, computed);
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

  @Test
  void aKeyHitBetweenEveryNewOneStaysWhileTheOthersPassThrough() {
    AtomicInteger computed = new AtomicInteger();
    LruCache<String, Integer> cache = lengths(4, computed);
    cache.get("hot");
    for (int i = 0; i < 100; i++) {
      cache.get("cold-" + i);
      assertEquals(3, cache.get("hot"));
    }
    assertEquals(101, computed.get(), "only the first read of hot computed");
    assertEquals(4, cache.size());
    assertFalse(cache.contains("cold-0"));
    assertTrue(cache.contains("cold-99"));
  }

  /** A key whose hash is chosen, so that keys collide in the index. */
  private record Colliding(int id, int hash) {
    @Override
    public int hashCode() {
      return hash;
    }
  }

  @Test
  void evictionsAmongCollidingKeysLoseNoOtherEntry_andTheBoundHolds() {
    Random random = new Random(7);
    for (int max : new int[] {1, 2, 5, 8, 64, 300}) {
      AtomicInteger computed = new AtomicInteger();
      LruCache<Colliding, Integer> cache =
          new LruCache<>(
              max,
              k -> {
                computed.incrementAndGet();
                return k.id();
              });
      Set<Colliding> seen = new HashSet<>();
      for (int op = 0; op < 20_000; op++) {
        // Many keys share a hash.
        int hash = random.nextInt(max + 5);
        Colliding key = new Colliding(random.nextInt(3 * max + 3), hash);
        boolean wasCached = cache.contains(key);
        int before = computed.get();
        assertEquals(key.id(), cache.get(key));
        assertEquals(wasCached ? before : before + 1, computed.get(), "a hit does not compute");
        assertTrue(cache.contains(key), "what was just read is cached");
        seen.add(key);
        if (op % 25 != 0) {
          continue;
        }
        int held = 0;
        for (Colliding k : seen) {
          held += cache.contains(k) ? 1 : 0;
        }
        assertEquals(cache.size(), held, "every entry counted is found by its key");
        assertTrue(cache.size() <= max, "size " + cache.size() + " exceeds " + max);
      }
      assertEquals(Math.min(max, seen.size()), cache.size());
    }
  }
}
