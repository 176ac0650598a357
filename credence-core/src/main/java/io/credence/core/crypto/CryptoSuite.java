package io.credence.core.crypto;

import io.credence.core.Address;
import io.credence.core.Hash;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The chain-wide cryptography chosen in genesis: {@code standard} (Ed25519 + SHA-256) or {@code
 * national} (SM2 + SM3, GB/T 32918 and 32905). Every hash, signature and address on a chain uses
 * its suite.
 */
public sealed interface CryptoSuite permits Ed25519Suite, Sm2Suite {
  /** The genesis name: {@code standard} or {@code national}. */
  String name();

  Hasher hasher();

  default Hash hash(byte[] data) {
    return hasher().update(data).digest();
  }

  int publicKeyLength();

  int signatureLength();

  /**
   * True when {@code publicKey} is a well-formed key of this suite (right length, a curve point).
   */
  boolean isValidPublicKey(byte[] publicKey);

  /** Verifies without throwing: any malformed key or signature is simply {@code false}. */
  boolean verify(byte[] publicKey, byte[] message, byte[] signature);

  KeyPair generate(SecureRandom random);

  /** A signer over a raw private key; {@code random} is used only by suites that need it (SM2). */
  Signer signer(byte[] privateKey, SecureRandom random);

  default Address address(byte[] publicKey) {
    return Address.of(Arrays.copyOf(hash(publicKey).bytes(), Address.LENGTH));
  }

  /** The suite named in genesis. */
  static CryptoSuite named(String name) {
    return switch (name) {
      case "standard" -> Ed25519Suite.INSTANCE;
      case "national" -> Sm2Suite.INSTANCE;
      default ->
          throw new IllegalArgumentException(
              "crypto suite: expected 'standard' or 'national', found '" + name + "'");
    };
  }

  /** An incremental hash of the suite. */
  interface Hasher {
    Hasher update(byte[] data);

    Hasher update(byte prefix);

    /** Adds {@code hash}'s 32 bytes. */
    default Hasher update(Hash hash) {
      return update(hash.bytes());
    }

    Hash digest();
  }

  /** Signs messages with one private key. Not thread-safe. */
  interface Signer {
    byte[] publicKey();

    byte[] sign(byte[] message);
  }
}
