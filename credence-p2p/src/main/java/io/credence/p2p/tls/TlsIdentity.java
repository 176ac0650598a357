package io.credence.p2p.tls;

import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.Ed25519Suite;
import io.credence.core.crypto.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * What a node shows in a TLS handshake: its consensus key, its Ed25519 TLS key (the consensus key
 * itself in the standard suite) and its certificate chain, node certificate first, then its
 * organisation's CA certificate. The constructor checks that the three belong together.
 */
public record TlsIdentity(KeyPair consensusKey, KeyPair tlsKey, List<X509Certificate> chain) {
  public TlsIdentity {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException(
          "TLS identity: expected a certificate chain, node certificate first, found none");
    }
    NodeCertificate node;
    try {
      node = NodeCertificate.read(chain.get(0));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("TLS identity: " + e.getMessage(), e);
    }
    if (tlsKey.suite() != Ed25519Suite.INSTANCE
        || !Arrays.equals(node.tlsKey(), tlsKey.publicKey())) {
      throw new IllegalArgumentException(
          "TLS identity: expected the Ed25519 TLS key the node certificate certifies, found"
              + " another "
              + tlsKey.suite().name()
              + " key");
    }
    if (node.suite() != consensusKey.suite()
        || !Arrays.equals(node.consensusKey(), consensusKey.publicKey())) {
      throw new IllegalArgumentException(
          "TLS identity: expected the "
              + node.suite().name()
              + " consensus key the node certificate names, found another "
              + consensusKey.suite().name()
              + " key");
    }
  }

  /** The chain's node certificate, read. */
  public NodeCertificate node() {
    try {
      return NodeCertificate.read(chain.get(0));
    } catch (CertificateException e) {
      throw new IllegalStateException("checked at construction", e);
    }
  }

  public CryptoSuite suite() {
    return consensusKey.suite();
  }

  /** The TLS private key in the JDK's form, for the JDK's TLS provider. */
  public PrivateKey tlsPrivateKey() {
    return Ed25519Certificates.jdkPrivateKey(tlsKey.privateKey());
  }
}
