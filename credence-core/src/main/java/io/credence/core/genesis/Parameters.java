package io.credence.core.genesis;

import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.util.List;

/**
 * The chain's named limits, fixed in genesis (governance will change them later). Each has a hard
 * ceiling so that a typo in a genesis file cannot ask a node for unbounded memory. The last three
 * are governance's: a proposal passes when the voting weight that took part reaches {@code
 * participationPercent} of all voting weight and the yes weight {@code winPercent} of the weight
 * cast yes or no; a proposal may stay open at most {@code proposalHeightsMax} heights.
 */
public record Parameters(
    int blockTransactionsMax,
    int blockBytesMax,
    long blockIntervalMillis,
    int transactionBytesMax,
    long expiryHeightsAheadMax,
    int mempoolTransactionsMax,
    long mempoolBytesMax,
    int mempoolPerSenderMax,
    long transactionWorkMax,
    int participationPercent,
    int winPercent,
    long proposalHeightsMax) {

  public static final int PARTICIPATION_PERCENT_DEFAULT = 50;
  public static final int WIN_PERCENT_DEFAULT = 67;
  public static final long PROPOSAL_HEIGHTS_MAX_DEFAULT = 200_000;

  public static final Parameters DEFAULTS =
      new Parameters(2_000, 4 << 20, 500, 16 << 10, 10_000, 50_000, 64L << 20, 1_000, 100_000);

  /** The given limits with governance's defaults: half the weight takes part, two thirds win. */
  public Parameters(
      int blockTransactionsMax,
      int blockBytesMax,
      long blockIntervalMillis,
      int transactionBytesMax,
      long expiryHeightsAheadMax,
      int mempoolTransactionsMax,
      long mempoolBytesMax,
      int mempoolPerSenderMax,
      long transactionWorkMax) {
    this(
        blockTransactionsMax,
        blockBytesMax,
        blockIntervalMillis,
        transactionBytesMax,
        expiryHeightsAheadMax,
        mempoolTransactionsMax,
        mempoolBytesMax,
        mempoolPerSenderMax,
        transactionWorkMax,
        PARTICIPATION_PERCENT_DEFAULT,
        WIN_PERCENT_DEFAULT,
        PROPOSAL_HEIGHTS_MAX_DEFAULT);
  }

  /** The same limits with another per-transaction work limit. */
  public Parameters withTransactionWorkMax(long units) {
    return new Parameters(
        blockTransactionsMax,
        blockBytesMax,
        blockIntervalMillis,
        transactionBytesMax,
        expiryHeightsAheadMax,
        mempoolTransactionsMax,
        mempoolBytesMax,
        mempoolPerSenderMax,
        units,
        participationPercent,
        winPercent,
        proposalHeightsMax);
  }

  /** The limit named {@code name}; throws {@link IllegalArgumentException} for an unknown name. */
  public Limit limit(String name) {
    for (Limit l : limits()) {
      if (l.name().equals(name)) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        "parameter: expected one of "
            + limits().stream().map(Limit::name).toList()
            + ", found '"
            + name
            + "'");
  }

  /**
   * The same limits with {@code name} set to {@code value} (in its range, which the caller checks).
   */
  public Parameters with(String name, long value) {
    long[] v = new long[12];
    List<Limit> all = limits();
    boolean found = false;
    for (int i = 0; i < all.size(); i++) {
      boolean hit = all.get(i).name().equals(name);
      found |= hit;
      v[i] = hit ? value : all.get(i).value();
    }
    if (!found) {
      limit(name);
    }
    return new Parameters(
        (int) v[0],
        (int) v[1],
        v[2],
        (int) v[3],
        v[4],
        (int) v[5],
        v[6],
        (int) v[7],
        v[8],
        (int) v[9],
        (int) v[10],
        v[11]);
  }

  /** A limit's name, its value and the range it must lie in. */
  public record Limit(String name, long value, long min, long max) {}

  /** Every limit, in the order of the record's components. */
  public List<Limit> limits() {
    return List.of(
        new Limit("blockTransactionsMax", blockTransactionsMax, 1, 100_000),
        new Limit("blockBytesMax", blockBytesMax, 1 << 10, 64 << 20),
        new Limit("blockIntervalMillis", blockIntervalMillis, 10, 60_000),
        new Limit("transactionBytesMax", transactionBytesMax, 256, 1 << 20),
        new Limit("expiryHeightsAheadMax", expiryHeightsAheadMax, 1, 1_000_000),
        new Limit("mempoolTransactionsMax", mempoolTransactionsMax, 1, 1_000_000),
        new Limit("mempoolBytesMax", mempoolBytesMax, 1 << 10, 1L << 32),
        new Limit("mempoolPerSenderMax", mempoolPerSenderMax, 1, 100_000),
        new Limit("transactionWorkMax", transactionWorkMax, 100, 100_000_000),
        new Limit("participationPercent", participationPercent, 1, 100),
        // Above one half: two proposals can never pass on the same votes.
        new Limit("winPercent", winPercent, 51, 100),
        new Limit("proposalHeightsMax", proposalHeightsMax, 1, 10_000_000));
  }

  public static final Codec<Parameters> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Parameters p) {
          w.u32(p.blockTransactionsMax).u32(p.blockBytesMax).u64(p.blockIntervalMillis);
          w.u32(p.transactionBytesMax).u64(p.expiryHeightsAheadMax);
          w.u32(p.mempoolTransactionsMax).u64(p.mempoolBytesMax).u32(p.mempoolPerSenderMax);
          w.u64(p.transactionWorkMax);
          w.u32(p.participationPercent).u32(p.winPercent).u64(p.proposalHeightsMax);
        }

        @Override
        public Parameters read(Reader r) {
          return new Parameters(
              r.u32(), r.u32(), r.u64(), r.u32(), r.u64(), r.u32(), r.u64(), r.u32(), r.u64(),
              r.u32(), r.u32(), r.u64());
        }
      };
}
