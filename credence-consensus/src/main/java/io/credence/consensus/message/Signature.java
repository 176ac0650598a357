package io.credence.consensus.message;

import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;

/** A validator's signature, the validator named by its index in the epoch's validator set. */
public record Signature(int validator, byte[] bytes) {
  public static final int BYTES_MAX = 72;

  public Signature {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  static final Codec<Signature> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Signature s) {
          w.varint(s.validator).bytes(s.bytes);
        }

        @Override
        public Signature read(Reader r) {
          return new Signature(
              r.length("signature.validator", 1 << 16), r.bytes("signature", BYTES_MAX));
        }
      };
}
