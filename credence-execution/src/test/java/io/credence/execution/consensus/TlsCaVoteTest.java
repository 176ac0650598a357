package io.credence.execution.consensus;

import static io.credence.execution.TestChain.code;
import static io.credence.execution.TestChain.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Hex;
import io.credence.execution.Outcome;
import io.credence.execution.TestChain;
import io.credence.execution.governance.Governance;
import io.credence.execution.identity.IdentityRegistry;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Date;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * A member's TLS CA certificate changes only by vote: the chain checks it is a self-signed Ed25519
 * CA before the vote opens, records it by USCC with its fingerprint in the event, and forgets a
 * removed member's. Every refusal names the field and leaves the state as it was.
 */
class TlsCaVoteTest {
  private final TestChain c = new TestChain();

  private static KeyPair ed25519() throws Exception {
    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  /** A certificate for {@code subject}'s key, signed by {@code signer} as {@code issuer}. */
  private static byte[] certificate(
      String issuer,
      String subject,
      KeyPair subjectKey,
      PrivateKey signer,
      String algorithm,
      boolean ca)
      throws Exception {
    var builder =
        new JcaX509v3CertificateBuilder(
            new X500Name("O=" + issuer),
            BigInteger.ONE,
            new Date(0),
            new Date(4_000_000_000_000L),
            new X500Name("O=" + subject),
            subjectKey.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (ca) {
      builder.addExtension(
          Extension.keyUsage,
          true,
          new org.bouncycastle.asn1.x509.KeyUsage(
              org.bouncycastle.asn1.x509.KeyUsage.keyCertSign
                  | org.bouncycastle.asn1.x509.KeyUsage.cRLSign));
    }
    return builder.build(new JcaContentSignerBuilder(algorithm).build(signer)).getEncoded();
  }

  /** A self-signed Ed25519 CA without key usage: the transport would refuse to trust it. */
  private static byte[] withoutKeyUsage(KeyPair key) throws Exception {
    var builder =
        new JcaX509v3CertificateBuilder(
            new X500Name("O=Bank"),
            BigInteger.ONE,
            new Date(0),
            new Date(4_000_000_000_000L),
            new X500Name("O=Bank"),
            key.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    return builder
        .build(new JcaContentSignerBuilder("Ed25519").build(key.getPrivate()))
        .getEncoded();
  }

  private static byte[] trailing(byte[] der) {
    byte[] out = java.util.Arrays.copyOf(der, der.length + 2);
    out[der.length] = 0x05;
    return out;
  }

  private static byte[] authority(String name) throws Exception {
    KeyPair key = ed25519();
    return certificate(name, name, key, key.getPrivate(), "Ed25519", true);
  }

  private Outcome propose(String uscc, byte[] der) {
    return c.call(
        c.coreAdmin,
        "governance",
        "proposeTlsCa",
        "organisation",
        uscc,
        "certificate",
        Hex.of(der),
        "expiresAt",
        c.height() + 100);
  }

  private Outcome passed(String uscc, byte[] der) {
    Outcome opened = propose(uscc, der);
    if (!(opened instanceof Outcome.Success s)) {
      return opened;
    }
    long id = Long.parseLong(s.events().get(0).attributes().get("proposal"));
    return c.call(c.bankAdmin, "governance", "vote", "proposal", id, "choice", "YES");
  }

  @Test
  void aMembersCa_votedIn_isOnRecordWithItsFingerprint_andForgottenWhenTheMemberIsRemoved()
      throws Exception {
    byte[] der = authority("Supplier");
    assertFalse(ValidatorSetContract.tlsCas(c.state).containsKey(c.supplierUscc));
    Outcome o = passed(c.supplierUscc, der);
    assertEquals("SUCCESS", code(o), o::toString);
    var event =
        ((Outcome.Success) o)
            .events().stream()
                .filter(e -> e.name().equals(ValidatorSetContract.TLS_CA_CHANGED))
                .findFirst()
                .orElseThrow();
    assertEquals(c.supplierUscc, event.attributes().get("organisation"));
    assertEquals(
        Hex.of(java.security.MessageDigest.getInstance("SHA-256").digest(der)),
        event.attributes().get("sha256"));
    assertArrayEquals(der, ValidatorSetContract.tlsCas(c.state).get(c.supplierUscc).get(0));

    // A rotation puts the new one first and keeps the one before, while nodes get new
    // certificates; a second rotation lets the oldest go.
    byte[] next = authority("Supplier");
    assertEquals("SUCCESS", code(passed(c.supplierUscc, next)));
    var kept = ValidatorSetContract.tlsCas(c.state).get(c.supplierUscc);
    assertEquals(2, kept.size());
    assertArrayEquals(next, kept.get(0));
    assertArrayEquals(der, kept.get(1));
    byte[] third = authority("Supplier");
    assertEquals("SUCCESS", code(passed(c.supplierUscc, third)));
    kept = ValidatorSetContract.tlsCas(c.state).get(c.supplierUscc);
    assertEquals(2, kept.size());
    assertArrayEquals(third, kept.get(0));
    assertArrayEquals(next, kept.get(1));

    // Removed by vote: its CA leaves the record with it.
    Outcome opened =
        c.call(
            c.coreAdmin,
            "governance",
            "proposeRemoval",
            "organisation",
            c.supplierUscc,
            "expiresAt",
            c.height() + 100);
    long id =
        Long.parseLong(((Outcome.Success) opened).events().get(0).attributes().get("proposal"));
    assertEquals(
        "SUCCESS",
        code(c.call(c.bankAdmin, "governance", "vote", "proposal", id, "choice", "YES")));
    assertFalse(ValidatorSetContract.tlsCas(c.state).containsKey(c.supplierUscc));
    // And no CA is voted in for a removed member.
    Map<String, String> before = c.state.snapshot();
    Outcome late = propose(c.supplierUscc, authority("Supplier"));
    assertEquals(IdentityRegistry.ORGANISATION_NOT_FOUND, code(late), late::toString);
    assertTrue(message(late).contains("(removed)"), message(late));
    assertEquals(before, c.state.snapshot());
  }

  @Test
  void whatIsNotASelfSignedEd25519Ca_isRefusedBeforeAnyVote_stateUnchanged() throws Exception {
    KeyPair key = ed25519();
    KeyPair other = ed25519();
    KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
    Map<String, byte[]> bad =
        Map.of(
            "expected a DER X.509 certificate, found",
            new byte[] {0x30, 0x03, 0x02, 0x01, 0x07},
            "expected a CA certificate (basic constraints CA)",
            certificate("Bank", "Bank", key, key.getPrivate(), "Ed25519", false),
            "expected a self-signed organisation CA",
            certificate("Core", "Bank", key, other.getPrivate(), "Ed25519", true),
            "expected an Ed25519 CA certificate",
            certificate("Bank", "Bank", ec, ec.getPrivate(), "SHA256withECDSA", true),
            "expected key usage keyCertSign",
            withoutKeyUsage(key),
            "expected a DER X.509 certificate, found bytes that do not parse",
            trailing(certificate("Bank", "Bank", key, key.getPrivate(), "Ed25519", true)));
    for (Map.Entry<String, byte[]> e : bad.entrySet()) {
      Map<String, String> before = c.state.snapshot();
      Outcome refused = propose(c.bankUscc, e.getValue());
      assertEquals(IdentityRegistry.INVALID_ARGUMENT, code(refused), refused::toString);
      assertTrue(
          message(refused).startsWith("certificate: " + e.getKey()),
          e.getKey() + " / " + message(refused));
      assertEquals(before, c.state.snapshot(), e.getKey());
    }
    Map<String, String> before = c.state.snapshot();
    Outcome stranger = propose(io.credence.core.genesis.Uscc.forDevelopment(40), authority("X"));
    assertEquals(IdentityRegistry.ORGANISATION_NOT_FOUND, code(stranger), stranger::toString);
    assertTrue(message(stranger).startsWith("organisation: expected a member's USCC"));
    assertEquals(before, c.state.snapshot());
    // Only governance's vote puts one in force.
    Outcome direct = c.call(c.coreAdmin, "consensus", "applyTlsCa", "proposal", 1L);
    assertEquals(Governance.PROPOSAL_NOT_FOUND, code(direct), direct::toString);
  }
}
