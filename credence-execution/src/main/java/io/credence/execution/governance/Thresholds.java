package io.credence.execution.governance;

/**
 * When a proposal passes: the weight of the organisations that voted (yes, no or abstain) reaches
 * {@code participationPercent} of all voting weight, and the yes weight reaches {@code winPercent}
 * of the votes cast for or against. A win threshold above one half means two proposals can never
 * pass with the same votes on both sides.
 */
public record Thresholds(int participationPercent, int winPercent) {
  public static final int PARTICIPATION_PERCENT_MIN = 1;
  public static final int WIN_PERCENT_MIN = 51;

  /** The thresholds a chain's parameters set. */
  public static Thresholds of(io.credence.core.genesis.Parameters p) {
    return new Thresholds(p.participationPercent(), p.winPercent());
  }

  public Thresholds {
    if (participationPercent < PARTICIPATION_PERCENT_MIN || participationPercent > 100) {
      throw new IllegalArgumentException(
          "participationPercent: expected "
              + PARTICIPATION_PERCENT_MIN
              + "..100, found "
              + participationPercent);
    }
    if (winPercent < WIN_PERCENT_MIN || winPercent > 100) {
      throw new IllegalArgumentException(
          "winPercent: expected " + WIN_PERCENT_MIN + "..100, found " + winPercent);
    }
  }
}
