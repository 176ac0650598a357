package io.credence.p2p.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.crypto.Ed25519Suite;
import io.credence.core.crypto.KeyPair;
import io.credence.core.crypto.Sm2Suite;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CertificateAuthorityTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration VALIDITY = CertificateAuthority.DEVELOPMENT_VALIDITY;

  private static CertificateAuthority ca(String organisation) {
    return CertificateAuthority.create(
        organisation, Ed25519Suite.INSTANCE.generate(RANDOM), NOW, VALIDITY);
  }

  @Test
  void organisationCa_isASelfSignedEd25519CaForTenYears() {
    CertificateAuthority ca = ca("Acme Supply Chain Co");
    X509Certificate certificate = ca.certificate();
    assertEquals(3, certificate.getVersion());
    assertTrue(certificate.getBasicConstraints() >= 0, "basicConstraints CA");
    assertTrue(certificate.getKeyUsage()[5], "keyCertSign");
    assertTrue(certificate.getCriticalExtensionOIDs().contains("2.5.29.19"));
    assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal());
    assertEquals("1.3.101.112", certificate.getSigAlgOID());
    assertEquals(NOW.plus(VALIDITY), certificate.getNotAfter().toInstant());
    assertEquals("Acme Supply Chain Co", ca.organisation());
  }

  @Test
  void standardNode_certifiesItsConsensusKeyAsItsTlsKey() throws Exception {
    CertificateAuthority ca = ca("Acme");
    KeyPair consensus = Ed25519Suite.INSTANCE.generate(RANDOM);
    TlsIdentity identity = ca.issueNode("node-1", consensus, NOW, VALIDITY);

    NodeCertificate node =
        new TrustAnchors(List.of(ca.certificate()))
            .verify(
                identity.chain().toArray(X509Certificate[]::new),
                Ed25519Suite.INSTANCE,
                NOW.plusSeconds(60));
    assertArrayEquals(consensus.publicKey(), node.consensusKey());
    assertArrayEquals(consensus.publicKey(), node.tlsKey());
    assertEquals("node-1", node.nodeName());
    X509Certificate leaf = identity.chain().get(0);
    assertEquals(-1, leaf.getBasicConstraints());
    assertTrue(leaf.getKeyUsage()[0], "digitalSignature");
    assertFalse(
        leaf.getCriticalExtensionOIDs().contains(ConsensusKeyExtension.OID.getId()),
        "the consensus-key extension is non-critical");
    assertEquals("EdDSA", identity.tlsPrivateKey().getAlgorithm());
  }

  @Test
  void nationalNode_carriesItsSm2KeyInTheExtensionBesideAnEd25519TlsKey() throws Exception {
    CertificateAuthority ca = ca("Bank of Somewhere");
    KeyPair consensus = Sm2Suite.INSTANCE.generate(RANDOM);
    TlsIdentity identity = ca.issueNode("bank-node", consensus, NOW, VALIDITY);

    NodeCertificate node =
        new TrustAnchors(List.of(ca.certificate()))
            .verify(
                identity.chain().toArray(X509Certificate[]::new),
                Sm2Suite.INSTANCE,
                NOW.plusSeconds(60));
    assertEquals(65, node.consensusKey().length);
    assertArrayEquals(consensus.publicKey(), node.consensusKey());
    assertArrayEquals(identity.tlsKey().publicKey(), node.tlsKey());
    assertEquals(Ed25519Suite.INSTANCE, identity.tlsKey().suite());
  }

  @Test
  void request_whoseConsensusKeyDidNotSignTheTlsKey_isRefused() {
    CertificateAuthority ca = ca("Acme");
    KeyPair victim = Sm2Suite.INSTANCE.generate(RANDOM);
    KeyPair attacker = Ed25519Suite.INSTANCE.generate(RANDOM);
    NodeCertificateRequest honest =
        NodeCertificateRequest.create("victim", victim, Ed25519Suite.INSTANCE.generate(RANDOM));
    // The attacker reuses the victim's possession signature for its own TLS key.
    NodeCertificateRequest forged =
        new NodeCertificateRequest(
            "victim",
            Sm2Suite.INSTANCE,
            victim.publicKey(),
            attacker.publicKey(),
            honest.possession());

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ca.issue(forged, NOW, VALIDITY));
    assertTrue(e.getMessage().contains("expected a consensus-key signature"), e.getMessage());
  }

  @Test
  void standardRequest_withASeparateTlsKey_isRefused() {
    KeyPair consensus = Ed25519Suite.INSTANCE.generate(RANDOM);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                NodeCertificateRequest.create(
                    "node", consensus, Ed25519Suite.INSTANCE.generate(RANDOM)));
    assertTrue(e.getMessage().contains("TLS key to be the consensus key"), e.getMessage());
  }

  @Test
  void trustAnchors_refuseACertificateFromAnotherCa() {
    CertificateAuthority ours = ca("Acme");
    CertificateAuthority theirs = ca("Acme"); // same name, different key: a look-alike CA
    TlsIdentity outsider =
        theirs.issueNode("node-x", Ed25519Suite.INSTANCE.generate(RANDOM), NOW, VALIDITY);

    PeerCertificateException e =
        assertThrows(
            PeerCertificateException.class,
            () ->
                new TrustAnchors(List.of(ours.certificate()))
                    .verify(
                        outsider.chain().toArray(X509Certificate[]::new),
                        Ed25519Suite.INSTANCE,
                        NOW.plusSeconds(1)));
    assertEquals(PeerCertificateException.Kind.UNKNOWN_AUTHORITY, e.kind());
  }

  @Test
  void trustAnchors_ignoreAnIntermediateTheOutsiderSendsAlong() {
    CertificateAuthority ours = ca("Acme");
    CertificateAuthority theirs = ca("Rogue");
    TlsIdentity outsider =
        theirs.issueNode("node-x", Ed25519Suite.INSTANCE.generate(RANDOM), NOW, VALIDITY);
    X509Certificate[] chain = {outsider.chain().get(0), theirs.certificate(), ours.certificate()};

    PeerCertificateException e =
        assertThrows(
            PeerCertificateException.class,
            () ->
                new TrustAnchors(List.of(ours.certificate()))
                    .verify(chain, Ed25519Suite.INSTANCE, NOW.plusSeconds(1)));
    assertEquals(PeerCertificateException.Kind.UNKNOWN_AUTHORITY, e.kind());
  }

  @Test
  void trustAnchors_refuseAnExpiredCertificateAndAWrongSuite() {
    CertificateAuthority ca = ca("Acme");
    TlsIdentity node =
        ca.issueNode("node-1", Ed25519Suite.INSTANCE.generate(RANDOM), NOW, Duration.ofDays(1));
    X509Certificate[] chain = node.chain().toArray(X509Certificate[]::new);
    TrustAnchors anchors = new TrustAnchors(List.of(ca.certificate()));

    PeerCertificateException expired =
        assertThrows(
            PeerCertificateException.class,
            () -> anchors.verify(chain, Ed25519Suite.INSTANCE, NOW.plus(Duration.ofDays(2))));
    assertEquals(PeerCertificateException.Kind.BAD_CERTIFICATE, expired.kind());
    assertTrue(expired.getMessage().contains("expected a certificate valid at"));

    PeerCertificateException wrongSuite =
        assertThrows(
            PeerCertificateException.class,
            () -> anchors.verify(chain, Sm2Suite.INSTANCE, NOW.plusSeconds(1)));
    assertEquals(PeerCertificateException.Kind.BAD_CERTIFICATE, wrongSuite.kind());
  }

  @Test
  void trustAnchors_refuseANodeCertificateAsAnAuthority() {
    CertificateAuthority ca = ca("Acme");
    TlsIdentity node =
        ca.issueNode("node-1", Ed25519Suite.INSTANCE.generate(RANDOM), NOW, VALIDITY);
    assertThrows(
        IllegalArgumentException.class, () -> new TrustAnchors(List.of(node.chain().get(0))));
  }

  @Test
  void tlsIdentity_refusesAKeyTheCertificateDoesNotName() {
    CertificateAuthority ca = ca("Acme");
    TlsIdentity node =
        ca.issueNode("node-1", Ed25519Suite.INSTANCE.generate(RANDOM), NOW, VALIDITY);
    KeyPair other = Ed25519Suite.INSTANCE.generate(RANDOM);
    assertThrows(IllegalArgumentException.class, () -> new TlsIdentity(other, other, node.chain()));
  }

  @Test
  void certificates_roundTripThroughPem_inBothSuites() throws Exception {
    KeyPair caKey = Ed25519Suite.INSTANCE.generate(RANDOM);
    CertificateAuthority ca = CertificateAuthority.create("Acme", caKey, NOW, VALIDITY);
    for (KeyPair consensus :
        List.of(Ed25519Suite.INSTANCE.generate(RANDOM), Sm2Suite.INSTANCE.generate(RANDOM))) {
      TlsIdentity node = ca.issueNode("node-1", consensus, NOW, VALIDITY);
      String pem = TlsCertificateFiles.toPem(node.chain());
      assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"));

      List<X509Certificate> read = TlsCertificateFiles.fromPem(pem);
      assertEquals(node.chain(), read);
      TlsIdentity reloaded = new TlsIdentity(consensus, node.tlsKey(), read);
      assertArrayEquals(consensus.publicKey(), reloaded.node().consensusKey());
    }
    X509Certificate caRead =
        TlsCertificateFiles.fromPem(TlsCertificateFiles.toPem(List.of(ca.certificate()))).get(0);
    CertificateAuthority reloaded = new CertificateAuthority(caRead, caKey);
    assertNotNull(
        reloaded.issueNode("node-2", Ed25519Suite.INSTANCE.generate(RANDOM), NOW, VALIDITY));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CertificateAuthority(caRead, Ed25519Suite.INSTANCE.generate(RANDOM)));
  }

  @Test
  void pem_withoutCertificates_orWithAnotherBlock_isRefused() {
    assertThrows(CertificateException.class, () -> TlsCertificateFiles.fromPem("hello"));
    assertThrows(
        CertificateException.class,
        () ->
            TlsCertificateFiles.fromPem(
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
    assertThrows(
        CertificateException.class,
        () ->
            TlsCertificateFiles.fromPem(
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
  }
}
