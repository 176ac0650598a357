package io.credence.p2p.tls;

import java.security.cert.CertificateException;

/** A peer's certificate chain refused by {@link TrustAnchors}, with the kind of refusal. */
public final class PeerCertificateException extends CertificateException {
  private static final long serialVersionUID = 1L;

  /** Why a chain was refused. */
  public enum Kind {
    /** The node certificate was not issued by (signed by) any of the organisation CAs. */
    UNKNOWN_AUTHORITY,
    /** Issued by a trusted CA but unusable: expired, malformed, wrong suite, keys not bound. */
    BAD_CERTIFICATE
  }

  private final Kind kind;

  public PeerCertificateException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
