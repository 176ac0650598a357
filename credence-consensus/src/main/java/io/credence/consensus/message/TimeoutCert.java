package io.credence.consensus.message;

import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A timeout certificate: a quorum's timeouts for one round, each with the round of the highest
 * quorum certificate its sender held (Jolteon §4, the quadratic view change).
 */
public record TimeoutCert(long epoch, long round, List<Entry> entries) {
  private static final byte[] DOMAIN = "credence/timeout".getBytes(StandardCharsets.US_ASCII);

  public TimeoutCert {
    entries = List.copyOf(entries);
  }

  /** One validator's signed timeout, without its certificate. */
  public record Entry(long highQcRound, Signature signature) {}

  /** The bytes a timeout signs. */
  public static byte[] signingBytes(long epoch, long round, long highQcRound) {
    return new Writer(48).bytes(DOMAIN).u64(epoch).u64(round).u64(highQcRound).toByteArray();
  }

  /** The highest quorum-certificate round among the entries. */
  public long highestQcRound() {
    long max = 0;
    for (Entry e : entries) {
      max = Math.max(max, e.highQcRound());
    }
    return max;
  }

  public static final Codec<TimeoutCert> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, TimeoutCert t) {
          w.u64(t.epoch).u64(t.round).varint(t.entries.size());
          for (Entry e : t.entries) {
            w.u64(e.highQcRound);
            Signature.CODEC.write(w, e.signature);
          }
        }

        @Override
        public TimeoutCert read(Reader r) {
          long epoch = r.u64();
          long round = r.u64();
          int n = r.length("tc.entries", QuorumCert.SIGNATURES_MAX);
          java.util.ArrayList<Entry> entries = new java.util.ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            entries.add(new Entry(r.u64(), Signature.CODEC.read(r)));
          }
          return new TimeoutCert(epoch, round, entries);
        }
      };
}
