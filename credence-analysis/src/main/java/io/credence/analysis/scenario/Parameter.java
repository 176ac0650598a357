package io.credence.analysis.scenario;

import io.credence.analysis.economics.Decimals;
import io.credence.analysis.economics.LendingTerms;
import io.credence.analysis.economics.Loan;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * A parameter the sensitivity analysis moves, with its scenario-file name, its unit and its default
 * low/high range around the base value. Default ranges (a scenario file may replace any of them
 * under {@code sensitivity:}): PD, fixed cost, servicing, platform fee and loss share from half to
 * one and a half times the base; LGD from 0.75 to 1.25 times; the cost of funds and the client rate
 * one percentage point either side; the hurdle rate from half to one and a half times (this is also
 * the sensitivity to capital K, which enters only as k_e x K). Every range is clipped to the
 * field's allowed values.
 */
public enum Parameter {
  PD("pdAnnual", "PD (annual)", Unit.FRACTION),
  LGD("lgd", "LGD", Unit.FRACTION),
  LOSS_SHARE("lossShare", "Third-party loss share", Unit.FRACTION),
  FIXED_COST("fixedCostYuan", "Fixed cost per loan", Unit.YUAN),
  SERVICING_RATE("servicingRateAnnual", "Servicing rate", Unit.FRACTION),
  PLATFORM_FEE_RATE("platformFeeRateAnnual", "Platform fee rate", Unit.FRACTION),
  COST_OF_FUNDS("costOfFundsAnnual", "Cost of funds", Unit.FRACTION),
  CLIENT_RATE("clientRateAnnual", "Client rate", Unit.FRACTION),
  HURDLE_RATE("hurdleRateAnnual", "Hurdle rate on capital", Unit.FRACTION);

  /** How a value of the parameter is written and shown. */
  public enum Unit {
    FRACTION,
    YUAN
  }

  private static final BigDecimal HALF = new BigDecimal("0.5");
  private static final BigDecimal ONE_AND_HALF = new BigDecimal("1.5");
  private static final BigDecimal ONE_POINT = new BigDecimal("0.01");

  private final String field;
  private final String label;
  private final Unit unit;

  Parameter(String field, String label, Unit unit) {
    this.field = field;
    this.label = label;
    this.unit = unit;
  }

  /** The name used in scenario files. */
  public String field() {
    return field;
  }

  public String label() {
    return label;
  }

  public Unit unit() {
    return unit;
  }

  /** The parameter's value in a scenario's "with chain" terms. */
  public BigDecimal base(Loan loan, LendingTerms terms) {
    return switch (this) {
      case PD -> terms.pdAnnual();
      case LGD -> terms.lgd();
      case LOSS_SHARE -> terms.lossShare();
      case FIXED_COST -> terms.fixedCostYuan();
      case SERVICING_RATE -> terms.servicingRateAnnual();
      case PLATFORM_FEE_RATE -> terms.platformFeeRateAnnual();
      case COST_OF_FUNDS -> loan.costOfFundsAnnual();
      case CLIENT_RATE -> terms.clientRateAnnual();
      case HURDLE_RATE -> loan.hurdleRateAnnual();
    };
  }

  /** The default range around {@code base}; {@code cap} bounds the client rate. */
  public Scenario.Range defaultRange(BigDecimal base, Optional<BigDecimal> cap) {
    BigDecimal low;
    BigDecimal high;
    switch (this) {
      case LGD -> {
        low = base.multiply(new BigDecimal("0.75"), Decimals.MATH);
        high = base.multiply(new BigDecimal("1.25"), Decimals.MATH);
      }
      case COST_OF_FUNDS, CLIENT_RATE -> {
        low = base.subtract(ONE_POINT);
        high = base.add(ONE_POINT);
      }
      default -> {
        low = base.multiply(HALF, Decimals.MATH);
        high = base.multiply(ONE_AND_HALF, Decimals.MATH);
      }
    }
    low = low.max(BigDecimal.ZERO);
    if (unit == Unit.FRACTION) {
      high = high.min(this == PD ? new BigDecimal("0.9999") : BigDecimal.ONE);
    }
    if (this == CLIENT_RATE && cap.isPresent()) {
      high = high.min(cap.get());
    }
    return new Scenario.Range(low.min(base), high.max(base));
  }

  /**
   * The loan with this parameter set to {@code value} (only the cost of funds and hurdle live
   * there).
   */
  public Loan applyTo(Loan loan, BigDecimal value) {
    return switch (this) {
      case COST_OF_FUNDS -> loan.withCostOfFunds(value);
      case HURDLE_RATE -> loan.withHurdleRate(value);
      default -> loan;
    };
  }

  /** The terms with this parameter set to {@code value}. */
  public LendingTerms applyTo(LendingTerms terms, BigDecimal value) {
    return switch (this) {
      case PD -> terms.withPd(value);
      case LGD -> terms.withLgd(value);
      case LOSS_SHARE -> terms.withLossShare(value);
      case FIXED_COST -> terms.withFixedCost(value);
      case SERVICING_RATE -> terms.withServicingRate(value);
      case PLATFORM_FEE_RATE -> terms.withPlatformFeeRate(value);
      case CLIENT_RATE -> terms.withClientRate(value);
      case COST_OF_FUNDS, HURDLE_RATE -> terms;
    };
  }

  /** The parameter with this scenario-file name, if any. */
  public static Optional<Parameter> byField(String field) {
    for (Parameter p : values()) {
      if (p.field.equals(field)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
