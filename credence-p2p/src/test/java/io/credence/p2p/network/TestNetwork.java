package io.credence.p2p.network;

import static org.junit.jupiter.api.Assertions.fail;

import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import io.credence.p2p.tls.CertificateAuthority;
import io.credence.p2p.tls.TlsIdentity;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Loopback fixtures for network tests: organisations with CAs, node identities, networks that are
 * all closed after the test, an inbox handler, a raw TLS client that writes whatever bytes a test
 * wants, and a bounded wait.
 */
final class TestNetwork implements AutoCloseable {
  static final String HOST = "127.0.0.1";
  static final Duration WAIT = Duration.ofSeconds(10);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Instant NOT_BEFORE = Instant.now().minus(Duration.ofDays(1));

  private final List<AutoCloseable> opened = new ArrayList<>();

  /** Small limits and quick reconnects, one I/O thread per network. */
  static PeerNetwork.Config config() {
    return config(1 << 20, 64, 10_000, 10_000);
  }

  static PeerNetwork.Config config(
      int frameBytesMax, int peerQueueFramesMax, int framesPerSecondMax, int framesBurstMax) {
    return new PeerNetwork.Config(
        frameBytesMax,
        peerQueueFramesMax,
        64L << 20,
        framesPerSecondMax,
        framesBurstMax,
        20,
        200,
        3_000,
        64,
        1);
  }

  static CertificateAuthority organisation(String name) {
    return CertificateAuthority.create(
        name,
        CryptoSuite.named("standard").generate(RANDOM),
        NOT_BEFORE,
        CertificateAuthority.DEVELOPMENT_VALIDITY);
  }

  static TlsIdentity node(CertificateAuthority ca, String name, CryptoSuite suite) {
    KeyPair consensus = suite.generate(RANDOM);
    return ca.issueNode(name, consensus, NOT_BEFORE, CertificateAuthority.DEVELOPMENT_VALIDITY);
  }

  static TlsIdentity node(CertificateAuthority ca, String name) {
    return node(ca, name, CryptoSuite.named("standard"));
  }

  static byte[] key(TlsIdentity identity) {
    return identity.consensusKey().publicKey();
  }

  static List<byte[]> keys(TlsIdentity... identities) {
    return Arrays.stream(identities).map(TestNetwork::key).toList();
  }

  static PeerAddress address(PeerNetwork network, TlsIdentity identity) {
    return PeerAddress.of(HOST, network.listenPort(), key(identity));
  }

  /** A port free a moment ago, for nodes that must know each other's ports before starting. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }

  PeerNetwork start(
      TlsIdentity identity,
      List<X509Certificate> authorities,
      int port,
      List<PeerAddress> peers,
      Collection<byte[]> allowed,
      FrameHandler handler,
      PeerNetwork.Config config)
      throws IOException {
    PeerNetwork network =
        PeerNetwork.start(
            identity,
            authorities,
            new InetSocketAddress(HOST, port),
            peers,
            allowed,
            handler,
            config);
    opened.add(network);
    return network;
  }

  @Override
  public void close() throws IOException {
    for (AutoCloseable closeable : opened) {
      try {
        closeable.close();
      } catch (IOException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + WAIT + " waiting for " + what);
      }
      pause(5);
    }
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static boolean contains(List<byte[]> keys, byte[] key) {
    return keys.stream().anyMatch(k -> Arrays.equals(k, key));
  }

  /** A frame as received: the sender's key and the bytes. */
  record Received(String peerHex, String text) {}

  /** Records every frame and connection event. */
  static final class Inbox implements FrameHandler {
    final LinkedBlockingQueue<Received> frames = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<String> connected = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<String> disconnected = new LinkedBlockingQueue<>();

    @Override
    public void onFrame(byte[] peerKey, byte[] frame) {
      frames.add(
          new Received(hex(peerKey), new String(frame, java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public void onPeerConnected(byte[] peerKey) {
      connected.add(hex(peerKey));
    }

    @Override
    public void onPeerDisconnected(byte[] peerKey) {
      disconnected.add(hex(peerKey));
    }

    boolean has(TlsIdentity from, String text) {
      return frames.contains(new Received(hex(key(from)), text));
    }
  }

  /**
   * A TLS 1.3 client built on the JDK's blocking socket with a node's identity, trusting any
   * server: a peer that passes the handshake, confirms its admission with the empty frame, and then
   * writes raw bytes, or reads nothing at all.
   */
  SSLSocket rawClient(TlsIdentity identity, int port) throws Exception {
    return rawClient(identity, port, 0);
  }

  /** A raw client with a small fixed receive buffer (0: the system's, auto-tuned). */
  SSLSocket rawClient(TlsIdentity identity, int port, int receiveBufferBytes) throws Exception {
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(
        new KeyManager[] {
          new OwnIdentityKeys(
              identity.tlsPrivateKey(), identity.chain().toArray(X509Certificate[]::new))
        },
        new TrustManager[] {new TrustingAnyServer()},
        RANDOM);
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
    opened.add(socket);
    if (receiveBufferBytes > 0) {
      // Before connecting, so that the window is small from the start (and not auto-tuned).
      socket.setReceiveBufferSize(receiveBufferBytes);
    }
    socket.connect(new InetSocketAddress(HOST, port));
    socket.setEnabledProtocols(new String[] {"TLSv1.3"});
    socket.startHandshake();
    write(socket, new byte[4]);
    return socket;
  }

  static byte[] frame(String text) {
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array();
  }

  static void write(Socket socket, byte[]... parts) throws IOException {
    OutputStream out = socket.getOutputStream();
    for (byte[] part : parts) {
      out.write(part);
    }
    out.flush();
  }

  private static final class TrustingAnyServer extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
