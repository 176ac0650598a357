package io.credence.core.gs1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * GS1 keys and their check digits: codes GS1 publishes, wrong ones, and every single-digit slip.
 */
class Gs1KeyTest {
  @Test
  void publishedCodes_pass() {
    for (String gtin :
        new String[] {"96385074", "036000291452", "4006381333931", "10614141073464"}) {
      assertEquals(Optional.empty(), Gs1Key.problem(Gs1Key.Kind.GTIN, gtin), gtin);
    }
    assertEquals(Optional.empty(), Gs1Key.problem(Gs1Key.Kind.GLN, "0614141073467"));
    assertEquals(Optional.empty(), Gs1Key.problem(Gs1Key.Kind.SSCC, "106141412345678908"));
    assertEquals(
        "00614141073464".length(), new Gs1Key(Gs1Key.Kind.GTIN, "96385074").gtin14().length());
  }

  @Test
  void wrongCodes_areRefused_namingWhatWasExpected() {
    assertEquals(
        Optional.of("check digit of 4006381333932: expected 1, found 2"),
        Gs1Key.problem(Gs1Key.Kind.GTIN, "4006381333932"));
    assertEquals(
        Optional.of("expected 13 digits, found 12 ('061414107346')"),
        Gs1Key.problem(Gs1Key.Kind.GLN, "061414107346"));
    assertEquals(
        Optional.of("expected 8, 12, 13 or 14 digits, found 9 ('123456789')"),
        Gs1Key.problem(Gs1Key.Kind.GTIN, "123456789"));
    assertEquals(
        Optional.of("expected digits only, found 'O' at position 2"),
        Gs1Key.problem(Gs1Key.Kind.SSCC, "1O6141412345678908"));
    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Gs1Key(Gs1Key.Kind.SSCC, "106141412345678909"));
    assertEquals(
        "SSCC: check digit of 106141412345678909: expected 8, found 9", thrown.getMessage());
  }

  @Property
  void aCompletedKeyPasses_andEverySingleDigitSlipIsCaught(
      @ForAll @NumericChars @StringLength(17) String body,
      @ForAll @IntRange(min = 0, max = 17) int position,
      @ForAll @IntRange(min = 1, max = 9) int shift) {
    Gs1Key key = Gs1Key.complete(Gs1Key.Kind.SSCC, body);
    assertEquals(Optional.empty(), Gs1Key.problem(Gs1Key.Kind.SSCC, key.digits()));
    char[] slipped = key.digits().toCharArray();
    slipped[position] = (char) ('0' + (slipped[position] - '0' + shift) % 10);
    assertTrue(
        Gs1Key.problem(Gs1Key.Kind.SSCC, new String(slipped)).isPresent(),
        key.digits() + " with position " + position + " changed still passed");
  }
}
