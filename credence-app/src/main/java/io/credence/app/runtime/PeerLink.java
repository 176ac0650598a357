package io.credence.app.runtime;

import io.credence.core.codec.CodecException;
import io.credence.ledger.chain.Transaction;
import io.credence.node.Replica;
import io.credence.node.message.NodeMessage;
import io.credence.p2p.network.FrameHandler;
import io.credence.p2p.network.PeerNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The replica's network port on the real transport: outgoing messages are encoded and handed to
 * {@link PeerNetwork} (which never blocks); incoming frames are decoded on the transport's threads,
 * gossiped transactions have their signatures and argument keys checked there, in parallel ({@link
 * NodeRunner#checkAhead}), and the rest goes to the node's loop. A frame that does not decode, or a
 * transaction with a bad signature, is dropped and counted, never fatal.
 */
final class PeerLink implements Replica.Network, FrameHandler {
  private final Map<String, AtomicLong> dropped = new ConcurrentHashMap<>();
  private volatile PeerNetwork network;
  private volatile NodeRunner runner;
  // The replica sends one message to each peer in turn: encode it once (loop thread only).
  private NodeMessage lastMessage;
  private byte[] lastFrame;

  void attach(PeerNetwork network, NodeRunner runner) {
    this.network = network;
    this.runner = runner;
  }

  @Override
  public void send(byte[] to, NodeMessage message) {
    PeerNetwork n = network;
    if (n == null) {
      drop("network_not_started");
      return;
    }
    if (message != lastMessage) {
      lastMessage = message;
      lastFrame = NodeMessage.CODEC.encode(message);
    }
    n.send(to, lastFrame);
  }

  @Override
  public void onFrame(byte[] peerKey, byte[] frame) {
    NodeRunner r = runner;
    if (r == null) {
      drop("node_not_started");
      return;
    }
    NodeMessage message;
    try {
      message = NodeMessage.CODEC.decode(frame);
    } catch (CodecException e) {
      drop("malformed_message");
      return;
    }
    if (message instanceof NodeMessage.Transactions t) {
      List<Transaction> checked = new ArrayList<>(t.transactions().size());
      for (Transaction tx : t.transactions()) {
        if (r.checkAhead(tx)) {
          checked.add(tx);
        } else {
          drop("bad_transaction_signature");
        }
      }
      r.deliverGossip(peerKey, checked);
    } else {
      r.deliver(peerKey, message);
    }
  }

  private void drop(String reason) {
    dropped.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
  }

  /** Drops by reason: this adapter's and the transport's. */
  Map<String, Long> drops() {
    Map<String, Long> out = new TreeMap<>();
    dropped.forEach((k, v) -> out.put(k, v.get()));
    PeerNetwork n = network;
    if (n != null) {
      n.drops()
          .forEach((k, v) -> out.merge(k.name().toLowerCase(java.util.Locale.ROOT), v, Long::sum));
    }
    return out;
  }
}
