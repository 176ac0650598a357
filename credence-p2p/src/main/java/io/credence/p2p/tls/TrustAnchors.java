package io.credence.p2p.tls;

import io.credence.core.crypto.CryptoSuite;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The organisation CA certificates a node trusts (those listed in genesis), and the check of a
 * peer's certificate chain against them. Chains are direct: the node certificate must be signed by
 * one of the CAs; anything the peer sends after its node certificate is ignored, so a peer cannot
 * smuggle in an intermediate CA.
 */
public final class TrustAnchors {
  public static final int AUTHORITIES_MAX = 256;

  private final List<Authority> authorities;

  private record Authority(X509Certificate certificate, byte[] key) {}

  /**
   * Trusts {@code authorities}, each a self-signed Ed25519 CA certificate, as {@link
   * CertificateAuthority} issues them.
   */
  public TrustAnchors(List<X509Certificate> authorities) {
    if (authorities.isEmpty() || authorities.size() > AUTHORITIES_MAX) {
      throw new IllegalArgumentException(
          "trust anchors: expected 1 to "
              + AUTHORITIES_MAX
              + " organisation CA certificates, found "
              + authorities.size());
    }
    List<Authority> checked = new ArrayList<>();
    for (X509Certificate certificate : authorities) {
      try {
        checked.add(new Authority(certificate, CertificateAuthority.checkAuthority(certificate)));
      } catch (CertificateException e) {
        throw new IllegalArgumentException("trust anchors: " + e.getMessage(), e);
      }
    }
    this.authorities = List.copyOf(checked);
  }

  /** The CA certificates, in the order given. */
  public List<X509Certificate> certificates() {
    return authorities.stream().map(Authority::certificate).toList();
  }

  /**
   * Checks a peer's chain (node certificate first) at {@code now}: issued by one of the CAs, valid
   * in time, a well-formed node certificate of {@code suite}. Returns the node certificate read.
   */
  public NodeCertificate verify(X509Certificate[] chain, CryptoSuite suite, Instant now)
      throws PeerCertificateException {
    if (chain == null || chain.length == 0) {
      throw new PeerCertificateException(
          PeerCertificateException.Kind.BAD_CERTIFICATE,
          "peer chain: expected a node certificate, found none");
    }
    X509Certificate node = chain[0];
    String where = Ed25519Certificates.name(node);
    Authority issuer = null;
    for (Authority authority : authorities) {
      if (authority.certificate().getSubjectX500Principal().equals(node.getIssuerX500Principal())
          && Ed25519Certificates.isSignedBy(node, authority.key())) {
        issuer = authority;
        break;
      }
    }
    if (issuer == null) {
      throw new PeerCertificateException(
          PeerCertificateException.Kind.UNKNOWN_AUTHORITY,
          where
              + ": expected a signature by one of "
              + authorities.size()
              + " organisation CAs, found issuer "
              + node.getIssuerX500Principal().getName()
              + " unknown or its signature invalid");
    }
    Date date = Date.from(now);
    try {
      node.checkValidity(date);
      issuer.certificate().checkValidity(date);
    } catch (CertificateException e) {
      throw new PeerCertificateException(
          PeerCertificateException.Kind.BAD_CERTIFICATE,
          where
              + ": expected a certificate valid at "
              + now
              + ", found validity "
              + node.getNotBefore().toInstant()
              + " to "
              + node.getNotAfter().toInstant()
              + " (CA until "
              + issuer.certificate().getNotAfter().toInstant()
              + ")");
    }
    NodeCertificate read;
    try {
      read = NodeCertificate.read(node);
    } catch (CertificateException e) {
      throw new PeerCertificateException(
          PeerCertificateException.Kind.BAD_CERTIFICATE, e.getMessage());
    }
    if (read.suite() != suite) {
      throw new PeerCertificateException(
          PeerCertificateException.Kind.BAD_CERTIFICATE,
          where
              + ": expected a consensus key of suite "
              + suite.name()
              + ", found "
              + read.suite().name());
    }
    return read;
  }
}
