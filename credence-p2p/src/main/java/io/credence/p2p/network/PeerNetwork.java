package io.credence.p2p.network;

import io.credence.core.crypto.CryptoSuite;
import io.credence.p2p.tls.NodeCertificate;
import io.credence.p2p.tls.PeerCertificateException;
import io.credence.p2p.tls.TlsIdentity;
import io.credence.p2p.tls.TrustAnchors;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's network: a TLS 1.3 server and outbound connections to the configured peers, with
 * mutual authentication by consensus key. A peer is admitted only if its node certificate is signed
 * by one of the organisation CAs and names a consensus key in the allowed set (validators and
 * observers), which the caller changes at run time; peers that leave it are disconnected.
 *
 * <p>Frames are opaque byte strings, each sent as a 4-byte big-endian length and the bytes. {@link
 * #send} and {@link #broadcast} never block and never throw for a peer that is down or slow: the
 * frame is dropped and counted ({@link #drops()}). Inbound frames reach the {@link FrameHandler} on
 * the network's I/O threads. Every bad frame, bad handshake or flood is dropped and counted and
 * costs at most the offending connection.
 *
 * <p><b>One connection per peer pair.</b> Every node dials the peers it is configured with, so two
 * nodes that list each other may both dial. When a second authenticated connection appears for a
 * pair, the connection dialled by the node with the lower consensus key (unsigned byte order) is
 * kept and the other closed; both ends apply the same rule to the same two connections, so they
 * keep the same one. Dialling from both sides means a node is reached even if only one of the two
 * knows the other's address (an observer behind a firewall dials out).
 */
public final class PeerNetwork implements AutoCloseable {
  /** Most keys in the allowed set: validators and observers together. */
  public static final int ALLOWED_PEERS_MAX = 4_096;

  private static final String TLS_PROTOCOL = "TLSv1.3";
  private static final int WRITE_BUFFER_BYTES_LOW = 512 * 1024;
  private static final int WRITE_BUFFER_BYTES_HIGH = 1024 * 1024;
  private static final int ACCEPT_BACKLOG_CONNECTIONS = 128;
  private static final long SHUTDOWN_TIMEOUT_MILLIS = 2_000;
  private static final long SHUTDOWN_WAIT_MILLIS = 5_000;

  /**
   * Limits, units last. Defaults: frames up to 16 MiB; per peer, 1,024 queued frames or 64 MiB;
   * inbound 1,000 frames per second with bursts of 2,000; reconnect after 100 ms doubling to 10 s;
   * a 10 s handshake; 512 connections (in and out, handshaking included); 2 I/O threads.
   */
  public record Config(
      int frameBytesMax,
      int peerQueueFramesMax,
      long peerQueueBytesMax,
      int framesPerSecondMax,
      int framesBurstMax,
      long reconnectDelayMillisMin,
      long reconnectDelayMillisMax,
      long handshakeTimeoutMillis,
      int connectionsMax,
      int ioThreads) {
    // Declared before DEFAULTS, whose construction reads them.
    private static final long DELAY_MILLIS_MAX = TimeUnit.DAYS.toMillis(1);
    private static final int IO_THREADS_MAX = 64;

    public static final Config DEFAULTS =
        new Config(16 << 20, 1_024, 64L << 20, 1_000, 2_000, 100, 10_000, 10_000, 512, 2);

    public Config {
      positive("frameBytesMax", frameBytesMax, Integer.MAX_VALUE - FrameDecoder.LENGTH_BYTES);
      positive("peerQueueFramesMax", peerQueueFramesMax, Integer.MAX_VALUE);
      positive("peerQueueBytesMax", peerQueueBytesMax, Long.MAX_VALUE);
      if (peerQueueBytesMax < frameBytesMax + (long) FrameDecoder.LENGTH_BYTES) {
        throw new IllegalArgumentException(
            "peerQueueBytesMax: expected room for one frame of frameBytesMax="
                + frameBytesMax
                + " plus its length, found "
                + peerQueueBytesMax);
      }
      positive("framesPerSecondMax", framesPerSecondMax, Integer.MAX_VALUE);
      positive("framesBurstMax", framesBurstMax, Integer.MAX_VALUE);
      positive("reconnectDelayMillisMin", reconnectDelayMillisMin, DELAY_MILLIS_MAX);
      positive("reconnectDelayMillisMax", reconnectDelayMillisMax, DELAY_MILLIS_MAX);
      if (reconnectDelayMillisMax < reconnectDelayMillisMin) {
        throw new IllegalArgumentException(
            "reconnectDelayMillisMax: expected at least reconnectDelayMillisMin="
                + reconnectDelayMillisMin
                + ", found "
                + reconnectDelayMillisMax);
      }
      positive("handshakeTimeoutMillis", handshakeTimeoutMillis, DELAY_MILLIS_MAX);
      positive("connectionsMax", connectionsMax, Integer.MAX_VALUE);
      positive("ioThreads", ioThreads, IO_THREADS_MAX);
    }

    private static void positive(String field, long value, long max) {
      if (value < 1 || value > max) {
        throw new IllegalArgumentException(field + ": expected 1.." + max + ", found " + value);
      }
    }
  }

  private final Config config;
  private final CryptoSuite suite;
  private final PeerKey self;
  private volatile TrustAnchors anchors;
  private final FrameHandler handler;
  private final Drops drops = new Drops();
  private final EventLoopGroup group;
  private final SslContext serverTls;
  private final SslContext clientTls;
  private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();
  private final Map<PeerKey, Session> sessions = new ConcurrentHashMap<>();
  private final Object installLock = new Object();
  private final List<Dialer> dialers;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Set<PeerKey> allowed;
  private Channel server;

  private PeerNetwork(
      TlsIdentity identity,
      TrustAnchors anchors,
      List<PeerAddress> peers,
      Collection<byte[]> allowedPeers,
      FrameHandler handler,
      Config config)
      throws IOException {
    this.config = config;
    this.suite = identity.suite();
    this.self = new PeerKey(identity.consensusKey().publicKey());
    this.anchors = anchors;
    this.handler = handler;
    this.allowed = checkedKeys(allowedPeers);
    OwnIdentityKeys keys =
        new OwnIdentityKeys(
            identity.tlsPrivateKey(), identity.chain().toArray(X509Certificate[]::new));
    PeerTrust trust = new PeerTrust(this);
    // The JDK provider: it handles Ed25519 certificates in TLS 1.3, Netty's OpenSSL path does not.
    this.serverTls =
        SslContextBuilder.forServer(keys)
            .sslProvider(SslProvider.JDK)
            .protocols(TLS_PROTOCOL)
            .clientAuth(ClientAuth.REQUIRE)
            .trustManager(trust)
            .build();
    this.clientTls =
        SslContextBuilder.forClient()
            .keyManager(keys)
            .sslProvider(SslProvider.JDK)
            .protocols(TLS_PROTOCOL)
            .trustManager(trust)
            .endpointIdentificationAlgorithm(null)
            .build();
    this.group =
        new MultiThreadIoEventLoopGroup(
            config.ioThreads(),
            // Below the event loop's priority, as the API's threads (ApiServer): most of their
            // work is checking gossiped transactions' signatures.
            new DefaultThreadFactory("credence-p2p", true, Thread.MIN_PRIORITY),
            NioIoHandler.newFactory());
    // Complete before the server accepts: I/O threads read this list from then on.
    List<Dialer> dialing = new ArrayList<>();
    for (PeerAddress peer : peers) {
      dialing.add(
          new Dialer(
              this,
              peer,
              group.next(),
              config.reconnectDelayMillisMin(),
              config.reconnectDelayMillisMax()));
    }
    this.dialers = List.copyOf(dialing);
  }

  /**
   * Starts the network: listens on {@code listen} (port 0 picks a free port, see {@link
   * #listenPort()}) and dials {@code peers}. {@code authorities} are the organisation CA
   * certificates of genesis; {@code allowedPeers} the consensus keys of validators and observers.
   */
  public static PeerNetwork start(
      TlsIdentity identity,
      List<X509Certificate> authorities,
      InetSocketAddress listen,
      List<PeerAddress> peers,
      Collection<byte[]> allowedPeers,
      FrameHandler handler,
      Config config)
      throws IOException {
    if (peers.size() > config.connectionsMax()) {
      throw new IllegalArgumentException(
          "peers: expected at most connectionsMax="
              + config.connectionsMax()
              + " peers to dial, found "
              + peers.size());
    }
    for (PeerAddress peer : peers) {
      peer.expectedKey().ifPresent(key -> checkedKey("peer " + peer, identity.suite(), key));
    }
    PeerNetwork network =
        new PeerNetwork(
            identity, new TrustAnchors(authorities), peers, allowedPeers, handler, config);
    try {
      network.bind(listen);
    } catch (IOException | RuntimeException e) {
      network.close();
      throw e;
    }
    network.dialers.forEach(Dialer::start);
    return network;
  }

  private void bind(InetSocketAddress listen) throws IOException {
    ChannelFuture bound =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG_CONNECTIONS)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(WRITE_BUFFER_BYTES_LOW, WRITE_BUFFER_BYTES_HIGH))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    if (!reserveConnection()) {
                      channel.close();
                      return;
                    }
                    track(channel);
                    pipeline(channel, null);
                  }
                })
            .bind(listen)
            .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new IOException(
          "listen on " + listen + ": " + bound.cause().getMessage(), bound.cause());
    }
    server = bound.channel();
  }

  /** Dials for {@code dialer}; the caller has reserved a connection. */
  ChannelFuture connect(Dialer dialer) {
    ChannelFuture connecting =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, config.handshakeTimeoutMillis()))
            .option(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(WRITE_BUFFER_BYTES_LOW, WRITE_BUFFER_BYTES_HIGH))
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    pipeline(channel, dialer);
                  }
                })
            .connect(
                InetSocketAddress.createUnresolved(dialer.address.host(), dialer.address.port()));
    track(connecting.channel());
    return connecting;
  }

  private void pipeline(SocketChannel channel, Dialer dialer) {
    // No peer host is given to the engine, so our clients never offer to resume a TLS session:
    // every connection runs a full handshake through the trust manager. (Admission re-checks the
    // chain and the key after any handshake, resumed or not.)
    SslHandler tls = (dialer == null ? serverTls : clientTls).newHandler(channel.alloc());
    tls.setHandshakeTimeoutMillis(config.handshakeTimeoutMillis());
    channel
        .pipeline()
        .addLast("tls", tls)
        .addLast("frames", new FrameDecoder(config.frameBytesMax(), drops))
        .addLast(
            "peer",
            new PeerHandler(
                this,
                dialer,
                new TokenBucket(
                    config.framesPerSecondMax(), config.framesBurstMax(), System.nanoTime())));
  }

  private void track(Channel channel) {
    channels.add(channel);
    channel
        .closeFuture()
        .addListener(
            closedChannel -> {
              channels.remove(channel);
              connections.decrementAndGet();
            });
    if (closed.get()) {
      channel.close();
    }
  }

  /** Takes one of {@code connectionsMax}, or counts {@link DropReason#CONNECTIONS_MAX}. */
  boolean reserveConnection() {
    if (connections.incrementAndGet() > config.connectionsMax() || closed.get()) {
      connections.decrementAndGet();
      drops.count(DropReason.CONNECTIONS_MAX);
      return false;
    }
    return true;
  }

  /**
   * Installs an admitted connection as the peer's, applying the one-connection rule; returns its
   * session, or null when this connection lost to the one already installed. On {@code channel}'s
   * I/O thread.
   */
  Session install(PeerKey peer, Channel channel, boolean outbound) {
    Session candidate =
        new Session(
            peer,
            channel,
            outbound,
            config.peerQueueFramesMax(),
            config.peerQueueBytesMax(),
            drops);
    Session replaced = null;
    boolean connected;
    synchronized (installLock) {
      if (closed.get() || !channel.isActive()) {
        return null;
      }
      Session existing = sessions.get(peer);
      connected = existing == null;
      if (existing != null) {
        // The one-connection rule: keep the connection dialled by the lower key. Two connections
        // dialled by the same node (two addresses of one peer) keep the one installed first.
        boolean keepCandidate =
            existing.outbound != outbound
                && candidate.dialer(self).compareTo(existing.dialer(self)) < 0;
        drops.count(DropReason.DUPLICATE_CONNECTION);
        if (!keepCandidate) {
          channel.close();
          return null;
        }
        replaced = existing;
      }
      sessions.put(peer, candidate);
    }
    channel.closeFuture().addListener(done -> uninstall(candidate));
    if (replaced != null) {
      replaced.channel.close();
    }
    // Installed first, checked second; setAllowedPeers and setAuthorities update the set first and
    // scan the sessions second. Whatever the interleaving, one of the two sees the other; when
    // both do, the session's refusal is counted once. (A handshake checked against CAs replaced
    // since is caught here: the trust check runs again on the installed connection.)
    if (!isAllowed(peer) || !stillTrusted(channel)) {
      if (candidate.refuse()) {
        drops.count(DropReason.PEER_NOT_ALLOWED);
      }
      channel.close();
      return candidate;
    }
    if (connected) {
      for (Dialer dialer : dialers) {
        if (dialer.isFor(peer)) {
          dialer.onConnected();
        }
      }
      notify(() -> handler.onPeerConnected(peer.bytes()));
    }
    return candidate;
  }

  private void uninstall(Session session) {
    session.close();
    if (sessions.remove(session.peer, session) && !closed.get()) {
      notify(() -> handler.onPeerDisconnected(session.peer.bytes()));
      for (Dialer dialer : dialers) {
        if (dialer.isFor(session.peer)) {
          dialer.wake();
        }
      }
    }
  }

  void deliver(PeerKey peer, byte[] frame) {
    notify(() -> handler.onFrame(peer.bytes(), frame));
  }

  private void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      // A bug in the caller's handler: it must not take the connection or the I/O thread down.
      drops.count(DropReason.HANDLER_FAILED);
    }
  }

  NodeCertificate verify(X509Certificate[] chain) throws PeerCertificateException {
    return anchors.verify(chain, suite, Instant.now());
  }

  long handshakeTimeoutMillis() {
    return config.handshakeTimeoutMillis();
  }

  boolean isAllowed(PeerKey key) {
    return !key.equals(self) && allowed.contains(key);
  }

  boolean isConnected(PeerKey key) {
    return sessions.containsKey(key);
  }

  boolean isClosed() {
    return closed.get();
  }

  Drops counters() {
    return drops;
  }

  /** Open connections, handshaking ones included: for tests of the one-connection rule. */
  int connectionsOpen() {
    return channels.size();
  }

  /** Frames queued for {@code peerKey} now: for tests of the queue bound. */
  int queuedFrames(byte[] peerKey) {
    Session session = sessions.get(new PeerKey(peerKey));
    return session == null ? 0 : session.queuedFrames();
  }

  /** The port the server listens on (the one chosen when asked to listen on port 0). */
  public int listenPort() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /**
   * Sends {@code frame} to the peer with consensus key {@code peerKey}. Never blocks and never
   * throws for a peer that is not connected or too slow: the frame is dropped and counted.
   */
  public void send(byte[] peerKey, byte[] frame) {
    if (frame.length > config.frameBytesMax()) {
      drops.count(DropReason.FRAME_TOO_LARGE);
      return;
    }
    Session session = sessions.get(new PeerKey(peerKey));
    if (session == null) {
      drops.count(DropReason.PEER_NOT_CONNECTED);
      return;
    }
    session.offer(frame.clone());
  }

  /** Sends {@code frame} to every connected peer, on the terms of {@link #send}. */
  public void broadcast(byte[] frame) {
    if (frame.length > config.frameBytesMax()) {
      drops.count(DropReason.FRAME_TOO_LARGE);
      return;
    }
    // One copy shared by every queue: the network never writes into a frame.
    byte[] copy = frame.clone();
    for (Session session : sessions.values()) {
      session.offer(copy);
    }
  }

  /** The consensus keys of the peers connected now, in unsigned byte order. */
  public List<byte[]> connectedPeers() {
    return sessions.keySet().stream().sorted().map(PeerKey::bytes).toList();
  }

  /**
   * Replaces the organisation CAs trusted (when the consortium admits an organisation's CA, rotates
   * one, or removes a member). A connected peer whose certificate no longer chains to a trusted CA
   * is disconnected and counted as {@link DropReason#PEER_NOT_ALLOWED}; new handshakes are checked
   * against the new CAs.
   */
  public void setAuthorities(List<X509Certificate> authorities) {
    anchors = new TrustAnchors(authorities);
    for (Session session : sessions.values()) {
      if (!stillTrusted(session.channel)) {
        if (session.refuse()) {
          drops.count(DropReason.PEER_NOT_ALLOWED);
        }
        session.channel.close();
      }
    }
    dialers.forEach(Dialer::wake);
  }

  private boolean stillTrusted(Channel channel) {
    SslHandler tls = channel.pipeline().get(SslHandler.class);
    if (tls == null) {
      return false;
    }
    try {
      java.security.cert.Certificate[] presented = tls.engine().getSession().getPeerCertificates();
      verify(java.util.Arrays.copyOf(presented, presented.length, X509Certificate[].class));
      return true;
    } catch (javax.net.ssl.SSLPeerUnverifiedException
        | ArrayStoreException
        | PeerCertificateException e) {
      return false;
    }
  }

  /**
   * Replaces the allowed set (validators and observers, e.g. at an epoch change). Connected peers
   * outside the new set are disconnected and counted as {@link DropReason#PEER_NOT_ALLOWED}; peers
   * newly allowed are dialled again if configured.
   */
  public void setAllowedPeers(Collection<byte[]> peerKeys) {
    allowed = checkedKeys(peerKeys);
    for (Session session : sessions.values()) {
      if (!isAllowed(session.peer)) {
        if (session.refuse()) {
          drops.count(DropReason.PEER_NOT_ALLOWED);
        }
        session.channel.close();
      }
    }
    dialers.forEach(Dialer::wake);
  }

  /** Drops counted so far, by reason (every reason present, zeros included). */
  public Map<DropReason, Long> drops() {
    return drops.snapshot();
  }

  private Set<PeerKey> checkedKeys(Collection<byte[]> keys) {
    if (keys.size() > ALLOWED_PEERS_MAX) {
      throw new IllegalArgumentException(
          "allowed peers: expected at most " + ALLOWED_PEERS_MAX + " keys, found " + keys.size());
    }
    Set<PeerKey> checked = new HashSet<>();
    for (byte[] key : keys) {
      checked.add(checkedKey("allowed peer", suite, key));
    }
    return Set.copyOf(checked);
  }

  private static PeerKey checkedKey(String where, CryptoSuite suite, byte[] key) {
    if (!suite.isValidPublicKey(key)) {
      throw new IllegalArgumentException(
          where
              + ": expected a "
              + suite.name()
              + " public key of "
              + suite.publicKeyLength()
              + " bytes, found an invalid key of "
              + key.length
              + " bytes");
    }
    return new PeerKey(key);
  }

  /**
   * Stops listening and dialling, closes every connection and stops the I/O threads (daemon
   * threads: an unclosed network does not keep the JVM alive), waiting for them unless called from
   * one of them. No handler is called once this has begun.
   */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    if (server != null) {
      server.close();
    }
    channels.forEach(Channel::close);
    group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    boolean onIoThread = false;
    for (EventExecutor executor : group) {
      onIoThread |= executor.inEventLoop();
    }
    if (!onIoThread) {
      group.terminationFuture().awaitUninterruptibly(SHUTDOWN_WAIT_MILLIS);
    }
  }
}
