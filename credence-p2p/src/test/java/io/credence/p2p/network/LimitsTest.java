package io.credence.p2p.network;

import static io.credence.p2p.network.TestNetwork.address;
import static io.credence.p2p.network.TestNetwork.await;
import static io.credence.p2p.network.TestNetwork.config;
import static io.credence.p2p.network.TestNetwork.contains;
import static io.credence.p2p.network.TestNetwork.frame;
import static io.credence.p2p.network.TestNetwork.key;
import static io.credence.p2p.network.TestNetwork.keys;
import static io.credence.p2p.network.TestNetwork.node;
import static io.credence.p2p.network.TestNetwork.organisation;
import static io.credence.p2p.network.TestNetwork.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.p2p.tls.CertificateAuthority;
import io.credence.p2p.tls.TlsIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad frames, floods and slow readers: dropped, counted, and never more than one connection lost.
 */
@Timeout(30)
class LimitsTest {
  private final TestNetwork net = new TestNetwork();
  private final CertificateAuthority acme = organisation("Acme");
  private final List<X509Certificate> cas = List.of(acme.certificate());
  private final TlsIdentity server = node(acme, "server");
  private final TlsIdentity good = node(acme, "good");
  private final TlsIdentity raw = node(acme, "raw");
  private final TestNetwork.Inbox inbox = new TestNetwork.Inbox();

  @AfterEach
  void closeAll() throws Exception {
    net.close();
  }

  private PeerNetwork server(PeerNetwork.Config config) throws IOException {
    return net.start(server, cas, 0, List.of(), keys(server, good, raw), inbox, config);
  }

  private static byte[] lengthPrefix(int length) {
    return ByteBuffer.allocate(4).putInt(length).array();
  }

  private static boolean isClosedByPeer(SSLSocket socket) throws IOException {
    socket.setSoTimeout(5_000);
    InputStream in = socket.getInputStream();
    try {
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset or TLS alert: closed all the same
    }
  }

  @Test
  void garbageAfterTheHandshake_closesThatConnectionOnly_andTheServerServesOthers()
      throws Exception {
    PeerNetwork network = server(config());
    TestNetwork.Inbox goodInbox = new TestNetwork.Inbox();
    PeerNetwork goodNode =
        net.start(
            good,
            cas,
            0,
            List.of(address(network, server)),
            keys(server, good),
            goodInbox,
            config());
    await("good peer connected", () -> network.connectedPeers().size() == 1);

    SSLSocket attacker = net.rawClient(raw, network.listenPort());
    write(attacker, frame("a valid frame first"));
    await("valid frame delivered", () -> inbox.has(raw, "a valid frame first"));
    write(attacker, lengthPrefix(-1), "then garbage".getBytes(StandardCharsets.UTF_8));

    assertTrue(isClosedByPeer(attacker), "the server must close the garbage connection");
    assertEquals(1, network.drops().get(DropReason.MALFORMED_FRAME));
    await("raw peer gone", () -> !contains(network.connectedPeers(), key(raw)));
    network.send(key(good), "still here".getBytes(StandardCharsets.UTF_8));
    goodNode.send(key(server), "me too".getBytes(StandardCharsets.UTF_8));
    await("server still serves", () -> goodInbox.has(server, "still here"));
    await("and still hears", () -> inbox.has(good, "me too"));
  }

  @Test
  void anOversizeFrame_isSkippedAndCounted_andTheNextFrameArrives() throws Exception {
    int frameBytesMax = 1_024;
    PeerNetwork network = server(config(frameBytesMax, 64, 10_000, 10_000));
    SSLSocket peer = net.rawClient(raw, network.listenPort());
    await("raw peer connected", () -> network.connectedPeers().size() == 1);

    write(peer, lengthPrefix(frameBytesMax + 1), new byte[frameBytesMax + 1], frame("after"));

    await("the frame after the oversize one", () -> inbox.has(raw, "after"));
    assertEquals(1, network.drops().get(DropReason.FRAME_TOO_LARGE));
    assertEquals(1, inbox.frames.size());
    assertTrue(contains(network.connectedPeers(), key(raw)), "the connection survives");

    network.send(key(raw), new byte[frameBytesMax + 1]);
    assertEquals(2, network.drops().get(DropReason.FRAME_TOO_LARGE), "never sent either");
  }

