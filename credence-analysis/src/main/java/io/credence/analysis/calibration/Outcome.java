package io.credence.analysis.calibration;

import io.credence.analysis.economics.Decimals;
import java.math.BigDecimal;

/**
 * The observed outcome of one financed receivable or loan.
 *
 * @param segment the population it belongs to ("receivable", "sme-loan"); empty if not given
 * @param obligor who owed the money: the core enterprise for a confirmed receivable
 * @param recoveredYuan what was recovered after default (collateral, recourse, workout)
 */
public record Outcome(
    String id,
    String segment,
    String obligor,
    BigDecimal amountYuan,
    int termDays,
    Status status,
    int daysPastDue,
    BigDecimal recoveredYuan) {

  /** Days past due from which an unpaid exposure counts as defaulted (Basel CRE36.69). */
  public static final int DEFAULT_DAYS_PAST_DUE = 90;

  /** Days in a year for turning terms into years. */
  public static final int DAYS_PER_YEAR = 365;

  /** How the exposure ended, or stands. */
  public enum Status {
    SETTLED,
    OVERDUE,
    DEFAULTED
  }

  /**
   * A default: written off or declared defaulted, or still unpaid at 90 days past due or more. A
   * loan settled in full counts as performing even if it was late: it cured, and its loss was nil.
   */
  public boolean isDefault() {
    return status == Status.DEFAULTED
        || (status == Status.OVERDUE && daysPastDue >= DEFAULT_DAYS_PAST_DUE);
  }

  /**
   * The realised loss given default: 1 - recovered / amount (recoveries so far, for an overdue
   * one).
   */
  public BigDecimal lossGivenDefault() {
    return BigDecimal.ONE.subtract(recoveredYuan.divide(amountYuan, Decimals.MATH));
  }
}
