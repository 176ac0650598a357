package io.credence.p2p.network;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one configured peer connected: dials it, and after a failed dial or a lost connection dials
 * again after a capped exponential back-off ({@code reconnectDelayMillisMin} doubling up to {@code
 * reconnectDelayMillisMax}, reset by a successful connection). It does not dial a peer whose key it
 * knows while that peer is connected (in either direction) or not allowed; it is woken when that
 * changes. All its state is confined to one I/O thread; only Netty's scheduler waits.
 */
final class Dialer {
  private static final int DOUBLINGS_MAX = 30;

  final PeerAddress address;
  private final PeerNetwork network;
  private final EventLoop loop;
  private final long delayMillisMin;
  private final long delayMillisMax;
  private final PeerKey expectedKey;
  private volatile PeerKey knownKey;

  // Confined to loop.
  private int failures;
  private ScheduledFuture<?> pending;
  private Channel channel;

  Dialer(PeerNetwork network, PeerAddress address, EventLoop loop, long delayMin, long delayMax) {
    this.network = network;
    this.address = address;
    this.loop = loop;
    this.delayMillisMin = delayMin;
    this.delayMillisMax = delayMax;
    this.expectedKey = address.expectedKey().map(PeerKey::new).orElse(null);
    this.knownKey = expectedKey;
  }

  void start() {
    run(this::attempt);
  }

  /** True when {@code key} may answer at this address; an address-only dialer learns it. */
  boolean acceptsKey(PeerKey key) {
    if (expectedKey != null) {
      return expectedKey.equals(key);
    }
    knownKey = key;
    return true;
  }

  boolean isFor(PeerKey key) {
    return key.equals(knownKey);
  }

  /** The peer got connected (by any connection): the next loss starts the back-off afresh. */
  void onConnected() {
    run(() -> failures = 0);
  }

  /** Something this dialer waits for may have changed: dial unless already dialling or waiting. */
  void wake() {
    run(
        () -> {
          if (channel == null && pending == null) {
            retryLater();
          }
        });
  }

  private void attempt() {
    pending = null;
    if (network.isClosed() || channel != null) {
      return;
    }
    PeerKey key = knownKey;
    if (key != null && (network.isConnected(key) || !network.isAllowed(key))) {
      return; // wake() is called when the peer disconnects or the allowed set changes
    }
    if (!network.reserveConnection()) {
      retryLater();
      return;
    }
    ChannelFuture connecting = network.connect(this);
    channel = connecting.channel();
    Channel dialled = channel;
    connecting.addListener(
        done -> {
          if (!done.isSuccess()) {
            network.counters().count(DropReason.CONNECT_FAILED);
            dialled.close();
          }
        });
    dialled.closeFuture().addListener(closed -> run(() -> onClosed(dialled)));
  }

  private void onClosed(Channel closed) {
    if (channel == closed) {
      channel = null;
      retryLater();
    }
  }

  private void retryLater() {
    if (network.isClosed() || pending != null) {
      return;
    }
    long delay = Math.min(delayMillisMax, delayMillisMin << Math.min(failures, DOUBLINGS_MAX));
    failures++;
    pending = loop.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
  }

  private void run(Runnable task) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      // The network is closing: nothing more to dial.
    }
  }
}
