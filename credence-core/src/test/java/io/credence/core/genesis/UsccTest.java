package io.credence.core.genesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UsccTest {
  @Test
  void validCode_accepted() {
    // A published code (Tencent Technology (Shenzhen) Co., Ltd.).
    assertTrue(Uscc.problem("9144030071526726XG").isEmpty());
  }

  @Test
  void wrongCheckCharacter_rejectedNamingExpectedAndFound() {
    assertEquals(
        "check character: expected 'G', found 'H'",
        Uscc.problem("9144030071526726XH").orElseThrow());
  }

  @Test
  void wrongLengthOrCharacter_rejected() {
    assertEquals("expected 18 characters, found 3 ('ABC')", Uscc.problem("ABC").orElseThrow());
    assertEquals(
        "character 'I' at position 1 is not in " + Uscc.CHARSET,
        Uscc.problem("I144030071526726XG").orElseThrow());
  }

  @Test
  void complete_producesValidCodes() {
    String code = Uscc.complete("91310000MA1FL0000");
    assertTrue(Uscc.problem(code).isEmpty(), code);
  }
}
