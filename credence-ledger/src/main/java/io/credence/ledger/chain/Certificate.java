package io.credence.ledger.chain;

import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.util.List;

/**
 * The consensus certificate of a block. {@link Kind#SOLO}: the single validator's signature over
 * the block hash. {@link Kind#QUORUM}: a quorum's votes from BFT consensus, signed over the
 * consensus vote data, with the {@code proof} bytes (the consensus block's author and parent
 * certificate) that let an auditor rebuild exactly what was signed from the ledger block alone. The
 * genesis block has none.
 */
public record Certificate(
    Kind kind, long epoch, long round, byte[] proof, List<Signature> signatures) {
  public static final int SIGNATURES_MAX = 256;
  public static final int PROOF_BYTES_MAX = 64 << 10;
  public static final Certificate NONE = solo(List.of());

  /** How the signatures were made. */
  public enum Kind {
    SOLO,
    QUORUM
  }

  public Certificate {
    proof = proof.clone();
    signatures = List.copyOf(signatures);
  }

  public static Certificate solo(List<Signature> signatures) {
    return new Certificate(Kind.SOLO, 0, 0, new byte[0], signatures);
  }

  @Override
  public byte[] proof() {
    return proof.clone();
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
          w.u8(c.kind.ordinal()).u64(c.epoch).u64(c.round).bytes(c.proof);
          w.list(c.signatures, Signature.CODEC);
        }

        @Override
        public Certificate read(Reader r) {
          int kind = r.u8();
          if (kind >= Kind.values().length) {
            throw new io.credence.core.codec.CodecException(
                "certificate.kind: expected 0 or 1, found " + kind);
          }
          return new Certificate(
              Kind.values()[kind],
              r.u64(),
              r.u64(),
              r.bytes("certificate.proof", PROOF_BYTES_MAX),
              r.list("certificate.signatures", SIGNATURES_MAX, Signature.CODEC));
        }
      };
}
