package io.credence.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The same seed, the same bytes: seed 0 included, and every other seed as before. */
class SeededRandomTest {
  @Test
  void seedZero_replays() {
    // setSeed(0L) is ignored by the JDK: the generator then seeded itself from the system.
    assertEquals(SeededRandom.of(0).nextLong(), SeededRandom.of(0).nextLong());
  }

  @Test
  void otherSeeds_giveWhatSetSeedOfTheLongGave() throws Exception {
    for (long seed : new long[] {1, 2, 101, -1, Long.MAX_VALUE, Long.MIN_VALUE}) {
      SecureRandom before = SecureRandom.getInstance("SHA1PRNG");
      before.setSeed(seed);
      byte[] expected = new byte[64];
      before.nextBytes(expected);
      byte[] found = new byte[64];
      SeededRandom.of(seed).nextBytes(found);
      assertArrayEquals(expected, found, "seed " + seed);
    }
  }
}
