package io.credence.core.crypto;

import io.credence.core.LruCache;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * SM2 signatures (GB/T 32918, curve sm2p256v1, the default user id 1234567812345678) with SM3
 * hashes. Public keys are 65-byte uncompressed points; signatures are the 64-byte plain r||s form.
 */
public final class Sm2Suite implements CryptoSuite {
  public static final Sm2Suite INSTANCE = new Sm2Suite();
  public static final int KEYS_CACHED_MAX = 4096;

  static final X9ECParameters CURVE = GMNamedCurves.getByName("sm2p256v1");
  static final ECNamedDomainParameters DOMAIN =
      new ECNamedDomainParameters(GMObjectIdentifiers.sm2p256v1, CURVE);
  private static final byte[] USER_ID =
      "1234567812345678".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int PUBLIC_KEY_LENGTH = 65;
  private static final int SIGNATURE_LENGTH = 64;

  /**
   * Decoded public keys with BouncyCastle's precomputation attached: reused, they halve a
   * verification.
   */
  private final LruCache<ByteBuffer, ECPublicKeyParameters> keys =
      new LruCache<>(KEYS_CACHED_MAX, b -> decodeKey(b.array()));

  private static ECPublicKeyParameters decodeKey(byte[] k) {
    ECPoint point = decode(k);
    return point == null ? null : new ECPublicKeyParameters(point, DOMAIN);
  }

  private final ValidKeys validKeys = new ValidKeys(k -> decode(k) != null);

  private static final DigestPool<org.bouncycastle.crypto.Digest> SM3_ENGINES =
      new DigestPool<>(SM3Digest::new);

  private Sm2Suite() {}

  @Override
  public String name() {
    return "national";
  }

  @Override
  public Hasher hasher() {
    return new DigestHasher(SM3_ENGINES);
  }

  @Override
  public int publicKeyLength() {
    return PUBLIC_KEY_LENGTH;
  }

  @Override
  public int signatureLength() {
    return SIGNATURE_LENGTH;
  }

  private static ECPoint decode(byte[] publicKey) {
    if (publicKey.length != PUBLIC_KEY_LENGTH || publicKey[0] != 0x04) {
      return null;
    }
    try {
      ECPoint point = CURVE.getCurve().decodePoint(publicKey);
      return point.isValid() && !point.isInfinity() ? point : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public boolean isValidPublicKey(byte[] publicKey) {
    return keys.contains(ByteBuffer.wrap(publicKey)) || validKeys.test(publicKey);
  }

  @Override
  public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    ECPublicKeyParameters key = keys.get(ByteBuffer.wrap(publicKey.clone()));
    if (key == null) {
      return false;
    }
    SM2Signer verifier = new SM2Signer(PlainDSAEncoding.INSTANCE);
    verifier.init(false, new ParametersWithID(key, USER_ID));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  @Override
  public KeyPair generate(SecureRandom random) {
    BigInteger n = CURVE.getN();
    BigInteger d;
    do {
      d = BigIntegers.createRandomBigInteger(n.bitLength(), random);
    } while (d.signum() == 0 || d.compareTo(n.subtract(BigInteger.ONE)) >= 0);
    byte[] privateKey = BigIntegers.asUnsignedByteArray(32, d);
    return new KeyPair(this, privateKey, publicKeyOf(d));
  }

  static byte[] publicKeyOf(BigInteger d) {
    return CURVE.getG().multiply(d).normalize().getEncoded(false);
  }

  @Override
  public Signer signer(byte[] privateKey, SecureRandom random) {
    if (privateKey.length != 32) {
      throw new IllegalArgumentException(
          "SM2 private key: expected 32 bytes, found " + privateKey.length);
    }
    BigInteger d = BigIntegers.fromUnsignedByteArray(privateKey);
    if (d.signum() == 0 || d.compareTo(CURVE.getN().subtract(BigInteger.ONE)) >= 0) {
      throw new IllegalArgumentException(
          "SM2 private key: expected a scalar in [1, n-2], found one outside");
    }
    ECPrivateKeyParameters key = new ECPrivateKeyParameters(d, DOMAIN);
    byte[] publicKey = publicKeyOf(d);
    return new Signer() {
      @Override
      public byte[] publicKey() {
        return publicKey.clone();
      }

      @Override
      public byte[] sign(byte[] message) {
        SM2Signer signer = new SM2Signer(PlainDSAEncoding.INSTANCE);
        signer.init(true, new ParametersWithID(new ParametersWithRandom(key, random), USER_ID));
        signer.update(message, 0, message.length);
        try {
          return signer.generateSignature();
        } catch (CryptoException e) {
          throw new IllegalStateException("SM2 signing failed", e);
        }
      }
    };
  }
}
