package io.credence.p2p.network;

import java.security.cert.CertificateException;

/**
 * Our trust manager's refusal of a peer's certificate, carrying the drop reason through the TLS
 * provider (which wraps it as the cause of its handshake exception) to the failed-handshake count.
 */
final class PeerRefusal extends CertificateException {
  private static final long serialVersionUID = 1L;
  private static final int CAUSES_MAX = 16;

  final DropReason reason;

  PeerRefusal(DropReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The reason a handshake failed: ours if a refusal is among the causes, else the generic one. */
  static DropReason reasonOf(Throwable failure) {
    Throwable cause = failure;
    for (int i = 0; i < CAUSES_MAX && cause != null; i++) {
      if (cause instanceof PeerRefusal refusal) {
        return refusal.reason;
      }
      cause = cause.getCause();
    }
    return DropReason.HANDSHAKE_FAILED;
  }
}
