package io.credence.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Hash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.junit.jupiter.api.Test;

class DigestPoolTest {
  private static final List<CryptoSuite> SUITES = List.of(Ed25519Suite.INSTANCE, Sm2Suite.INSTANCE);

  /** The suite's digest of {@code parts} by an engine made for this call alone. */
  private static byte[] reference(CryptoSuite suite, byte[]... parts) throws Exception {
    if (suite == Ed25519Suite.INSTANCE) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        d.update(p);
      }
      return d.digest();
    }
    SM3Digest d = new SM3Digest();
    for (byte[] p : parts) {
      d.update(p, 0, p.length);
    }
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void interleavedHashers_eachKeepItsOwnEngine() throws Exception {
    for (CryptoSuite suite : SUITES) {
      CryptoSuite.Hasher outer = suite.hasher().update(utf8("outer-"));
      // A second hasher, made and finished while the first is half-way, must not share its engine.
      Hash inner = suite.hasher().update(utf8("inner")).digest();
      assertArrayEquals(reference(suite, utf8("inner")), inner.bytes(), suite.name());
      Hash both = outer.update(utf8("rest")).digest();
      assertArrayEquals(reference(suite, utf8("outer-"), utf8("rest")), both.bytes(), suite.name());
    }
  }

  @Test
  void aHasherUsedAfterItsDigest_startsAfresh_andAnAbandonedOneLeavesNoTrace() throws Exception {
    for (CryptoSuite suite : SUITES) {
      CryptoSuite.Hasher h = suite.hasher();
      h.update(utf8("first")).digest();
      assertArrayEquals(
          reference(suite, utf8("second")), h.update(utf8("second")).digest().bytes());
      // Fed and never digested: its engine is not given back half-fed.
      suite.hasher().update(utf8("abandoned"));
      assertArrayEquals(reference(suite, utf8("next")), suite.hash(utf8("next")).bytes());
    }
  }

  @Test
  void updateWithAHash_equalsUpdateWithItsBytes() throws Exception {
    for (CryptoSuite suite : SUITES) {
      Hash a = suite.hash(utf8("a"));
      Hash b = suite.hash(utf8("b"));
      Hash viaHashes = suite.hasher().update((byte) 1).update(a).update(b).digest();
      assertArrayEquals(reference(suite, new byte[] {1}, a.bytes(), b.bytes()), viaHashes.bytes());
    }
  }

  @Test
  void idleEngines_boundedByKeptMax() {
    AtomicInteger made = new AtomicInteger();
    DigestPool<Object> pool =
        new DigestPool<>(
            () -> {
              made.incrementAndGet();
              return new Object();
            });
    List<Object> taken = new ArrayList<>();
    for (int i = 0; i < DigestPool.KEPT_MAX + 5; i++) {
      taken.add(pool.take());
    }
    assertEquals(DigestPool.KEPT_MAX + 5, made.get(), "an empty pool makes an engine each time");
    taken.forEach(pool::give);
    assertEquals(DigestPool.KEPT_MAX, pool.idle(), "no more than KEPT_MAX kept idle");
    for (int i = 0; i < DigestPool.KEPT_MAX; i++) {
      pool.take();
    }
    assertEquals(DigestPool.KEPT_MAX + 5, made.get(), "kept engines are reused, none made");
  }

  @Test
  void threadsHashingAtOnce_allGetTheRightDigests() throws Exception {
    for (CryptoSuite suite : SUITES) {
      int threads = 4;
      int each = 2_000;
      AtomicInteger wrong = new AtomicInteger();
      List<Thread> started = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        Thread thread =
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < each; i++) {
                      byte[] a = utf8(id + ":" + i);
                      byte[] b = utf8("/" + i);
                      if (!java.util.Arrays.equals(
                          reference(suite, a, b),
                          suite.hasher().update(a).update(b).digest().bytes())) {
                        wrong.incrementAndGet();
                      }
                    }
                  } catch (Exception e) {
                    wrong.incrementAndGet();
                  }
                });
        thread.start();
        started.add(thread);
      }
      for (Thread t : started) {
        t.join();
      }
      assertEquals(0, wrong.get(), suite.name());
      assertTrue(Sha256Hasher.POOL.idle() <= DigestPool.KEPT_MAX);
    }
  }
}
