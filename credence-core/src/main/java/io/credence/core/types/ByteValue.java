package io.credence.core.types;

import io.credence.core.Hex;
import java.util.Arrays;

/** Bytes as an argument value, compared by content and by kind (a key is never equal to a blob). */
abstract class ByteValue {
  private final byte[] bytes;

  ByteValue(byte[] bytes) {
    this.bytes = bytes.clone();
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && Arrays.equals(bytes, ((ByteValue) o).bytes);
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
