package io.credence.p2p.tls;

import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.Ed25519Suite;
import io.credence.core.crypto.KeyPair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;

/**
 * The Ed25519 plumbing shared by issuing and verifying: raw keys to and from X.509 and JDK form,
 * signing a certificate with a core {@link KeyPair}, and checking an issuer's signature with core
 * crypto. Package-private: callers see certificates and {@link KeyPair}s only.
 */
final class Ed25519Certificates {
  static final String ED25519_OID = EdECObjectIdentifiers.id_Ed25519.getId();
  private static final int SERIAL_BITS = 127;
  private static final int KEY_IDENTIFIER_BYTES = 20;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ed25519Certificates() {}

  static SubjectPublicKeyInfo publicKeyInfo(byte[] rawKey) {
    return new SubjectPublicKeyInfo(
        new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), rawKey);
  }

  /** The raw 32-byte Ed25519 key of a certificate, or an exception naming what was found. */
  static byte[] rawPublicKey(X509Certificate certificate) throws CertificateException {
    SubjectPublicKeyInfo info;
    try {
      info = SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded());
    } catch (IllegalArgumentException e) {
      throw new CertificateException(
          name(certificate) + ": expected an Ed25519 public key, found an unreadable one");
    }
    String algorithm = info.getAlgorithm().getAlgorithm().getId();
    if (!algorithm.equals(ED25519_OID)) {
      throw new CertificateException(
          name(certificate) + ": expected an Ed25519 public key, found algorithm " + algorithm);
    }
    byte[] key = info.getPublicKeyData().getOctets();
    if (!Ed25519Suite.INSTANCE.isValidPublicKey(key)) {
      throw new CertificateException(
          name(certificate) + ": expected a valid Ed25519 public key, found an invalid point");
    }
    return key;
  }

  /** True when {@code issuer}'s Ed25519 key signed {@code certificate}. */
  static boolean isSignedBy(X509Certificate certificate, byte[] issuerKey) {
    if (!certificate.getSigAlgOID().equals(ED25519_OID)) {
      return false;
    }
    try {
      return Ed25519Suite.INSTANCE.verify(
          issuerKey, certificate.getTBSCertificate(), certificate.getSignature());
    } catch (CertificateException e) {
      return false;
    }
  }

  /** The key identifier of RFC 7093 method 1: the leftmost 160 bits of SHA-256 of the key. */
  static byte[] keyIdentifier(byte[] rawKey) {
    try {
      return Arrays.copyOf(
          MessageDigest.getInstance("SHA-256").digest(rawKey), KEY_IDENTIFIER_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static BigInteger serialNumber() {
    return new BigInteger(SERIAL_BITS, RANDOM).add(BigInteger.ONE);
  }

  static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKey) {
    CryptoSuite.Signer signer = issuerKey.suite().signer(issuerKey.privateKey(), RANDOM);
    ByteArrayOutputStream tbs = new ByteArrayOutputStream();
    ContentSigner contentSigner =
        new ContentSigner() {
          @Override
          public AlgorithmIdentifier getAlgorithmIdentifier() {
            return new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);
          }

          @Override
          public OutputStream getOutputStream() {
            return tbs;
          }

          @Override
          public byte[] getSignature() {
            return signer.sign(tbs.toByteArray());
          }
        };
    try {
      return parse(builder.build(contentSigner).getEncoded());
    } catch (IOException | CertificateException e) {
      throw new IllegalStateException("encoding a certificate we just built failed", e);
    }
  }

  static X509Certificate parse(byte[] der) throws CertificateException {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  /** The JDK form of a raw Ed25519 private key, as the JDK's TLS provider needs it. */
  static PrivateKey jdkPrivateKey(byte[] seed) {
    try {
      byte[] pkcs8 =
          new PrivateKeyInfo(
                  new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
                  new DEROctetString(seed))
              .getEncoded();
      return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot read an Ed25519 private key", e);
    }
  }

  static String name(X509Certificate certificate) {
    return "certificate " + certificate.getSubjectX500Principal().getName();
  }
}
