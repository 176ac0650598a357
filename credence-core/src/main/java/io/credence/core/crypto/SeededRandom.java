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
      random.setSeed(seed);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA1PRNG, which every JDK provides", e);
    }
  }
}
