package io.credence.consensus.message;

import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.util.List;

/**
 * A quorum certificate: floor(2n/3)+1 validators' votes on the same {@link VoteData}. The genesis
 * certificate (round 0, no signatures) certifies the epoch's starting block by definition.
 */
public record QuorumCert(VoteData data, List<Signature> signatures) {
  public static final int SIGNATURES_MAX = 1024;

  public QuorumCert {
    signatures = List.copyOf(signatures);
  }

  public static QuorumCert genesis(long epoch, Hash startBlockId) {
    return new QuorumCert(new VoteData(epoch, 0, startBlockId, 0, startBlockId), List.of());
  }

  public boolean isGenesis() {
    return data.round() == 0;
  }

  public long round() {
    return data.round();
  }

  public Hash blockId() {
    return data.blockId();
  }

  public static final Codec<QuorumCert> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, QuorumCert q) {
          VoteData.CODEC.write(w, q.data);
          w.list(q.signatures, Signature.CODEC);
        }

        @Override
        public QuorumCert read(Reader r) {
          return new QuorumCert(
              VoteData.CODEC.read(r), r.list("qc.signatures", SIGNATURES_MAX, Signature.CODEC));
        }
      };
}
