package io.credence.p2p.network;

import static io.credence.p2p.network.TestNetwork.HOST;
import static io.credence.p2p.network.TestNetwork.address;
import static io.credence.p2p.network.TestNetwork.await;
import static io.credence.p2p.network.TestNetwork.config;
import static io.credence.p2p.network.TestNetwork.contains;
import static io.credence.p2p.network.TestNetwork.hex;
import static io.credence.p2p.network.TestNetwork.key;
import static io.credence.p2p.network.TestNetwork.keys;
import static io.credence.p2p.network.TestNetwork.node;
import static io.credence.p2p.network.TestNetwork.organisation;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.crypto.CryptoSuite;
import io.credence.p2p.tls.CertificateAuthority;
import io.credence.p2p.tls.TlsIdentity;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PeerNetworkTest {
  private final TestNetwork net = new TestNetwork();
  private final CertificateAuthority acme = organisation("Acme");
  private final CertificateAuthority bank = organisation("Bank");

  @AfterEach
  void closeAll() throws Exception {
    net.close();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void threeNodes_thatAllDialEachOther_exchangeFramesBothWaysOverOneConnectionPerPair()
      throws Exception {
    TlsIdentity[] ids = {node(acme, "n1"), node(acme, "n2"), node(bank, "n3")};
    int[] ports = {TestNetwork.freePort(), TestNetwork.freePort(), TestNetwork.freePort()};
    TestNetwork.Inbox[] inboxes = new TestNetwork.Inbox[3];
    PeerNetwork[] nodes = new PeerNetwork[3];
    for (int i = 0; i < 3; i++) {
      List<PeerAddress> peers = new ArrayList<>();
      for (int j = 0; j < 3; j++) {
        if (j != i) {
          peers.add(PeerAddress.of(HOST, ports[j], key(ids[j])));
        }
      }
      inboxes[i] = new TestNetwork.Inbox();
      nodes[i] =
          net.start(
              ids[i],
              List.of(acme.certificate(), bank.certificate()),
              ports[i],
              peers,
              keys(ids),
              inboxes[i],
              config());
    }
    for (PeerNetwork node : nodes) {
      await("every node connected to both others", () -> node.connectedPeers().size() == 2);
    }
    for (PeerNetwork node : nodes) {
      // Both ends dialled; the rule keeps one connection per pair, the same one at both ends.
      await("duplicates closed", () -> node.connectionsOpen() == 2);
    }
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        if (i != j) {
          nodes[i].send(key(ids[j]), bytes("from " + i + " to " + j));
        }
      }
    }
    for (int j = 0; j < 3; j++) {
      TestNetwork.Inbox inbox = inboxes[j];
      for (int i = 0; i < 3; i++) {
        if (i != j) {
          TlsIdentity from = ids[i];
          String text = "from " + i + " to " + j;
          await(text, () -> inbox.has(from, text));
        }
      }
    }
    nodes[0].broadcast(bytes("to all"));
    await("broadcast at n2", () -> inboxes[1].has(ids[0], "to all"));
    await("broadcast at n3", () -> inboxes[2].has(ids[0], "to all"));
    List<byte[]> peersOfFirst = nodes[0].connectedPeers();
    assertTrue(contains(peersOfFirst, key(ids[1])) && contains(peersOfFirst, key(ids[2])));
    assertEquals(0, nodes[0].drops().get(DropReason.QUEUE_FULL));
  }

  @Test
  void send_toAPeerNotConnected_isCountedNotThrown() throws Exception {
    TlsIdentity alone = node(acme, "alone");
    TlsIdentity absent = node(acme, "absent");
    PeerNetwork network =
        net.start(
            alone,
            List.of(acme.certificate()),
            0,
            List.of(),
            keys(alone, absent),
            new TestNetwork.Inbox(),
            config());
    network.send(key(absent), bytes("anyone there?"));
    network.send(key(absent), new byte[(1 << 20) + 1]);
    assertEquals(1, network.drops().get(DropReason.PEER_NOT_CONNECTED));
    assertEquals(1, network.drops().get(DropReason.FRAME_TOO_LARGE));
    assertTrue(network.listenPort() > 0);
    assertArrayEquals(new byte[0][], network.connectedPeers().toArray(new byte[0][]));
    assertEquals(hex(key(alone)), hex(alone.node().consensusKey()));
  }

  @Test
  void nationalSuiteNodes_connectAndKnowEachOtherByTheirSm2Keys() throws Exception {
    CryptoSuite national = CryptoSuite.named("national");
    TlsIdentity a = node(acme, "a", national);
    TlsIdentity b = node(bank, "b", national);
    List<X509Certificate> cas = List.of(acme.certificate(), bank.certificate());
    TestNetwork.Inbox inboxA = new TestNetwork.Inbox();
    TestNetwork.Inbox inboxB = new TestNetwork.Inbox();
    PeerNetwork nodeA = net.start(a, cas, 0, List.of(), keys(a, b), inboxA, config());
    PeerNetwork nodeB =
        net.start(b, cas, 0, List.of(address(nodeA, a)), keys(a, b), inboxB, config());

    await("b connected to a", () -> nodeB.connectedPeers().size() == 1);
    await("a connected to b", () -> nodeA.connectedPeers().size() == 1);
    assertEquals(65, nodeA.connectedPeers().get(0).length);
    assertArrayEquals(key(b), nodeA.connectedPeers().get(0));
    nodeA.send(key(b), bytes("ni hao"));
    nodeB.send(key(a), bytes("hello"));
    await("a's frame at b", () -> inboxB.has(a, "ni hao"));
    await("b's frame at a", () -> inboxA.has(b, "hello"));
  }

  @Test
  void aPeerThatRestarts_isRedialledWithCappedExponentialBackOff() throws Exception {
    TlsIdentity a = node(acme, "a");
    TlsIdentity b = node(acme, "b");
    int portA = TestNetwork.freePort();
    List<X509Certificate> cas = List.of(acme.certificate());
    PeerNetwork nodeA =
        net.start(a, cas, portA, List.of(), keys(a, b), new TestNetwork.Inbox(), config());
    TestNetwork.Inbox inboxB = new TestNetwork.Inbox();
    PeerNetwork nodeB =
        net.start(
            b, cas, 0, List.of(PeerAddress.of(HOST, portA, key(a))), keys(a, b), inboxB, config());
    await("b connected to a", () -> nodeB.connectedPeers().size() == 1);

    nodeA.close();
    await("b saw a go", () -> nodeB.connectedPeers().isEmpty());
    long downMillis = 800;
    TestNetwork.pause(downMillis);
    long failedDials = nodeB.drops().get(DropReason.CONNECT_FAILED);
    // Delays 20, 40, 80, 160, then 200 ms capped: about six dials in 800 ms. A fixed 20 ms retry
    // would make forty; a slow machine makes fewer, never more.
    assertTrue(failedDials >= 2 && failedDials <= 12, "failed dials: " + failedDials);

    TestNetwork.Inbox inboxA = new TestNetwork.Inbox();
    PeerNetwork restarted = net.start(a, cas, portA, List.of(), keys(a, b), inboxA, config());
    await("b redialled the restarted a", () -> nodeB.connectedPeers().size() == 1);
    await("restarted a sees b", () -> restarted.connectedPeers().size() == 1);
    nodeB.send(key(a), bytes("welcome back"));
    await("frame after restart", () -> inboxA.has(b, "welcome back"));
    await("b was told of the loss", () -> inboxB.disconnected.contains(hex(key(a))));
  }
}
