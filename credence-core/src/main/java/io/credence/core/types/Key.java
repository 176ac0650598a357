package io.credence.core.types;

import io.credence.core.Hex;
import java.util.Arrays;

/** A public key as an argument value: bytes compared by content. */
public final class Key {
  private final byte[] bytes;

  public Key(byte[] bytes) {
    this.bytes = bytes.clone();
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Key k && Arrays.equals(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return Hex.of(bytes);
  }
}
