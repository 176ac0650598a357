package io.credence.core.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads what {@link Writer} wrote and rejects, with {@link CodecException} only, any byte string
 * that is not the one canonical encoding: truncation, over-long varints, lengths beyond the input,
 * invalid UTF-8, booleans other than 0 and 1, unsorted maps, and (through {@link #finish()})
 * trailing bytes.
 */
public final class Reader {
  private final byte[] input;
  private int position;

  public Reader(byte[] input) {
    this.input = input;
  }

  public int remaining() {
    return input.length - position;
  }

  private void need(int count, String what) {
    if (count < 0 || count > remaining()) {
      throw new CodecException(
          what + ": expected " + count + " bytes at offset " + position + ", found " + remaining());
    }
  }

  public int u8() {
    need(1, "u8");
    return input[position++] & 0xff;
  }

  public boolean bool() {
    int value = u8();
    if (value > 1) {
      throw new CodecException("bool: expected 0 or 1, found " + value);
    }
    return value == 1;
  }

  public int u32() {
    need(4, "u32");
    int value = 0;
    for (int i = 0; i < 4; i++) {
      value = (value << 8) | (input[position++] & 0xff);
    }
    return value;
  }

  public long u64() {
    need(8, "u64");
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (input[position++] & 0xff);
    }
    return value;
  }

  /** A minimal LEB128 varint no larger than {@link Long#MAX_VALUE}. */
  public long varint() {
    long value = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      int b = u8();
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && shift > 0) {
          throw new CodecException("varint: non-canonical trailing zero group");
        }
        return value;
      }
    }
    // The tenth group may only carry the 63rd bit, and only as 0 for a non-negative long.
    int last = u8();
    if (last != 0) {
      throw new CodecException("varint: value exceeds " + Long.MAX_VALUE);
    }
    throw new CodecException("varint: non-canonical trailing zero group");
  }

  /** A length bounded by the named limit and by the input that is left. */
  public int length(String what, int max) {
    long n = varint();
    if (n > max) {
      throw new CodecException(what + ": length " + n + " exceeds limit " + max);
    }
    return (int) n;
  }

  public byte[] fixed(int length) {
    need(length, "fixed bytes");
    byte[] out = new byte[length];
    System.arraycopy(input, position, out, 0, length);
    position += length;
    return out;
  }

  public byte[] bytes(String what, int max) {
    int n = length(what, max);
    need(n, what);
    return fixed(n);
  }

  public String string(String what, int maxBytes) {
    byte[] raw = bytes(what, maxBytes);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CodecException(what + ": invalid UTF-8");
    }
  }

  public <T> List<T> list(String what, int max, Codec<T> codec) {
    int n = length(what, max);
    // Each element takes at least one byte; refuse counts the input cannot hold before allocating.
    need(n, what);
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(codec.read(this));
    }
    return Collections.unmodifiableList(out);
  }

  public SortedMap<String, String> stringMap(String what, int maxEntries, int maxBytes) {
    int n = length(what, maxEntries);
    need(n, what);
    TreeMap<String, String> out = new TreeMap<>();
    String previous = null;
    for (int i = 0; i < n; i++) {
      String key = string(what + " key", maxBytes);
      if (previous != null && previous.compareTo(key) >= 0) {
        throw new CodecException(what + ": keys not in strictly ascending order at '" + key + "'");
      }
      out.put(key, string(what + " value", maxBytes));
      previous = key;
    }
    return Collections.unmodifiableSortedMap(out);
  }

  /** Rejects trailing bytes. */
  public void finish() {
    if (remaining() != 0) {
      throw new CodecException("trailing bytes: " + remaining() + " after offset " + position);
    }
  }
}
