package io.credence.consensus;

import io.credence.consensus.message.QuorumCert;
import io.credence.consensus.message.TimeoutCert;
import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;

/**
 * What a validator must remember across crashes so that it never signs two different things for one
 * round: the highest round it voted or timed out in, the highest certificate round it voted on, and
 * the highest round it proposed in, and the certificates it held (so that it restarts in a round it
 * may still act in).
 */
public record SafetyData(
    long epoch,
    long highestVotedRound,
    long highestQcRound,
    long highestProposedRound,
    QuorumCert highQc,
    TimeoutCert lastTc) {
  public static final Codec<SafetyData> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, SafetyData d) {
          w.u64(d.epoch).u64(d.highestVotedRound).u64(d.highestQcRound).u64(d.highestProposedRound);
          QuorumCert.CODEC.write(w, d.highQc);
          w.bool(d.lastTc != null);
          if (d.lastTc != null) {
            TimeoutCert.CODEC.write(w, d.lastTc);
          }
        }

        @Override
        public SafetyData read(Reader r) {
          return new SafetyData(
              r.u64(),
              r.u64(),
              r.u64(),
              r.u64(),
              QuorumCert.CODEC.read(r),
              r.bool() ? TimeoutCert.CODEC.read(r) : null);
        }
      };
}
