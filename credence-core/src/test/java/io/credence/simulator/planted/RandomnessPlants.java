package io.credence.simulator.planted;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.bouncycastle.crypto.CryptoServicesRegistrar;

/**
 * Every entry point to unseeded randomness, one per class: each must fail {@code
 * NO_UNSEEDED_RANDOMNESS}.
 */
public final class RandomnessPlants {
  private RandomnessPlants() {}

  static final class NewRandom {
    Object run() {
      return new Random();
    }
  }

  static final class SubclassOfRandom extends Random {
    SubclassOfRandom() {
      super();
    }
  }

  static final class MathRandom {
    double run() {
      return Math.random();
    }
  }

  static final class StrictMathRandom {
    double run() {
      return StrictMath.random();
    }
  }

  static final class ThreadLocalRandomCurrent {
    int run() {
      return ThreadLocalRandom.current().nextInt();
    }
  }

  static final class NewSecureRandom {
    Object run() {
      return new SecureRandom();
    }
  }

  static final class NewSecureRandomWithSeedBytes {
    // The default provider mixes these bytes with the host's entropy.
    Object run() {
      return new SecureRandom(new byte[] {1});
    }
  }

  static final class SecureRandomGetInstance {
    // The call SeededRandom.of is allowed to make, made anywhere else.
    Object run() throws NoSuchAlgorithmException {
      return SecureRandom.getInstance("SHA1PRNG");
    }
  }

  static final class SecureRandomGetInstanceStrong {
    Object run() throws NoSuchAlgorithmException {
      return SecureRandom.getInstanceStrong();
    }
  }

  static final class SecureRandomGetSeed {
    Object run() {
      return SecureRandom.getSeed(8);
    }
  }

  static final class UuidRandom {
    Object run() {
      return UUID.randomUUID();
    }
  }

  static final class NewSplittableRandom {
    Object run() {
      return new SplittableRandom();
    }
  }

  static final class ShuffleWithoutRandom {
    void run(List<String> order) {
      Collections.shuffle(order);
    }
  }

  static final class RandomGeneratorGetDefault {
    Object run() {
      return RandomGenerator.getDefault();
    }
  }

  static final class RandomGeneratorOf {
    Object run() {
      return RandomGenerator.of("L64X128MixRandom");
    }
  }

  static final class RandomGeneratorFactoryCreate {
    Object run() {
      return RandomGeneratorFactory.of("L64X128MixRandom").create();
    }
  }

  static final class IdentityHashCode {
    int run(Object o) {
      return System.identityHashCode(o);
    }
  }

  static final class BouncyCastleDefaultRandom {
    Object run() {
      return CryptoServicesRegistrar.getSecureRandom();
    }
  }
}
