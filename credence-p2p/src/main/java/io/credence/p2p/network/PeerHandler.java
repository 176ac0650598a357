package io.credence.p2p.network;

import io.credence.p2p.tls.NodeCertificate;
import io.credence.p2p.tls.PeerCertificateException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * One connection's life after TCP: the handshake's outcome (admit the peer or count why not), the
 * admission confirmation, inbound frames (flood limit, then the caller's handler), and writability
 * (drain the queue).
 *
 * <p><b>Admission confirmation.</b> In TLS 1.3 the client finishes its handshake before the server
 * has judged the client's certificate, so a refused client would briefly believe it is connected.
 * Therefore each side, once it has admitted the other, sends one empty frame, and installs the
 * connection only when the other side's empty frame arrives: a connection is up at both ends or at
 * neither. A first frame that is not empty is malformed; no confirmation within the handshake
 * timeout, or a close before it, is a failed handshake.
 */
final class PeerHandler extends ChannelInboundHandlerAdapter {
  private enum State {
    HANDSHAKING,
    CONFIRMING,
    ADMITTED,
    REFUSED
  }

  private final PeerNetwork network;
  private final Dialer dialer;
  private final TokenBucket inbound;
  private State state = State.HANDSHAKING;
  private PeerKey peer;
  private Session session;

  /** {@code dialer} is null for an accepted (inbound) connection. */
  PeerHandler(PeerNetwork network, Dialer dialer, TokenBucket inbound) {
    this.network = network;
    this.dialer = dialer;
    this.inbound = inbound;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof SslHandshakeCompletionEvent completion && state == State.HANDSHAKING) {
      if (completion.isSuccess()) {
        admit(ctx);
      } else {
        refuse(ctx, PeerRefusal.reasonOf(completion.cause()));
      }
    }
    super.userEventTriggered(ctx, event);
  }

  private void admit(ChannelHandlerContext ctx) {
    // The trust manager already checked the chain and the key inside the handshake. Checking again
    // here covers what it cannot: a change of the allowed set since, and the dialler's expectation.
    NodeCertificate node;
    try {
      Certificate[] presented =
          ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
      node = network.verify(Arrays.copyOf(presented, presented.length, X509Certificate[].class));
    } catch (SSLPeerUnverifiedException | ArrayStoreException e) {
      refuse(ctx, DropReason.HANDSHAKE_FAILED);
      return;
    } catch (PeerCertificateException e) {
      refuse(
          ctx,
          e.kind() == PeerCertificateException.Kind.UNKNOWN_AUTHORITY
              ? DropReason.HANDSHAKE_UNKNOWN_CA
              : DropReason.HANDSHAKE_BAD_CERTIFICATE);
      return;
    }
    PeerKey key = new PeerKey(node.consensusKey());
    if (dialer != null && !dialer.acceptsKey(key)) {
      refuse(ctx, DropReason.HANDSHAKE_UNEXPECTED_KEY);
      return;
    }
    if (!network.isAllowed(key)) {
      refuse(ctx, DropReason.HANDSHAKE_KEY_NOT_ALLOWED);
      return;
    }
    state = State.CONFIRMING;
    peer = key;
    ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[FrameDecoder.LENGTH_BYTES]));
    ctx.executor()
        .schedule(
            () -> {
              if (state == State.CONFIRMING) {
                refuse(ctx, DropReason.HANDSHAKE_FAILED);
              }
            },
            network.handshakeTimeoutMillis(),
            TimeUnit.MILLISECONDS);
  }

  private void refuse(ChannelHandlerContext ctx, DropReason reason) {
    state = State.REFUSED;
    network.counters().count(reason);
    ctx.close();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    byte[] frame = (byte[]) message;
    switch (state) {
      case HANDSHAKING -> refuse(ctx, DropReason.MALFORMED_FRAME);
      case CONFIRMING -> {
        if (frame.length == 0) {
          state = State.ADMITTED;
          session = network.install(peer, ctx.channel(), dialer != null);
        } else {
          refuse(ctx, DropReason.MALFORMED_FRAME);
        }
      }
      case REFUSED -> {
        // Already counted once, with the reason the peer was refused.
      }
      case ADMITTED -> {
        if (!network.isAllowed(peer)) {
          network.counters().count(DropReason.PEER_NOT_ALLOWED);
        } else if (!inbound.tryTake(System.nanoTime())) {
          network.counters().count(DropReason.FLOOD);
        } else {
          network.deliver(peer, frame);
        }
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    // Closed while waiting for the other side's confirmation: it refused us, or vanished.
    if (state == State.CONFIRMING) {
      state = State.REFUSED;
      network.counters().count(DropReason.HANDSHAKE_FAILED);
    }
    super.channelInactive(ctx);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (session != null && ctx.channel().isWritable()) {
      session.drain();
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Handshake failures arrive as a completion event and are counted there. After admission, a
    // decoding failure is a corrupt TLS record from the peer (or someone on the path); I/O errors
    // are the network's weather and only close the connection.
    if (state == State.ADMITTED && cause instanceof DecoderException) {
      network.counters().count(DropReason.MALFORMED_FRAME);
    }
    ctx.close();
  }
}
