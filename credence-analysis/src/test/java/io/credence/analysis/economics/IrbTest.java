package io.credence.analysis.economics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Basel IRB risk weights. The corporate vector is the Basel Committee's published example; the
 * retail "other" vectors were computed independently with Python's statistics.NormalDist from the
 * formula in DOMAIN.md (R = 0.03 w + 0.16 (1 - w), w = (1 - e^-35PD) / (1 - e^-35), no maturity
 * adjustment).
 */
class IrbTest {

  @Test
  void corporate_pd1PercentLgd45PercentMaturity2Point5_givesRiskWeight92Point32Percent() {
    BigDecimal rw = Irb.corporateRiskWeight(d("0.01"), d("0.45"), d("2.5"));
    assertEquals(d("92.32"), Decimals.percent(rw, 2));
  }

  @ParameterizedTest
  @CsvSource({
    // pd, lgd, maturity, risk weight to 6 decimals
    "0.004, 0.45, 2.5, 0.627177",
    "0.05, 0.45, 5, 1.797794",
    // Below the 0.03% floor the floor applies: PD 0.01% weighs as 0.03%.
    "0.0001, 0.45, 1, 0.075792",
    // Maturity beyond the 1..5 year bounds is clamped.
    "0.05, 0.45, 7, 1.797794"
  })
  void corporate_matchesIndependentComputation(
      String pd, String lgd, String maturity, String expected) {
    BigDecimal rw = Irb.corporateRiskWeight(d(pd), d(lgd), d(maturity));
    assertEquals(d(expected), rw.setScale(6, RoundingMode.HALF_UP));
  }

  @ParameterizedTest
  @CsvSource({
    "0.01, 0.45, 0.457727",
    "0.05, 0.80, 1.180714",
    "0.045, 0.80, 1.169000",
    "0.001, 0.45, 0.111629",
    "0.20, 0.45, 1.002774"
  })
  void retailOther_matchesIndependentComputation(String pd, String lgd, String expected) {
    BigDecimal rw = Irb.retailOtherRiskWeight(d(pd), d(lgd));
    assertEquals(d(expected), rw.setScale(6, RoundingMode.HALF_UP));
  }

  @Test
  void capital_isRiskWeightTimesCapitalRatio() {
    Capital irb = new Capital.IrbCorporate(d("2.5"), d("0.08"));
    BigDecimal k = irb.perUnit(d("0.01"), d("0.45"));
    // K = RW / 12.5 when the capital ratio is the 8% minimum.
    assertEquals(d("0.073853"), k.setScale(6, RoundingMode.HALF_UP));
    assertTrue(new Capital.IrbRetailOther(d("0.105")).perUnit(d("0.01"), d("0.45")).signum() > 0);
  }

  @Test
  void pdOfOne_isRejected() {
    assertThrows(
        IllegalArgumentException.class, () -> Irb.corporateRiskWeight(d("1"), d("0.45"), d("2.5")));
  }

  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }
}
