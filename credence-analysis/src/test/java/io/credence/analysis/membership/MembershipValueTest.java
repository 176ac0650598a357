package io.credence.analysis.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.analysis.membership.MembershipValue.Financing;
import io.credence.analysis.membership.MembershipValue.Financing.Side;
import io.credence.analysis.membership.MembershipValue.Line;
import io.credence.analysis.membership.MembershipValue.Member;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Worked by hand: each figure below is computed in the comment beside it. */
class MembershipValueTest {
  private static final BigDecimal RATE = new BigDecimal("0.065");

  @Test
  void aSellerABankAndAMemberThatOnlyPays() {
    // 1,000,000.00 face, 990,000.00 advanced, 180 days to maturity.
    Financing deal = new Financing(Side.SELLER, 100_000_000, 99_000_000, 180, false);
    Financing banked = new Financing(Side.BANK, 100_000_000, 99_000_000, 180, false);
    List<Line> lines =
        MembershipValue.of(
            List.of(
                new Member("seller", 5_000, 2_000, List.of(deal)),
                new Member("bank", 3_000, 0, List.of(banked)),
                new Member("core", 4_000, 0, List.of()),
                new Member("validator", 1_000, 6_000, List.of())),
            RATE);
    Line seller = lines.get(0);
    // Elsewhere: 99,000,000 x 0.065 x 180 / 365 = 3,173,424.657 fen; less the 1,000,000 discount:
    // 2,173,424.657, to the fen 2,173,425.
    assertEquals(2_173_425, seller.savedFen());
    assertEquals(3_000, seller.netCostFen(), "5,000 owed less 2,000 earned");
    assertEquals(1, seller.financedAsSeller());
    assertEquals(99_000_000, seller.advancedFen());
    assertEquals(2_173_425, seller.gainFen());
    assertTrue(seller.pays());
    Line bank = lines.get(1);
    assertEquals(1_000_000, bank.discountIncomeFen(), "the discount it earned");
    assertEquals(0, bank.savedFen());
    assertTrue(bank.pays());
    Line core = lines.get(2);
    assertEquals(4_000, core.netCostFen());
    assertEquals(0, core.gainFen());
    assertFalse(core.pays(), "it pays fees and, counted here, gains nothing");
    Line validator = lines.get(3);
    assertEquals(-5_000, validator.netCostFen(), "it earned more than it owed");
    assertTrue(validator.pays());
  }

  @Test
  void aPieceTheBankWroteOff_costsItTheAdvance() {
    Financing lost = new Financing(Side.BANK, 1_000_000, 990_000, 90, true);
    Financing good = new Financing(Side.BANK, 1_000_000, 990_000, 90, false);
    Line l = MembershipValue.of(List.of(new Member("b", 0, 0, List.of(lost, good))), RATE).get(0);
    // -990,000 on the one written off, +10,000 on the one paid.
    assertEquals(-980_000, l.discountIncomeFen());
    assertFalse(l.pays());
  }

  @Test
  void aDiscountAboveTheAlternative_isALoss() {
    // 10% of the face for 30 days: dearer than 6.5% a year elsewhere.
    Financing dear = new Financing(Side.SELLER, 1_000_000, 900_000, 30, false);
    Line l = MembershipValue.of(List.of(new Member("s", 0, 0, List.of(dear))), RATE).get(0);
    // Elsewhere: 900,000 x 0.065 x 30 / 365 = 4,808.2 fen; less 100,000: -95,191.8, so -95,192.
    assertEquals(-95_192, l.savedFen());
    assertFalse(l.pays());
  }

  @Test
  void badInputs_areRefusedNamingWhat() {
    assertTrue(
        assertThrows(
                IllegalArgumentException.class, () -> new Financing(Side.BANK, 100, 101, 1, false))
            .getMessage()
            .contains("expected 0 <= advance <= face"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> MembershipValue.of(List.of(), new BigDecimal("1.5")))
            .getMessage()
            .contains("alternative rate: expected 0 to 1"));
  }
}
