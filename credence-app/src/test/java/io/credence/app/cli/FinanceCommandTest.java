package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Amount;
import io.credence.core.genesis.Uscc;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code credence finance} without a node: amounts as people write them, and every bad option
 * refused with one line naming the option, what was expected and what was found (exit 2).
 */
class FinanceCommandTest {
  private static final String ID = "ab".repeat(32);

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  private static void assertUsage(CliRun r, String line) {
    assertEquals(2, r.exit(), r.out() + r.err());
    assertEquals("credence: " + line, r.err().strip());
  }

  @Test
  void yuan_readsAmountsAsPeopleWriteThem() {
    FinanceCommand.Yuan yuan = new FinanceCommand.Yuan();
    assertEquals(Amount.ofFen(100_000_000L), yuan.convert("1,000,000"));
    assertEquals(Amount.ofFen(100_000_000L), yuan.convert("1000000.00"));
    assertEquals(Amount.ofFen(30_000_000L), yuan.convert("300000"));
    assertEquals(Amount.ofFen(123_456_750L), yuan.convert("1,234,567.5"));
    for (String bad : new String[] {"1,00", "1,0000", "abc", "-5", "1.234", "1e6", "", ",100"}) {
      assertThrows(CommandLine.TypeConversionException.class, () -> yuan.convert(bad), bad);
    }
    assertEquals("1,234,567.80", FinanceCommand.yuan("1234567.80"));
  }

  @Test
  void annualCost_isPercentToBasisPoints() {
    FinanceCommand.AnnualCost cost = new FinanceCommand.AnnualCost();
    assertEquals(380L, cost.convert("3.8%"));
    assertEquals(425L, cost.convert("4.25"));
    assertThrows(CommandLine.TypeConversionException.class, () -> cost.convert("37%"));
    assertThrows(CommandLine.TypeConversionException.class, () -> cost.convert("3.815%"));
  }

  @Test
  void badOptions_areOneLineNamingTheOptionExpectedAndFound() {
    assertUsage(
        run(
            "finance",
            "submit",
            "--key",
            "k.pem",
            "--invoice",
            "INV-1",
            "--face",
            "1,00",
            "--maturity",
            "2027-03-01"),
        "--face: expected an amount in yuan such as 1,000,000 or 1000000.00 (at most two"
            + " decimals, commas between thousands), found '1,00'");
    assertUsage(
        run(
            "finance",
            "submit",
            "--key",
            "k.pem",
            "--invoice",
            "INV-1",
            "--face",
            "1,000",
            "--maturity",
            "2027-13-01"),
        "--maturity: expected a date yyyy-mm-dd, found '2027-13-01'");
    assertUsage(
        run("finance", "split", "--key", "k.pem", "--certificate", "xyz", "--parts", "1", "2"),
        "--certificate: expected an id of 64 hex digits, found 'xyz'");
    assertUsage(
        run("finance", "split", "--key", "k.pem", "--certificate", ID, "--parts", "700,000"),
        "--parts: expected 2 to 16 amounts, found 1");
    String wrongCheck = Uscc.forDevelopment(3).substring(0, 17) + "0";
    CliRun transfer =
        run("finance", "transfer", "--key", "k.pem", "--certificate", ID, "--to", wrongCheck);
    assertEquals(2, transfer.exit());
    assertTrue(
        transfer.err().startsWith("credence: --to: expected an 18-character unified social credit"),
        transfer.err());
    assertUsage(
        run("finance", "calendar", "--from", "2027-03-01", "--days", "40"),
        "--days: expected 1 to 31 days, found 40");
    CliRun noKey = run("finance", "accept", "--certificate", ID);
    assertEquals(2, noKey.exit());
    assertTrue(noKey.err().contains("--key"), noKey.err());
    CliRun both =
        run(
            "finance",
            "early-payment",
            "--key",
            "k.pem",
            "--certificate",
            ID,
            "--amount",
            "10",
            "--accept");
    assertEquals(2, both.exit(), both.err());
    CliRun unknown = run("finance", "settle-all");
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().contains("unknown command 'finance settle-all'"), unknown.err());
  }
}
