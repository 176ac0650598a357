package io.credence.p2p.network;

import static io.credence.p2p.network.TestNetwork.address;
import static io.credence.p2p.network.TestNetwork.await;
import static io.credence.p2p.network.TestNetwork.config;
import static io.credence.p2p.network.TestNetwork.hex;
import static io.credence.p2p.network.TestNetwork.key;
import static io.credence.p2p.network.TestNetwork.keys;
import static io.credence.p2p.network.TestNetwork.node;
import static io.credence.p2p.network.TestNetwork.organisation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.crypto.CryptoSuite;
import io.credence.p2p.tls.CertificateAuthority;
import io.credence.p2p.tls.TlsIdentity;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Who may connect: a certificate from an organisation CA and a key in the allowed set. */
@Timeout(30)
class AdmissionTest {
  private final TestNetwork net = new TestNetwork();
  private final CertificateAuthority acme = organisation("Acme");

  @AfterEach
  void closeAll() throws Exception {
    net.close();
  }

  @Test
  void aNodeWithACertificateFromAnUnknownCa_cannotConnect_andIsCounted() throws Exception {
    CertificateAuthority rogue = organisation("Acme"); // same name, its own key
    TlsIdentity server = node(acme, "server");
    TlsIdentity outsider = node(rogue, "outsider");
    // The outsider's key is even allowed: only the CA check stands in its way.
    PeerNetwork network =
        net.start(
            server,
            List.of(acme.certificate()),
            0,
            List.of(),
            keys(server, outsider),
            new TestNetwork.Inbox(),
            config());
    PeerNetwork outsiderNetwork =
        net.start(
            outsider,
            List.of(acme.certificate(), rogue.certificate()),
            0,
            List.of(address(network, server)),
            keys(server, outsider),
            new TestNetwork.Inbox(),
            config());

    await(
        "two refused handshakes", () -> network.drops().get(DropReason.HANDSHAKE_UNKNOWN_CA) >= 2);
    assertTrue(network.connectedPeers().isEmpty());
    assertEquals(0, network.drops().get(DropReason.HANDSHAKE_KEY_NOT_ALLOWED));
    assertTrue(outsiderNetwork.drops().get(DropReason.HANDSHAKE_FAILED) >= 1);
  }

  @Test
  void aNodeWithAValidCertificateButAKeyNotAllowed_isRefused_untilTheAllowedSetAdmitsIt()
      throws Exception {
    TlsIdentity server = node(acme, "server");
    TlsIdentity member = node(acme, "member");
    TlsIdentity outsider = node(acme, "outsider");
    TestNetwork.Inbox inbox = new TestNetwork.Inbox();
    PeerNetwork network =
        net.start(
            server,
            List.of(acme.certificate()),
            0,
            List.of(),
            keys(server, member),
            inbox,
            config());
    net.start(
        outsider,
        List.of(acme.certificate()),
        0,
        List.of(address(network, server)),
        keys(server, outsider),
        new TestNetwork.Inbox(),
        config());

    await(
        "two refused handshakes",
        () -> network.drops().get(DropReason.HANDSHAKE_KEY_NOT_ALLOWED) >= 2);
    assertTrue(network.connectedPeers().isEmpty(), "the outsider must be refused");
    assertTrue(inbox.connected.isEmpty());

    // The control that proves the refusal came from the allowed set and nothing else: the same
    // outsider, the same certificate, once its key is allowed, gets in. An admission check that
    // always said yes would have let it in above.
    network.setAllowedPeers(keys(server, member, outsider));
    await("outsider admitted", () -> network.connectedPeers().size() == 1);
    // The handler hears of the peer just after the network lists it: wait for it, bounded.
    assertEquals(
        hex(key(outsider)), inbox.connected.poll(10, java.util.concurrent.TimeUnit.SECONDS));
  }

