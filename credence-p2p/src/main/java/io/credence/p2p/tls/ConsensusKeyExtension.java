package io.credence.p2p.tls;

import io.credence.core.crypto.CryptoSuite;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;

/**
 * The node certificate's non-critical extension that names the node's consensus key, so that a
 * verifier never has to guess it from the TLS key:
 *
 * <pre>
 * CredenceConsensusKey ::= SEQUENCE {
 *   suite        UTF8String,    -- "standard" or "national", as in genesis
 *   consensusKey OCTET STRING,  -- raw, as in genesis Validator.publicKey
 *   possession   OCTET STRING } -- consensus-key signature over POSSESSION_DOMAIN || TLS key
 * </pre>
 *
 * The identifier is a UUID-derived OID under {@code 2.25} (ITU-T X.667), which needs no
 * registration and cannot collide with anyone else's.
 */
final class ConsensusKeyExtension {
  static final ASN1ObjectIdentifier OID =
      new ASN1ObjectIdentifier("2.25.98855189905262911769091604111202134575");
  static final int SUITE_CHARS_MAX = 16;

  private ConsensusKeyExtension() {}

  /** The decoded extension. */
  record Content(CryptoSuite suite, byte[] consensusKey, byte[] possession) {}

  static byte[] encode(CryptoSuite suite, byte[] consensusKey, byte[] possession) {
    try {
      return new DERSequence(
              new org.bouncycastle.asn1.ASN1Encodable[] {
                new DERUTF8String(suite.name()),
                new DEROctetString(consensusKey),
                new DEROctetString(possession)
              })
          .getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding in memory failed", e);
    }
  }

  /** Reads the extension of {@code certificate}; every malformation is a CertificateException. */
  static Content read(X509Certificate certificate) throws CertificateException {
    String where = Ed25519Certificates.name(certificate);
    if (certificate.getCriticalExtensionOIDs() != null
        && certificate.getCriticalExtensionOIDs().contains(OID.getId())) {
      throw new CertificateException(
          where + ": expected the consensus-key extension non-critical, found it critical");
    }
    byte[] wrapped = certificate.getExtensionValue(OID.getId());
    if (wrapped == null) {
      throw new CertificateException(
          where + ": expected a consensus-key extension " + OID.getId() + ", found none");
    }
    try {
      return decode(ASN1OctetString.getInstance(wrapped).getOctets());
    } catch (IllegalArgumentException e) {
      throw new CertificateException(
          where + ": expected a DER consensus-key extension, found malformed bytes");
    } catch (CertificateException e) {
      throw new CertificateException(where + ": " + e.getMessage());
    }
  }

  /** Decodes the extension's value (the DER bytes inside the extnValue OCTET STRING). */
  static Content decode(byte[] der) throws CertificateException {
    ASN1Sequence sequence;
    try {
      ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
      sequence = ASN1Sequence.getInstance(primitive);
    } catch (IOException | IllegalArgumentException | ClassCastException e) {
      throw new CertificateException("consensus-key extension: expected a DER SEQUENCE");
    }
    if (sequence.size() != 3) {
      throw new CertificateException(
          "consensus-key extension: expected 3 fields, found " + sequence.size());
    }
    try {
      String suiteName = ASN1UTF8String.getInstance(sequence.getObjectAt(0)).getString();
      if (suiteName.length() > SUITE_CHARS_MAX) {
        throw new CertificateException(
            "consensus-key extension: expected a suite name of at most "
                + SUITE_CHARS_MAX
                + " characters, found "
                + suiteName.length());
      }
      CryptoSuite suite = CryptoSuite.named(suiteName);
      byte[] key = ASN1OctetString.getInstance(sequence.getObjectAt(1)).getOctets();
      byte[] possession = ASN1OctetString.getInstance(sequence.getObjectAt(2)).getOctets();
      return new Content(suite, key, possession);
    } catch (IllegalArgumentException e) {
      throw new CertificateException("consensus-key extension: " + e.getMessage());
    }
  }
}
