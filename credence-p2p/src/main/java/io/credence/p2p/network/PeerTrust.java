package io.credence.p2p.network;

import io.credence.p2p.tls.NodeCertificate;
import io.credence.p2p.tls.PeerCertificateException;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Decides, inside the TLS handshake and in both directions, whether the other side may connect: its
 * node certificate must be signed by one of the organisation CAs ({@link
 * io.credence.p2p.tls.TrustAnchors}) and the consensus key it names must be in the allowed set. No
 * host name is checked: a peer is who its key says, wherever it connects from.
 */
final class PeerTrust extends X509ExtendedTrustManager {
  private static final X509Certificate[] NO_ISSUERS = {};
  private final PeerNetwork network;

  PeerTrust(PeerNetwork network) {
    this.network = network;
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    NodeCertificate node;
    try {
      node = network.verify(chain);
    } catch (PeerCertificateException e) {
      throw new PeerRefusal(
          e.kind() == PeerCertificateException.Kind.UNKNOWN_AUTHORITY
              ? DropReason.HANDSHAKE_UNKNOWN_CA
              : DropReason.HANDSHAKE_BAD_CERTIFICATE,
          e.getMessage());
    }
    PeerKey key = new PeerKey(node.consensusKey());
    if (!network.isAllowed(key)) {
      throw new PeerRefusal(
          DropReason.HANDSHAKE_KEY_NOT_ALLOWED,
          "peer "
              + node.nodeName()
              + ": expected a consensus key in the allowed set, found "
              + key
              + " outside it");
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  /**
   * None advertised: the client then always presents its chain, so a certificate from an unknown CA
   * reaches {@link #check} and is counted as such instead of failing as an empty chain.
   */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return NO_ISSUERS;
  }
}