  @Test
  void aPeerRemovedFromTheAllowedSet_isDisconnected_andStaysOut() throws Exception {
    TlsIdentity a = node(acme, "a");
    TlsIdentity b = node(acme, "b");
    List<X509Certificate> cas = List.of(acme.certificate());
    TestNetwork.Inbox inboxA = new TestNetwork.Inbox();
    PeerNetwork nodeA = net.start(a, cas, 0, List.of(), keys(a, b), inboxA, config());
    PeerNetwork nodeB =
        net.start(
            b, cas, 0, List.of(address(nodeA, a)), keys(a, b), new TestNetwork.Inbox(), config());
    await("a connected to b", () -> nodeA.connectedPeers().size() == 1);

    nodeA.setAllowedPeers(keys(a));
    await("a dropped b", () -> nodeA.connectedPeers().isEmpty());
    assertEquals(1, nodeA.drops().get(DropReason.PEER_NOT_ALLOWED));
    await("b told of the loss", () -> inboxA.disconnected.contains(hex(key(b))));
    await("b's redial refused", () -> nodeA.drops().get(DropReason.HANDSHAKE_KEY_NOT_ALLOWED) >= 1);
    assertTrue(nodeA.connectedPeers().isEmpty());
    nodeA.send(key(b), new byte[] {1});
    assertEquals(1, nodeA.drops().get(DropReason.PEER_NOT_CONNECTED));
    assertTrue(nodeB.drops().get(DropReason.HANDSHAKE_KEY_NOT_ALLOWED) == 0);
  }

  @Test
  void aCaTrustedLater_admitsItsNodes_andOneNoLongerTrusted_disconnectsThem() throws Exception {
    CertificateAuthority bank = organisation("Harbour Bank");
    TlsIdentity a = node(acme, "a");
    TlsIdentity b = node(bank, "b");
    TestNetwork.Inbox inboxA = new TestNetwork.Inbox();
    PeerNetwork nodeA =
        net.start(a, List.of(acme.certificate()), 0, List.of(), keys(a, b), inboxA, config());
    net.start(
        b,
        List.of(acme.certificate(), bank.certificate()),
        0,
        List.of(address(nodeA, a)),
        keys(a, b),
        new TestNetwork.Inbox(),
        config());
    // The bank's CA is not trusted yet: its node is refused, though its key is allowed.
    await("the bank's node refused", () -> nodeA.drops().get(DropReason.HANDSHAKE_UNKNOWN_CA) >= 1);
    assertTrue(nodeA.connectedPeers().isEmpty());

    // The consortium admits the bank's CA: its node gets in on the next dial.
    nodeA.setAuthorities(List.of(acme.certificate(), bank.certificate()));
    await("the bank's node admitted", () -> nodeA.connectedPeers().size() == 1);

    // The bank is removed: its CA leaves the trusted set, and its node is cut off at once.
    long before = nodeA.drops().get(DropReason.PEER_NOT_ALLOWED);
    nodeA.setAuthorities(List.of(acme.certificate()));
    await("the bank's node disconnected", () -> nodeA.connectedPeers().isEmpty());
    assertEquals(before + 1, nodeA.drops().get(DropReason.PEER_NOT_ALLOWED));
    await("b told of the loss", () -> inboxA.disconnected.contains(hex(key(b))));
  }

  @Test
  void anAddressThatAnswersWithAnotherKeyThanExpected_isRefusedByTheDialler() throws Exception {
    TlsIdentity a = node(acme, "a");
    TlsIdentity b = node(acme, "b");
    TlsIdentity c = node(acme, "c");
    List<X509Certificate> cas = List.of(acme.certificate());
    PeerNetwork nodeA =
        net.start(a, cas, 0, List.of(), keys(a, b, c), new TestNetwork.Inbox(), config());
    // b believes c lives at a's address.
    PeerNetwork nodeB =
        net.start(
            b,
            cas,
            0,
            List.of(PeerAddress.of(TestNetwork.HOST, nodeA.listenPort(), key(c))),
            keys(a, b, c),
            new TestNetwork.Inbox(),
            config());

    await(
        "refused as unexpected", () -> nodeB.drops().get(DropReason.HANDSHAKE_UNEXPECTED_KEY) >= 1);
    assertTrue(nodeB.connectedPeers().isEmpty());
  }

  @Test
  void aNodeWithAnExpiredCertificateFromATrustedCa_isRefusedAsBadCertificate() throws Exception {
    TlsIdentity server = node(acme, "server");
    TlsIdentity expired =
        acme.issueNode(
            "expired",
            CryptoSuite.named("standard").generate(new SecureRandom()),
            Instant.now().minus(Duration.ofDays(10)),
            Duration.ofDays(1));
    PeerNetwork network =
        net.start(
            server,
            List.of(acme.certificate()),
            0,
            List.of(),
            keys(server, expired),
            new TestNetwork.Inbox(),
            config());
    net.start(
        expired,
        List.of(acme.certificate()),
        0,
        List.of(address(network, server)),
        keys(server, expired),
        new TestNetwork.Inbox(),
        config());

    await(
        "refused as a bad certificate",
        () -> network.drops().get(DropReason.HANDSHAKE_BAD_CERTIFICATE) >= 1);
    assertTrue(network.connectedPeers().isEmpty());
  }
}
