package io.credence.p2p.tls;

import io.credence.core.crypto.CryptoSuite;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * A node's TLS certificate as the network reads it: the consensus key it names (raw, as in genesis
 * {@code Validator.publicKey}) and its suite, read from the consensus-key extension, and the
 * Ed25519 TLS key it certifies. {@link #read} checks that the two are bound (the consensus key's
 * signature over the TLS key, and in the standard suite that they are one key); whether the
 * certificate's issuer is trusted is {@link TrustAnchors}' job.
 */
public record NodeCertificate(
    X509Certificate certificate,
    String nodeName,
    CryptoSuite suite,
    byte[] consensusKey,
    byte[] tlsKey) {
  public NodeCertificate {
    consensusKey = consensusKey.clone();
    tlsKey = tlsKey.clone();
  }

  @Override
  public byte[] consensusKey() {
    return consensusKey.clone();
  }

  @Override
  public byte[] tlsKey() {
    return tlsKey.clone();
  }

  /** Reads and checks a node certificate; any malformation or mismatch is an exception. */
  public static NodeCertificate read(X509Certificate certificate) throws CertificateException {
    String where = Ed25519Certificates.name(certificate);
    if (certificate.getBasicConstraints() != -1) {
      throw new CertificateException(
          where + ": expected a node (end-entity) certificate, found a CA certificate");
    }
    byte[] tlsKey = Ed25519Certificates.rawPublicKey(certificate);
    ConsensusKeyExtension.Content content = ConsensusKeyExtension.read(certificate);
    String nodeName = commonName(certificate).orElse("");
    Optional<String> problem =
        new NodeCertificateRequest(
                nodeName, content.suite(), content.consensusKey(), tlsKey, content.possession())
            .problem();
    if (problem.isPresent()) {
      throw new CertificateException(where + ": " + problem.get());
    }
    return new NodeCertificate(
        certificate, nodeName, content.suite(), content.consensusKey(), tlsKey);
  }

  static Optional<String> commonName(X509Certificate certificate) {
    return attribute(
        X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), BCStyle.CN);
  }

  static Optional<String> attribute(X500Name name, ASN1ObjectIdentifier type) {
    RDN[] rdns = name.getRDNs(type);
    return rdns.length == 0
        ? Optional.empty()
        : Optional.of(
            rdns[0].getFirst().getValue() instanceof ASN1String text
                ? text.getString()
                : IETFUtils.valueToString(rdns[0].getFirst().getValue()));
  }
}
