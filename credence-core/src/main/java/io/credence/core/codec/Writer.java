package io.credence.core.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Appends the canonical encoding of primitive values: fixed-width integers big-endian, lengths as
 * minimal unsigned LEB128 varints, strings as UTF-8. One value has exactly one encoding.
 */
public final class Writer {
  private byte[] buffer;
  private int size;

  public Writer() {
    this(128);
  }

  public Writer(int capacity) {
    buffer = new byte[Math.max(16, capacity)];
  }

  private void ensure(int extra) {
    if (size + extra > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
    }
  }

  public Writer u8(int value) {
    if (value < 0 || value > 0xff) {
      throw new IllegalArgumentException("u8 out of range: " + value);
    }
    ensure(1);
    buffer[size++] = (byte) value;
    return this;
  }

  public Writer bool(boolean value) {
    return u8(value ? 1 : 0);
  }

  public Writer u32(int value) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buffer[size++] = (byte) (value >>> shift);
    }
    return this;
  }

  public Writer u64(long value) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buffer[size++] = (byte) (value >>> shift);
    }
    return this;
  }

  /** Writes a non-negative number as a minimal unsigned LEB128 varint. */
  public Writer varint(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("varint must be non-negative: " + value);
    }
    ensure(10);
    while ((value & ~0x7fL) != 0) {
      buffer[size++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    buffer[size++] = (byte) value;
    return this;
  }

  /** Raw bytes whose length the reader knows (hashes, addresses). */
  public Writer fixed(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, size, bytes.length);
    size += bytes.length;
    return this;
  }

  public Writer bytes(byte[] bytes) {
    varint(bytes.length);
    return fixed(bytes);
  }

  public Writer string(String value) {
    return bytes(value.getBytes(StandardCharsets.UTF_8));
  }

  public <T> Writer list(List<T> values, Codec<T> codec) {
    varint(values.size());
    for (T value : values) {
      codec.write(this, value);
    }
    return this;
  }

  /** A string-to-string map in its (sorted) iteration order; the reader insists on strict order. */
  public Writer stringMap(SortedMap<String, String> map) {
    varint(map.size());
    for (Map.Entry<String, String> e : map.entrySet()) {
      string(e.getKey());
      string(e.getValue());
    }
    return this;
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }
}
