package io.credence.core.codec;

/**
 * The canonical encoding of one type. A top-level value is written as one version byte followed by
 * its fields; {@link #decode} rejects unknown versions and trailing bytes, so every value has
 * exactly one byte string and every byte string at most one value.
 */
public interface Codec<T> {
  void write(Writer writer, T value);

  T read(Reader reader);

  /** The version byte of the top-level encoding. */
  default int version() {
    return 1;
  }

  default byte[] encode(T value) {
    Writer writer = new Writer();
    writer.u8(version());
    write(writer, value);
    return writer.toByteArray();
  }

  default T decode(byte[] bytes) {
    Reader reader = new Reader(bytes);
    int found = reader.u8();
    if (found != version()) {
      throw new CodecException("unknown version: expected " + version() + ", found " + found);
    }
    T value = read(reader);
    reader.finish();
    return value;
  }
}