  @Test
  void aFloodBeyondTheRateLimit_isDroppedAndCounted() throws Exception {
    int perSecond = 20;
    int burst = 20;
    PeerNetwork network = server(config(1 << 20, 64, perSecond, burst));
    SSLSocket peer = net.rawClient(raw, network.listenPort());
    await("raw peer connected", () -> network.connectedPeers().size() == 1);

    int sent = 300;
    ByteBuffer flood = ByteBuffer.allocate(sent * 5);
    for (int i = 0; i < sent; i++) {
      flood.put(frame("x"));
    }
    long start = System.nanoTime();
    write(peer, flood.array());
    await(
        "every frame delivered or dropped",
        () -> inbox.frames.size() + network.drops().get(DropReason.FLOOD) == sent);
    double seconds = (System.nanoTime() - start) / 1e9;

    long delivered = inbox.frames.size();
    assertTrue(
        delivered <= burst + perSecond * seconds + 1,
        "delivered " + delivered + " in " + seconds + " s");
    assertTrue(network.drops().get(DropReason.FLOOD) > 0);
    assertTrue(contains(network.connectedPeers(), key(raw)), "flooding costs frames only");
  }

  @Test
  void aPeerThatStopsReading_fillsItsQueueToTheBound_thenFramesAreDroppedAndCounted()
      throws Exception {
    int queueFramesMax = 8;
    PeerNetwork network = server(config(1 << 20, queueFramesMax, 10_000, 10_000));
    // Passes the handshake and confirms, then never reads: TCP and Netty's buffers fill up, the
    // channel turns unwritable, and frames wait in the bounded queue.
    net.rawClient(raw, network.listenPort(), 64 * 1024);
    await("raw peer connected", () -> network.connectedPeers().size() == 1);

    byte[] frame = new byte[256 * 1024];
    int sends = 0;
    int fullChecks = 0;
    // Stalled when the queue stays full for three looks 100 ms apart: nothing drains any more.
    while (fullChecks < 3) {
      while (network.queuedFrames(key(raw)) < queueFramesMax) {
        assertTrue(sends < 1_000, "the queue never stalled: is the channel ever unwritable?");
        network.send(key(raw), frame);
        sends++;
      }
      TestNetwork.pause(100);
      fullChecks = network.queuedFrames(key(raw)) == queueFramesMax ? fullChecks + 1 : 0;
    }

    long before = network.drops().get(DropReason.QUEUE_FULL);
    for (int i = 0; i < 20; i++) {
      network.send(key(raw), frame); // returns at once, every time
    }
    assertEquals(before + 20, network.drops().get(DropReason.QUEUE_FULL));
    assertEquals(queueFramesMax, network.queuedFrames(key(raw)), "the queue never grows");
  }

  @Test
  void connectionsBeyondConnectionsMax_areRefusedAndCounted() throws Exception {
    PeerNetwork.Config one =
        new PeerNetwork.Config(1 << 20, 64, 64L << 20, 10_000, 10_000, 20, 200, 3_000, 1, 1);
    PeerNetwork network = server(one);
    net.rawClient(raw, network.listenPort());
    await("first peer connected", () -> network.connectedPeers().size() == 1);

    assertThrows(IOException.class, () -> net.rawClient(good, network.listenPort()));
    assertEquals(1, network.drops().get(DropReason.CONNECTIONS_MAX));
    assertEquals(1, network.connectedPeers().size());
  }

  @Test
  void aHandlerThatThrows_costsThatFrameOnly() throws Exception {
    TestNetwork.Inbox delegate = new TestNetwork.Inbox();
    FrameHandler throwing =
        (peerKey, frame) -> {
          if (new String(frame, StandardCharsets.UTF_8).equals("boom")) {
            throw new IllegalStateException("a bug in the caller");
          }
          delegate.onFrame(peerKey, frame);
        };
    PeerNetwork network =
        net.start(server, cas, 0, List.of(), keys(server, raw), throwing, config());
    SSLSocket peer = net.rawClient(raw, network.listenPort());
    write(peer, frame("boom"), frame("fine"));

    await("the next frame", () -> delegate.has(raw, "fine"));
    assertEquals(1, network.drops().get(DropReason.HANDLER_FAILED));
    assertTrue(contains(network.connectedPeers(), key(raw)));
  }
}
