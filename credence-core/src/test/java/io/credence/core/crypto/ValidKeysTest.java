package io.credence.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ValidKeysTest {
  @Test
  void validKeys_rememberedUpToTheBound_invalidOnesNever() {
    AtomicInteger checks = new AtomicInteger();
    // Keys whose first byte is even are "valid".
    ValidKeys keys =
        new ValidKeys(
            k -> {
              checks.incrementAndGet();
              return (k[0] & 1) == 0;
            });
    byte[] good = {2, 0, 0, 7};
    byte[] bad = {3, 0, 0, 7};
    assertTrue(keys.test(good));
    assertTrue(keys.test(good.clone()));
    assertEquals(1, checks.get(), "a valid key is checked once");
    assertFalse(keys.test(bad));
    assertFalse(keys.test(bad));
    assertEquals(3, checks.get(), "an invalid key is checked every time, and holds no memory");
    // The caller's array may change afterwards: what is remembered is a copy.
    byte[] mutable = {4, 1};
    assertTrue(keys.test(mutable));
    mutable[0] = 5;
    assertFalse(keys.test(mutable));
    // Past the bound a key not asked for again is forgotten, and checked again: after two bounds'
    // worth of new keys, even a key asked for twice has had its second chance.
    for (int i = 0; i < 2 * ValidKeys.CACHED_MAX; i++) {
      keys.test(new byte[] {0, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
      assertTrue(keys.size() <= ValidKeys.CACHED_MAX, "remembered past the bound");
    }
    int before = checks.get();
    assertTrue(keys.test(good));
    assertEquals(before + 1, checks.get(), "the old key fell out past " + ValidKeys.CACHED_MAX);
  }

  @Test
  void suites_answerAsBefore_forValidAndInvalidKeys() {
    for (CryptoSuite suite : new CryptoSuite[] {Ed25519Suite.INSTANCE, Sm2Suite.INSTANCE}) {
      byte[] key = suite.generate(new SecureRandom()).publicKey();
      assertTrue(suite.isValidPublicKey(key), suite.name());
      assertTrue(suite.isValidPublicKey(key), suite.name() + ", remembered");
      byte[] shortKey = java.util.Arrays.copyOf(key, key.length - 1);
      assertFalse(suite.isValidPublicKey(shortKey), suite.name() + ": short key");
      // Right length, not a point: Ed25519's y is not canonical (at least p); SM2's is off the
      // curve.
      byte[] offCurve = new byte[key.length];
      java.util.Arrays.fill(offCurve, (byte) 0x01);
      if (suite == Ed25519Suite.INSTANCE) {
        java.util.Arrays.fill(offCurve, (byte) 0xff);
        offCurve[31] = 0x7f;
      } else {
        offCurve[0] = 0x04;
      }
      assertFalse(suite.isValidPublicKey(offCurve), suite.name() + ": not a point");
      assertFalse(suite.isValidPublicKey(offCurve), suite.name() + ": not a point, asked again");
    }
  }
}
