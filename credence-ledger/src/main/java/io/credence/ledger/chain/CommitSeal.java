package io.credence.ledger.chain;

import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.util.List;

/**
 * The commit seal of a block: the consortium's signatures that prove the block committed. {@link
 * Kind#SOLO}: the single validator's signature over the block hash. {@link Kind#QUORUM}: the seal
 * carries a quorum certificate, a quorum's votes from BFT consensus signed over the consensus vote
 * data, with the {@code proof} bytes (the consensus block's author and parent quorum certificate)
 * that let an auditor rebuild exactly what was signed from the ledger block alone. The genesis
 * block has none. Not the receivable certificate of the finance contracts ({@code
 * finance.Certificate}).
 */
public record CommitSeal(
    Kind kind, long epoch, long round, byte[] proof, List<Signature> signatures) {
  public static final int SIGNATURES_MAX = 256;
  public static final int PROOF_BYTES_MAX = 64 << 10;
  public static final CommitSeal NONE = solo(List.of());

  /** How the signatures were made. */
  public enum Kind {
    SOLO,
    QUORUM
  }

  public CommitSeal {
    proof = proof.clone();
    signatures = List.copyOf(signatures);
  }

  public static CommitSeal solo(List<Signature> signatures) {
    return new CommitSeal(Kind.SOLO, 0, 0, new byte[0], signatures);
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
                r.bytes("seal.validator", Transaction.PUBLIC_KEY_BYTES_MAX),
                r.bytes("seal.signature", Transaction.SIGNATURE_BYTES_MAX));
          }
        };
  }

  static final Codec<CommitSeal> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, CommitSeal c) {
          w.u8(c.kind.ordinal()).u64(c.epoch).u64(c.round).bytes(c.proof);
          w.list(c.signatures, Signature.CODEC);
        }

        @Override
        public CommitSeal read(Reader r) {
          int kind = r.u8();
          if (kind >= Kind.values().length) {
            throw new io.credence.core.codec.CodecException(
                "seal.kind: expected 0 or 1, found " + kind);
          }
          return new CommitSeal(
              Kind.values()[kind],
              r.u64(),
              r.u64(),
              r.bytes("seal.proof", PROOF_BYTES_MAX),
              r.list("seal.signatures", SIGNATURES_MAX, Signature.CODEC));
        }
      };
}
