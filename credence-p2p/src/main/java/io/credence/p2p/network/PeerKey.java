package io.credence.p2p.network;

import io.credence.core.Hex;
import java.util.Arrays;

/** A peer's consensus key as a map key: value equality, and the unsigned byte order of the keys. */
record PeerKey(byte[] bytes) implements Comparable<PeerKey> {
  private static final int SHOWN_BYTES = 8;

  PeerKey {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PeerKey key && Arrays.equals(bytes, key.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(PeerKey other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return Hex.of(Arrays.copyOf(bytes, Math.min(SHOWN_BYTES, bytes.length))) + "…";
  }
}
