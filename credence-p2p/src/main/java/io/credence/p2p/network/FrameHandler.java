package io.credence.p2p.network;

/**
 * The caller's side of the network: inbound frames and connection changes, each named by the peer's
 * consensus key (raw, as in genesis). Called on the network's I/O threads, in order per peer; an
 * implementation should hand the frame to its own loop and return quickly, since a slow handler
 * slows that peer's connection (and others sharing the thread).
 */
public interface FrameHandler {
  void onFrame(byte[] peerKey, byte[] frame);

  /** The peer now has an authenticated connection; frames to it can be sent. */
  default void onPeerConnected(byte[] peerKey) {}

  /** The peer's connection closed; the network redials it if it is one of the dialled peers. */
  default void onPeerDisconnected(byte[] peerKey) {}
}
