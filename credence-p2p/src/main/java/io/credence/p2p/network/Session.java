package io.credence.p2p.network;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A peer's one installed connection and its bounded outbound queue. Senders on any thread append to
 * the queue without waiting; the connection's I/O thread drains it while Netty says the channel is
 * writable, so a slow reader fills the queue, not memory. A full queue drops the new frame.
 */
final class Session {
  final PeerKey peer;
  final Channel channel;
  final boolean outbound;
  private final int queueFramesMax;
  private final long queueBytesMax;
  private final Drops drops;
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicBoolean refused = new AtomicBoolean();

  // Guarded by this: senders append from any thread, the I/O thread removes.
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private long queuedBytes;
  private boolean closed;

  Session(
      PeerKey peer,
      Channel channel,
      boolean outbound,
      int queueFramesMax,
      long queueBytesMax,
      Drops drops) {
    this.peer = peer;
    this.channel = channel;
    this.outbound = outbound;
    this.queueFramesMax = queueFramesMax;
    this.queueBytesMax = queueBytesMax;
    this.drops = drops;
  }

  /**
   * Marks this session refused by the allowed set; true only the first time, so a refusal seen both
   * by the installing thread and by a concurrent allowed-set change is counted once.
   */
  boolean refuse() {
    return refused.compareAndSet(false, true);
  }

  /** The key of the node that dialled this connection. */
  PeerKey dialer(PeerKey self) {
    return outbound ? self : peer;
  }

  /** Queues {@code frame} (not copied: the caller hands it over) or counts why it cannot. */
  void offer(byte[] frame) {
    long bytes = FrameDecoder.LENGTH_BYTES + (long) frame.length;
    synchronized (this) {
      if (closed) {
        drops.count(DropReason.PEER_NOT_CONNECTED);
        return;
      }
      if (queue.size() >= queueFramesMax || queuedBytes + bytes > queueBytesMax) {
        drops.count(DropReason.QUEUE_FULL);
        return;
      }
      queue.addLast(frame);
      queuedBytes += bytes;
    }
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        channel.eventLoop().execute(this::drain);
      } catch (RejectedExecutionException e) {
        // The network is shutting down; close() counts what is left in the queue.
        drainScheduled.set(false);
      }
    }
  }

  /** Writes queued frames while the channel is writable. On the channel's I/O thread only. */
  void drain() {
    drainScheduled.set(false);
    boolean wrote = false;
    while (channel.isActive() && channel.isWritable()) {
      byte[] frame;
      synchronized (this) {
        frame = queue.pollFirst();
        if (frame == null) {
          break;
        }
        queuedBytes -= FrameDecoder.LENGTH_BYTES + (long) frame.length;
      }
      byte[] length = {
        (byte) (frame.length >>> 24),
        (byte) (frame.length >>> 16),
        (byte) (frame.length >>> 8),
        (byte) frame.length
      };
      channel.write(Unpooled.wrappedBuffer(length, frame), channel.voidPromise());
      wrote = true;
    }
    if (wrote) {
      channel.flush();
    }
  }

  /** Frames waiting in the queue now. */
  synchronized int queuedFrames() {
    return queue.size();
  }

  /** Stops the queue; frames still in it are counted as {@link DropReason#PEER_NOT_CONNECTED}. */
  void close() {
    int dropped;
    synchronized (this) {
      closed = true;
      dropped = queue.size();
      queue.clear();
      queuedBytes = 0;
    }
    drops.count(DropReason.PEER_NOT_CONNECTED, dropped);
  }
}
