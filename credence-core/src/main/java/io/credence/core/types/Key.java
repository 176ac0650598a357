package io.credence.core.types;

/** A public key as an argument value. */
public final class Key extends ByteValue {
  public Key(byte[] bytes) {
    super(bytes);
  }
}
