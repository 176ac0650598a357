package io.credence.p2p.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * TLS certificates as PEM text ("CERTIFICATE" blocks, in order: a node's file holds its certificate
 * and then its CA's). Only text is produced and parsed here, as in {@code KeyFiles}; reading and
 * writing files is the application's job.
 */
public final class TlsCertificateFiles {
  public static final int CERTIFICATES_MAX = 256;

  private TlsCertificateFiles() {}

  /** PEM text of {@code certificates}, one block each, in order. */
  public static String toPem(List<X509Certificate> certificates) {
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      for (X509Certificate certificate : certificates) {
        writer.writeObject(new PemObject("CERTIFICATE", certificate.getEncoded()));
      }
    } catch (IOException | CertificateEncodingException e) {
      throw new IllegalStateException("encoding a certificate as PEM failed", e);
    }
    return out.toString();
  }

  /** Reads every CERTIFICATE block of {@code pemText}, in order; at least one is required. */
  public static List<X509Certificate> fromPem(String pemText) throws CertificateException {
    List<X509Certificate> certificates = new ArrayList<>();
    try (PemReader reader = new PemReader(new StringReader(pemText))) {
      for (PemObject pem = reader.readPemObject(); pem != null; pem = reader.readPemObject()) {
        if (!pem.getType().equals("CERTIFICATE")) {
          throw new CertificateException(
              "certificate file: expected CERTIFICATE blocks, found " + pem.getType());
        }
        if (certificates.size() == CERTIFICATES_MAX) {
          throw new CertificateException(
              "certificate file: expected at most "
                  + CERTIFICATES_MAX
                  + " certificates, found more");
        }
        certificates.add(Ed25519Certificates.parse(pem.getContent()));
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new CertificateException("certificate file: not PEM text (" + e.getMessage() + ")");
    }
    if (certificates.isEmpty()) {
      throw new CertificateException("certificate file: expected a CERTIFICATE block, found none");
    }
    return List.copyOf(certificates);
  }
}
