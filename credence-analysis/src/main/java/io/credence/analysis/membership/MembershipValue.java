package io.credence.analysis.membership;

import io.credence.analysis.economics.Decimals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether membership pays, member by member, over a period: what it cost (the fees its transactions
 * owed, less its share of the fees for running validators) against what the chain gained it in
 * financing. A seller gains what it did not pay: its receivables financed on the chain cost it the
 * discount (face less advance), where the same money elsewhere would have cost the alternative rate
 * over the same days. A bank gains the discount on the receivables it financed, and loses the
 * advance on one it wrote off. Everything else a member gains (trust, speed, fewer disputes) is not
 * counted: the answer is a floor. The inputs are the chain's own numbers (the incentive statement
 * and the financing recorded in the blocks); the alternative rate is the one assumption, named in
 * the answer.
 */
public final class MembershipValue {
  private static final BigDecimal DAYS_PER_YEAR = BigDecimal.valueOf(365);
  private static final BigDecimal FEN_PER_YUAN = BigDecimal.valueOf(100);

  /**
   * One receivable financed on the chain, as the seller or the bank of it; {@code writtenOff} when
   * the bank wrote it off unpaid (the bank then lost its advance instead of earning the discount).
   */
  public record Financing(Side side, long faceFen, long advanceFen, long days, boolean writtenOff) {
    /** The member's side of it. */
    public enum Side {
      SELLER,
      BANK
    }

    public Financing {
      if (faceFen < 0 || advanceFen < 0 || advanceFen > faceFen || days < 0) {
        throw new IllegalArgumentException(
            "financing: expected 0 <= advance <= face and days >= 0, found face "
                + faceFen
                + ", advance "
                + advanceFen
                + ", days "
                + days);
      }
    }

    /** The discount: what the seller paid for the money, what the bank earned for it. */
    long discountFen() {
      return faceFen - advanceFen;
    }
  }

  /** A member's period as the chain recorded it. */
  public record Member(
      String organisation, long feesFen, long earnedFen, List<Financing> financed) {
    public Member {
      financed = List.copyOf(financed);
    }
  }

  /**
   * A member's answer: the cost of membership (fees owed less the share earned; negative when it
   * earned more than it owed), what financing on the chain saved it as a seller and earned it as a
   * bank, and whether the gain covers the cost.
   */
  public record Line(
      String organisation,
      long feesFen,
      long earnedFen,
      long netCostFen,
      int financedAsSeller,
      long advancedFen,
      long savedFen,
      int financedAsBank,
      long discountIncomeFen,
      long gainFen,
      boolean pays) {}

  private MembershipValue() {}

  /**
   * The answer for each of {@code members}, with {@code alternativeRate} (a fraction a year: 0.065)
   * as what a seller would have paid for the same money elsewhere.
   */
  public static List<Line> of(List<Member> members, BigDecimal alternativeRate) {
    if (alternativeRate.signum() < 0 || alternativeRate.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException(
          "alternative rate: expected 0 to 1 (a fraction a year), found " + alternativeRate);
    }
    List<Line> out = new ArrayList<>();
    for (Member m : members) {
      int asSeller = 0;
      int asBank = 0;
      long advanced = 0;
      BigDecimal saved = BigDecimal.ZERO;
      long income = 0;
      for (Financing f : m.financed()) {
        if (f.side() == Financing.Side.SELLER) {
          asSeller++;
          advanced = Math.addExact(advanced, f.advanceFen());
          // Elsewhere: simple interest on the advance for the same days at the alternative rate.
          BigDecimal elsewhere =
              BigDecimal.valueOf(f.advanceFen())
                  .multiply(alternativeRate, Decimals.MATH)
                  .multiply(BigDecimal.valueOf(f.days()), Decimals.MATH)
                  .divide(DAYS_PER_YEAR, Decimals.MATH);
          saved = saved.add(elsewhere.subtract(BigDecimal.valueOf(f.discountFen())), Decimals.MATH);
        } else {
          asBank++;
          income = Math.addExact(income, f.writtenOff() ? -f.advanceFen() : f.discountFen());
        }
      }
      long savedFen = saved.setScale(0, RoundingMode.HALF_UP).longValueExact();
      long netCost = m.feesFen() - m.earnedFen();
      long gain = savedFen + income;
      out.add(
          new Line(
              m.organisation(),
              m.feesFen(),
              m.earnedFen(),
              netCost,
              asSeller,
              advanced,
              savedFen,
              asBank,
              income,
              gain,
              gain >= netCost));
    }
    return out;
  }

  /** Fen as yuan with two decimals. */
  public static BigDecimal yuan(long fen) {
    return BigDecimal.valueOf(fen).divide(FEN_PER_YUAN).setScale(2, RoundingMode.UNNECESSARY);
  }
}
