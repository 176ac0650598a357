package io.credence.core.crypto;

import io.credence.core.LruCache;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 (RFC 8032) through BouncyCastle's low-level {@link Ed25519} class, which verifies several
 * times faster here than the JDK's provider, with SHA-256 from the JDK (see {@link Sha256Hasher}).
 */
public final class Ed25519Suite implements CryptoSuite {
  public static final Ed25519Suite INSTANCE = new Ed25519Suite();
  public static final int KEYS_CACHED_MAX = 4096;

  /** Decoded public keys: decoding costs a good part of a verification, and senders repeat. */
  private final LruCache<ByteBuffer, Ed25519.PublicPoint> keys =
      new LruCache<>(KEYS_CACHED_MAX, b -> decodeKey(b.array()));

  private static Ed25519.PublicPoint decodeKey(byte[] k) {
    return k.length == Ed25519.PUBLIC_KEY_SIZE
        ? Ed25519.validatePublicKeyPartialExport(k, 0)
        : null;
  }

  private final ValidKeys validKeys = new ValidKeys(k -> decodeKey(k) != null);

  private Ed25519Suite() {}

  @Override
  public String name() {
    return "standard";
  }

  @Override
  public Hasher hasher() {
    return new Sha256Hasher();
  }

  @Override
  public int publicKeyLength() {
    return Ed25519.PUBLIC_KEY_SIZE;
  }

  @Override
  public int signatureLength() {
    return Ed25519.SIGNATURE_SIZE;
  }

  /**
   * A canonical encoding of a curve point that is not one of the eight small-order points (the
   * policy libsodium applies). A key with a torsion component passes: it allows no forgery, and the
   * full prime-order check costs as much as a signature verification.
   */
  @Override
  public boolean isValidPublicKey(byte[] publicKey) {
    // Keys checked only for validity (say, an account being registered) are remembered apart, so
    // that they do not push the senders' keys, which verifications reuse, out of their cache.
    return keys.contains(ByteBuffer.wrap(publicKey)) || validKeys.test(publicKey);
  }

  @Override
  public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    Ed25519.PublicPoint point = keys.get(ByteBuffer.wrap(publicKey.clone()));
    return point != null && Ed25519.verify(signature, 0, point, message, 0, message.length);
  }

  @Override
  public KeyPair generate(SecureRandom random) {
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    random.nextBytes(seed);
    return new KeyPair(this, seed, publicKeyOf(seed));
  }

  static byte[] publicKeyOf(byte[] seed) {
    byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    return publicKey;
  }

  @Override
  public Signer signer(byte[] privateKey, SecureRandom random) {
    if (privateKey.length != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException(
          "Ed25519 private key: expected 32 bytes, found " + privateKey.length);
    }
    byte[] seed = privateKey.clone();
    byte[] publicKey = publicKeyOf(seed);
    return new Signer() {
      @Override
      public byte[] publicKey() {
        return publicKey.clone();
      }

      @Override
      public byte[] sign(byte[] message) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
        return signature;
      }
    };
  }
}
