package io.credence.p2p.network;

import java.util.Optional;

/**
 * A peer to dial: a host and port, and the consensus key expected there when it is known. With a
 * key, the network does not dial a peer it is already connected to and refuses an answer with
 * another key; without one, it learns the key from the first handshake. A host name is resolved at
 * each dial on an I/O thread, so configure IP addresses (or names the hosts file answers).
 */
public final class PeerAddress {
  private final String host;
  private final int port;
  private final byte[] expectedKey;

  private PeerAddress(String host, int port, byte[] expectedKey) {
    if (host.isBlank()) {
      throw new IllegalArgumentException("peer address: expected a host, found a blank one");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException(
          "peer address " + host + ": expected a port in 1..65535, found " + port);
    }
    this.host = host;
    this.port = port;
    this.expectedKey = expectedKey == null ? null : expectedKey.clone();
  }

  /** The peer at {@code host:port} whose consensus key is {@code expectedKey}. */
  public static PeerAddress of(String host, int port, byte[] expectedKey) {
    return new PeerAddress(host, port, expectedKey.clone());
  }

  /** The peer at {@code host:port}, whatever allowed key it proves. */
  public static PeerAddress anyKey(String host, int port) {
    return new PeerAddress(host, port, null);
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public Optional<byte[]> expectedKey() {
    return expectedKey == null ? Optional.empty() : Optional.of(expectedKey.clone());
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
