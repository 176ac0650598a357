package io.credence.core;

import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.util.Arrays;

/** An account's 20-byte address: the first 20 bytes of the suite hash of its public key. */
public final class Address implements Comparable<Address> {
  public static final int LENGTH = 20;

  private final byte[] bytes;

  private Address(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Address of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("address: expected 20 bytes, found " + bytes.length);
    }
    return new Address(bytes.clone());
  }

  public static Address parse(String field, String hex) {
    byte[] raw = Hex.parse(field, hex);
    if (raw.length != LENGTH) {
      throw new IllegalArgumentException(
          field + ": expected a 20-byte address, found " + raw.length + " bytes");
    }
    return new Address(raw);
  }

  public static Address read(Reader reader) {
    return new Address(reader.fixed(LENGTH));
  }

  public void write(Writer writer) {
    writer.fixed(bytes);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public String hex() {
    return Hex.of(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Address a && Arrays.equals(bytes, a.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(Address other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
