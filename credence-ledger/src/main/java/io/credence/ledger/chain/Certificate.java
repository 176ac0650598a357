package io.credence.ledger.chain;

import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.util.List;

/**
 * The consensus certificate of a block: validators' signatures over the block hash. In solo mode it
 * holds the one validator's signature; under BFT consensus, a quorum's. The genesis block has none.
 */
public record Certificate(List<Signature> signatures) {
  public static final int SIGNATURES_MAX = 256;
  public static final Certificate NONE = new Certificate(List.of());

  public Certificate {
    signatures = List.copyOf(signatures);
  }

  /** One validator's signature. */
  public record Signature(byte[] validator, byte[] signature) {
    public Signature {
      validator = validator.clone();
      signature = signature.clone();
    }

    @Override
    public byte[] validator() {
      return validator.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }

    static final Codec<Signature> CODEC =
        new Codec<>() {
          @Override
          public void write(Writer w, Signature s) {
            w.bytes(s.validator).bytes(s.signature);
          }

          @Override
          public Signature read(Reader r) {
            return new Signature(
                r.bytes("certificate.validator", Transaction.PUBLIC_KEY_BYTES_MAX),
                r.bytes("certificate.signature", Transaction.SIGNATURE_BYTES_MAX));
          }
        };
  }

  static final Codec<Certificate> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Certificate c) {
          w.list(c.signatures, Signature.CODEC);
        }

        @Override
        public Certificate read(Reader r) {
          return new Certificate(r.list("certificate.signatures", SIGNATURES_MAX, Signature.CODEC));
        }
      };
}
