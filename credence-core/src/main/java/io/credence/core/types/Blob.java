package io.credence.core.types;

import io.credence.core.Hex;
import java.util.Arrays;

/**
 * Bytes as an argument value (a document hash list, an opaque reference): bytes compared by
 * content.
 */
public final class Blob {
  private final byte[] bytes;

  public Blob(byte[] bytes) {
    this.bytes = bytes.clone();
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Blob k && Arrays.equals(bytes, k.bytes);
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
