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
 * it in: an X.509 certificate, Ed25519, a CA (basic constraints), signed by its own key. Dates are
 * not checked here (the chain reads no clock): the transport checks them at each handshake.
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
