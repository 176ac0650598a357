package io.credence.core.types;

/** Bytes as an argument value (a document hash list, an opaque reference). */
public final class Blob extends ByteValue {
  public Blob(byte[] bytes) {
    super(bytes);
  }
}
