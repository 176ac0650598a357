package io.credence.execution.consensus;

import io.credence.core.crypto.Ed25519Suite;
import java.io.IOException;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * The check the chain makes of an organisation's TLS CA certificate before the consortium may vote
 * it in: an X.509 certificate in canonical DER, Ed25519 with a whole 32-byte key, a CA (basic
 * constraints) that may sign certificates (key usage keyCertSign), signed by its own key: what the
 * transport's {@code CertificateAuthority.checkAuthority} requires, so that a CA the chain accepts
 * is one every node can trust. Dates are not checked here (the chain reads no clock): the transport
 * checks them at each handshake.
 */
public final class OrganisationCa {
  private static final int ED25519_KEY_BYTES = 32;

  private OrganisationCa() {}

  /** What is wrong with {@code der} as an organisation CA certificate; empty if nothing. */
  public static Optional<String> problem(byte[] der) {
    Certificate c;
    try {
      c = Certificate.getInstance(ASN1Primitive.fromByteArray(der));
    } catch (IOException | IllegalArgumentException | ClassCastException e) {
      return Optional.of("expected a DER X.509 certificate, found bytes that do not parse");
    }
    if (c == null) {
      return Optional.of("expected a DER X.509 certificate, found none");
    }
    try {
      // Exactly DER, nothing after it: the form every node's TLS stack reads the same way.
      if (!java.util.Arrays.equals(c.getEncoded(ASN1Encoding.DER), der)) {
        return Optional.of("expected a certificate in canonical DER, found another encoding");
      }
    } catch (IOException e) {
      return Optional.of("expected a DER X.509 certificate, found one that does not re-encode");
    }
    if (!EdECObjectIdentifiers.id_Ed25519.equals(c.getSignatureAlgorithm().getAlgorithm())
        || !EdECObjectIdentifiers.id_Ed25519.equals(
            c.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm())) {
      return Optional.of(
          "expected an Ed25519 CA certificate, found signature algorithm "
              + c.getSignatureAlgorithm().getAlgorithm().getId());
    }
    BasicConstraints constraints =
        c.getTBSCertificate().getExtensions() == null
            ? null
            : BasicConstraints.fromExtensions(c.getTBSCertificate().getExtensions());
    if (constraints == null || !constraints.isCA()) {
      return Optional.of(
          "expected a CA certificate (basic constraints CA), found an end-entity one");
    }
    org.bouncycastle.asn1.x509.KeyUsage usage =
        org.bouncycastle.asn1.x509.KeyUsage.fromExtensions(c.getTBSCertificate().getExtensions());
    if (usage == null || !usage.hasUsages(org.bouncycastle.asn1.x509.KeyUsage.keyCertSign)) {
      return Optional.of("expected key usage keyCertSign, found it missing");
    }
    if (c.getSubjectPublicKeyInfo().getPublicKeyData().getPadBits() != 0) {
      return Optional.of("expected a whole-byte Ed25519 key, found padding bits");
    }
    byte[] key = c.getSubjectPublicKeyInfo().getPublicKeyData().getBytes();
    if (key.length != ED25519_KEY_BYTES) {
      return Optional.of("expected a 32-byte Ed25519 key, found " + key.length + " bytes");
    }
    byte[] signed;
    try {
      signed = c.getTBSCertificate().getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      return Optional.of("expected a DER X.509 certificate, found one that does not re-encode");
    }
    if (!c.getSubject().equals(c.getIssuer())
        || !Ed25519Suite.INSTANCE.verify(key, signed, c.getSignature().getBytes())) {
      return Optional.of(
          "expected a self-signed organisation CA, found issuer "
              + c.getIssuer()
              + " (subject "
              + c.getSubject()
              + ")");
    }
    return Optional.empty();
  }
}
