package io.credence.core;

import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.util.Arrays;

/** A 32-byte digest (SHA-256 or SM3, as the chain's suite says). Immutable; ordered bytewise. */
public final class Hash implements Comparable<Hash> {
  public static final int LENGTH = 32;
  public static final Hash ZERO = new Hash(new byte[LENGTH]);

  private final byte[] bytes;
  private final int hashCode;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
    // Hashes are map keys on hot paths (state nodes, indexes): compute the hash code once.
    this.hashCode = Arrays.hashCode(bytes);
  }

  public static Hash of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("hash: expected 32 bytes, found " + bytes.length);
    }
    return new Hash(bytes.clone());
  }

  public static Hash parse(String field, String hex) {
    byte[] raw = Hex.parse(field, hex);
    if (raw.length != LENGTH) {
      throw new IllegalArgumentException(field + ": expected 32 bytes, found " + raw.length);
    }
    return new Hash(raw);
  }

  public static Hash read(Reader reader) {
    return new Hash(reader.fixed(LENGTH));
  }

  public void write(Writer writer) {
    writer.fixed(bytes);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * Copies the 32 bytes into {@code target} at {@code offset}, without the copy {@link #bytes}
   * makes.
   */
  public void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, LENGTH);
  }

  /** Bit {@code index} counted from the most significant bit of byte 0. */
  public boolean bit(int index) {
    return ((bytes[index >>> 3] >>> (7 - (index & 7))) & 1) == 1;
  }

  public String hex() {
    return Hex.of(bytes);
  }

  /** The first four bytes, for messages. */
  public String abbreviated() {
    return hex().substring(0, 8) + "…";
  }

  @Override
  public boolean equals(Object other) {
    // The cached hash codes differ for nearly every two distinct hashes: compared first, they
    // spare reading the bytes (the tree compares children with the empty hash at every level).
    return other == this
        || other instanceof Hash h && hashCode == h.hashCode && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return hashCode;
  }

  @Override
  public int compareTo(Hash other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
