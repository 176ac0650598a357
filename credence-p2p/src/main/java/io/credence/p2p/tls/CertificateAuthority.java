package io.credence.p2p.tls;

import io.credence.core.crypto.Ed25519Suite;
import io.credence.core.crypto.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * An organisation's certificate authority: a self-signed X.509 v3 Ed25519 CA certificate (basic
 * constraints CA, key usage keyCertSign) and its key, which issues the TLS certificates of the
 * organisation's nodes. Genesis lists each organisation's CA certificate; a node trusts exactly
 * those ({@link TrustAnchors}).
 *
 * <p>Development consortia use {@link #DEVELOPMENT_VALIDITY} (ten years) so that a test network
 * never stops on an expired certificate; production CAs choose their own validity and reissue.
 */
public final class CertificateAuthority {
  /** Ten years: long enough that a development consortium never meets an expiry. */
  public static final Duration DEVELOPMENT_VALIDITY = Duration.ofDays(3653);

  public static final int ORGANISATION_CHARS_MAX = 128;

  private final X509Certificate certificate;
  private final KeyPair key;
  private final String organisation;

  /** A CA from its certificate and key (as read from files); they must belong together. */
  public CertificateAuthority(X509Certificate certificate, KeyPair key) {
    byte[] certified;
    try {
      certified = checkAuthority(certificate);
    } catch (CertificateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (key.suite() != Ed25519Suite.INSTANCE || !Arrays.equals(certified, key.publicKey())) {
      throw new IllegalArgumentException(
          Ed25519Certificates.name(certificate)
              + ": expected the CA key it certifies, found another "
              + key.suite().name()
              + " key");
    }
    this.certificate = certificate;
    this.key = key;
    this.organisation =
        NodeCertificate.attribute(
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), BCStyle.O)
            .orElse("");
  }

  /**
   * Creates the self-signed CA of {@code organisation} with the Ed25519 {@code key}, valid from
   * {@code notBefore} for {@code validity}.
   */
  public static CertificateAuthority create(
      String organisation, KeyPair key, Instant notBefore, Duration validity) {
    if (organisation.isBlank() || organisation.length() > ORGANISATION_CHARS_MAX) {
      throw new IllegalArgumentException(
          "CA organisation: expected 1 to "
              + ORGANISATION_CHARS_MAX
              + " characters, found "
              + organisation.length());
    }
    if (key.suite() != Ed25519Suite.INSTANCE) {
      throw new IllegalArgumentException(
          "CA key of '" + organisation + "': expected an Ed25519 key, found " + key.suite().name());
    }
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, organisation)
            .addRDN(BCStyle.CN, organisation + " CA")
            .build();
    byte[] publicKey = key.publicKey();
    X509v3CertificateBuilder builder = builder(subject, subject, publicKey, notBefore, validity);
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          new SubjectKeyIdentifier(Ed25519Certificates.keyIdentifier(publicKey)));
    } catch (CertIOException e) {
      throw new IllegalStateException("encoding a CA extension failed", e);
    }
    return new CertificateAuthority(Ed25519Certificates.sign(builder, key), key);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** The organisation name in the CA's subject (O=). */
  public String organisation() {
    return organisation;
  }

  /**
   * Issues the node certificate {@code request} asks for, valid from {@code notBefore} for {@code
   * validity}; the request's possession signature must verify.
   */
  public X509Certificate issue(
      NodeCertificateRequest request, Instant notBefore, Duration validity) {
    request
        .problem()
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.O, organisation)
            .addRDN(BCStyle.CN, request.nodeName())
            .build();
    X500Name issuer = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    byte[] tlsKey = request.tlsKey();
    X509v3CertificateBuilder builder = builder(issuer, subject, tlsKey, notBefore, validity);
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          new SubjectKeyIdentifier(Ed25519Certificates.keyIdentifier(tlsKey)));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          new AuthorityKeyIdentifier(Ed25519Certificates.keyIdentifier(key.publicKey())));
      builder.addExtension(
          ConsensusKeyExtension.OID,
          false,
          ConsensusKeyExtension.encode(
              request.suite(), request.consensusKey(), request.possession()));
    } catch (CertIOException e) {
      throw new IllegalStateException("encoding a node certificate extension failed", e);
    }
    return Ed25519Certificates.sign(builder, key);
  }

  /**
   * Issues a node's whole TLS identity in one step, for development consortia whose tooling holds
   * every key: in the standard suite the TLS key is {@code consensusKey}; in the national suite a
   * fresh Ed25519 TLS key is generated (store it with the node's keys).
   */
  public TlsIdentity issueNode(
      String nodeName, KeyPair consensusKey, Instant notBefore, Duration validity) {
    KeyPair tlsKey =
        consensusKey.suite() == Ed25519Suite.INSTANCE
            ? consensusKey
            : Ed25519Suite.INSTANCE.generate(new SecureRandom());
    X509Certificate node =
        issue(NodeCertificateRequest.create(nodeName, consensusKey, tlsKey), notBefore, validity);
    return new TlsIdentity(consensusKey, tlsKey, List.of(node, certificate));
  }

  /** Checks that {@code certificate} is a self-signed Ed25519 CA; returns its raw key. */
  static byte[] checkAuthority(X509Certificate certificate) throws CertificateException {
    String where = Ed25519Certificates.name(certificate);
    byte[] key = Ed25519Certificates.rawPublicKey(certificate);
    if (certificate.getBasicConstraints() < 0) {
      throw new CertificateException(
          where + ": expected a CA certificate (basic constraints CA), found an end-entity one");
    }
    boolean[] usage = certificate.getKeyUsage();
    if (usage == null || usage.length <= 5 || !usage[5]) {
      throw new CertificateException(where + ": expected key usage keyCertSign, found it missing");
    }
    if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
        || !Ed25519Certificates.isSignedBy(certificate, key)) {
      throw new CertificateException(
          where
              + ": expected a self-signed organisation CA, found issuer "
              + certificate.getIssuerX500Principal().getName());
    }
    return key;
  }

  private static X509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, byte[] publicKey, Instant notBefore, Duration validity) {
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException(
          "certificate validity: expected a positive duration, found " + validity);
    }
    return new X509v3CertificateBuilder(
        issuer,
        Ed25519Certificates.serialNumber(),
        Date.from(notBefore),
        Date.from(notBefore.plus(validity)),
        subject,
        Ed25519Certificates.publicKeyInfo(publicKey));
  }
}
