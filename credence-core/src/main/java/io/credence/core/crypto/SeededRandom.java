package io.credence.core.crypto;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * A deterministic {@link SecureRandom} from a seed (the JDK's SHA1PRNG, seeded before first use),
 * for the simulator, benchmarks and tests: the same seed gives the same keys and signatures. Never
 * for production keys, which come from an unseeded {@code new SecureRandom()} at the application's
 * edge.
 */
public final class SeededRandom {
  private SeededRandom() {}

  public static SecureRandom of(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      // The seed's bytes, low byte first: what setSeed(long) passes on for any seed but 0, which it
      // ignores (the generator then seeds itself from the system, and seed 0 would not replay).
      byte[] bytes = new byte[Long.BYTES];
      long rest = seed;
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) rest;
        rest >>= 8;
      }
      random.setSeed(bytes);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA1PRNG, which every JDK provides", e);
    }
  }
}
