package io.credence.analysis.economics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The model's monotonicity over random loans: economic profit falls as PD, LGD, fixed cost or fee
 * rise and grows with the rate; the break-even rate rises with PD and LGD; viability flips exactly
 * at the break-even rate; and EP = (r - r*) L T holds to the last digit of precision.
 */
class LenderEconomicsPropertiesTest {
  /** One random loan and its terms. */
  record Case(Loan loan, LendingTerms terms) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<BigDecimal> amount =
        Arbitraries.bigDecimals().between(d("1000"), d("10000000")).ofScale(2);
    Arbitrary<BigDecimal> term =
        Arbitraries.of(d("0.25"), d("0.5"), d("1"), d("2"), d("3"), d("1.5"));
    Arbitrary<BigDecimal> rate = Arbitraries.bigDecimals().between(d("0"), d("0.2")).ofScale(5);
    Arbitrary<BigDecimal> pd = Arbitraries.bigDecimals().between(d("0.0001"), d("0.5")).ofScale(4);
    Arbitrary<BigDecimal> fraction = Arbitraries.bigDecimals().between(d("0"), d("1")).ofScale(3);
    Arbitrary<BigDecimal> yuan = Arbitraries.bigDecimals().between(d("0"), d("20000")).ofScale(2);
    Arbitrary<Capital> capital =
        Arbitraries.oneOf(
            Arbitraries.of(d("0.2"), d("0.75"), d("1"), d("1.5"))
                .map(rw -> new Capital.Standardised(rw, d("0.105"))),
            Arbitraries.of(d("1"), d("2.5"), d("5"))
                .map(m -> new Capital.IrbCorporate(m, d("0.105"))),
            Arbitraries.just(new Capital.IrbRetailOther(d("0.105"))));
    Arbitrary<Loan> loans = Combinators.combine(amount, term, rate, rate).as(Loan::new);
    Arbitrary<LendingTerms> terms =
        Combinators.combine(
                rate, pd, fraction, fraction.map(f -> f.min(d("0.9"))), yuan, yuan, rate, rate)
            .flatAs(
                (r, p, lgd, share, fixed, feeFixed, o, fee) ->
                    capital.map(
                        c -> new LendingTerms(r, p, lgd, share, fixed, feeFixed, o, fee, c)));
    return Combinators.combine(loans, terms).as(Case::new);
  }

  @Property(tries = 300)
  void economicProfit_isRateMinusBreakEvenTimesExposure(@ForAll("cases") Case c) {
    Economics e = LenderEconomics.evaluate(c.loan(), c.terms());
    BigDecimal expected =
        e.clientRateAnnual()
            .subtract(e.breakEvenRate())
            .multiply(c.loan().exposureYuanYears(), Decimals.MATH);
    assertEquals(Decimals.yuan(expected), Decimals.yuan(e.economicProfit()));
  }

  @Property(tries = 300)
  void economicProfit_fallsAsPdRises(@ForAll("cases") Case c) {
    BigDecimal pd = c.terms().pdAnnual();
    BigDecimal higher = pd.add(d("0.01")).min(d("0.9999"));
    assertTrue(ep(c.loan(), c.terms().withPd(higher)).compareTo(ep(c.loan(), c.terms())) <= 0);
    assertTrue(
        breakEven(c.loan(), c.terms().withPd(higher)).compareTo(breakEven(c.loan(), c.terms()))
            >= 0);
  }

  @Property(tries = 300)
  void economicProfit_fallsAsLgdRises(@ForAll("cases") Case c) {
    BigDecimal higher = c.terms().lgd().add(d("0.05")).min(BigDecimal.ONE);
    assertTrue(ep(c.loan(), c.terms().withLgd(higher)).compareTo(ep(c.loan(), c.terms())) <= 0);
    assertTrue(
        breakEven(c.loan(), c.terms().withLgd(higher)).compareTo(breakEven(c.loan(), c.terms()))
            >= 0);
  }

  @Property(tries = 300)
  void economicProfit_fallsAsFixedCostOrFeeRises(@ForAll("cases") Case c) {
    BigDecimal base = ep(c.loan(), c.terms());
    BigDecimal costlier =
        ep(c.loan(), c.terms().withFixedCost(c.terms().fixedCostYuan().add(d("100"))));
    BigDecimal dearer =
        ep(
            c.loan(),
            c.terms().withPlatformFeeRate(c.terms().platformFeeRateAnnual().add(d("0.001"))));
    assertTrue(costlier.compareTo(base) < 0, "fixed cost up 100 yuan must lower EP");
    assertTrue(dearer.compareTo(base) < 0, "fee up 0.1% must lower EP");
  }

  @Property(tries = 300)
  void economicProfit_growsWithTheRate(@ForAll("cases") Case c) {
    BigDecimal higher = c.terms().clientRateAnnual().add(d("0.0001"));
    assertTrue(
        ep(c.loan(), c.terms().withClientRate(higher)).compareTo(ep(c.loan(), c.terms())) > 0);
  }

  @Property(tries = 300)
  void verdict_flipsExactlyAtTheBreakEvenRate(@ForAll("cases") Case c) {
    BigDecimal rStar = breakEven(c.loan(), c.terms());
    Economics at = LenderEconomics.evaluate(c.loan(), c.terms().withClientRate(rStar));
    Economics below =
        LenderEconomics.evaluate(c.loan(), c.terms().withClientRate(rStar.subtract(d("1e-12"))));
    assertTrue(at.isViable(), "viable at r*");
    assertEquals(d("0.00"), Decimals.yuan(at.economicProfit()).abs());
    assertFalse(below.isViable(), "unviable a hair below r*");
    assertTrue(below.economicProfit().signum() < 0);
  }

  @Property(tries = 200)
  void lossShareToBreakEven_zeroesEconomicProfit(@ForAll("cases") Case c) {
    Economics e = LenderEconomics.evaluate(c.loan(), c.terms().withLossShare(BigDecimal.ZERO));
    e.lossShareToBreakEven()
        .ifPresent(
            k -> {
              Economics shared = LenderEconomics.evaluate(c.loan(), c.terms().withLossShare(k));
              assertEquals(d("0.00"), Decimals.yuan(shared.economicProfit()).abs());
            });
  }

  private static BigDecimal ep(Loan loan, LendingTerms terms) {
    return LenderEconomics.evaluate(loan, terms).economicProfit();
  }

  private static BigDecimal breakEven(Loan loan, LendingTerms terms) {
    return LenderEconomics.evaluate(loan, terms).breakEvenRate();
  }

  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }
}
