package io.credence.p2p.network;

/**
 * Why the network dropped a frame or a connection. Each drop is counted ({@link
 * PeerNetwork#drops()}) and none is fatal to the node: a bad peer costs at most its own connection.
 */
public enum DropReason {
  /** A frame over {@code frameBytesMax}: an inbound one is skipped, an outbound one never sent. */
  FRAME_TOO_LARGE,
  /**
   * An impossible length prefix (negative), corrupt TLS records, or a first frame that is not the
   * empty admission confirmation: the connection is closed.
   */
  MALFORMED_FRAME,
  /**
   * An inbound frame beyond the peer's rate ({@code framesPerSecondMax}, {@code framesBurstMax}).
   */
  FLOOD,
  /** An outbound frame that found the peer's queue at {@code peerQueueFramesMax} or bytes max. */
  QUEUE_FULL,
  /** A frame for a peer with no connection, or still queued when its connection closed. */
  PEER_NOT_CONNECTED,
  /** The caller's {@link FrameHandler} threw; the frame is lost, the connection kept. */
  HANDLER_FAILED,
  /** A handshake whose node certificate no trusted organisation CA signed. */
  HANDSHAKE_UNKNOWN_CA,
  /** A handshake with a certificate from a trusted CA but unusable (expired, malformed...). */
  HANDSHAKE_BAD_CERTIFICATE,
  /** A handshake whose proven consensus key is not in the allowed set (or is our own key). */
  HANDSHAKE_KEY_NOT_ALLOWED,
  /** A dialled address answered with another consensus key than the one expected there. */
  HANDSHAKE_UNEXPECTED_KEY,
  /**
   * Any other failed handshake: timeout, not TLS 1.3, closed early, or refused by the other side
   * (no admission confirmation came back).
   */
  HANDSHAKE_FAILED,
  /** A connected peer, or a frame from one, whose key has left the allowed set. */
  PEER_NOT_ALLOWED,
  /** The second connection of a peer pair, closed by the one-connection rule. */
  DUPLICATE_CONNECTION,
  /** A connection refused or not dialled because {@code connectionsMax} were open. */
  CONNECTIONS_MAX,
  /** A dial that did not reach the peer (refused, unreachable, timed out). */
  CONNECT_FAILED
}
