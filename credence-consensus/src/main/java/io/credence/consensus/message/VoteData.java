package io.credence.consensus.message;

import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.nio.charset.StandardCharsets;

/**
 * What a vote certifies: a block (id and round) and its parent (id and round). Carrying the parent
 * lets anyone holding the quorum certificate apply the two-chain commit rule (Jolteon §3.2): if the
 * parent's round is exactly one less, the parent is committed.
 */
public record VoteData(long epoch, long round, Hash blockId, long parentRound, Hash parentId) {
  private static final byte[] DOMAIN = "credence/vote".getBytes(StandardCharsets.US_ASCII);

  /** The bytes a vote signs (the same bytes a ledger block certificate signs). */
  public byte[] signingBytes() {
    Writer w = new Writer(96).bytes(DOMAIN);
    CODEC.write(w, this);
    return w.toByteArray();
  }

  /** True when this certificate's block commits its parent by the two-chain rule. */
  public boolean commitsParent() {
    return parentRound + 1 == round;
  }

  public static final Codec<VoteData> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, VoteData d) {
          w.u64(d.epoch).u64(d.round);
          d.blockId.write(w);
          w.u64(d.parentRound);
          d.parentId.write(w);
        }

        @Override
        public VoteData read(Reader r) {
          return new VoteData(r.u64(), r.u64(), Hash.read(r), r.u64(), Hash.read(r));
        }
      };
}
