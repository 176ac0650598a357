package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code credence simulate}: a clean run exits 0 with a summary; bad input exits 2 naming the flag.
 */
class SimulateCommandTest {

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void cleanSeeds_exit0_withSummary() {
    CliRun r =
        run(
            "simulate",
            "--seeds",
            "1..3",
            "--validators",
            "4",
            "--byzantine",
            "1",
            "--ticks",
            "3000");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("seeds                                  3"), r.out());
    assertTrue(r.out().contains("violations                             0"), r.out());
  }

  @Test
  void ledgerMode_cleanSeeds_exit0() {
    CliRun r =
        run(
            "simulate",
            "--seeds",
            "1..2",
            "--validators",
            "4",
            "--byzantine",
            "1",
            "--ticks",
            "3000",
            "--ledger");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("violations                             0"), r.out());
  }

  @Test
  void twinsScenarios_cleanRange_exit0() {
    CliRun r = run("simulate", "--twins", "--twin-rounds", "1", "--seeds", "0..3");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("seeds                                  4"), r.out());
    assertTrue(r.out().contains("violations                             0"), r.out());
  }

  @Test
  void twinsScenarioNumberOutOfRange_exits2NamingTheRange() {
    CliRun r = run("simulate", "--twins", "--twin-rounds", "1", "--seeds", "60..64");
    assertEquals(2, r.exit());
    assertEquals(
        "credence: --seeds: expected Twins scenario numbers 0..63 for --twin-rounds 1, found 60..64",
        r.err().trim());
  }

  @Test
  void tooManyByzantine_exits2NamingTheLimit() {
    CliRun r = run("simulate", "--seeds", "1..2", "--validators", "4", "--byzantine", "2");
    assertEquals(2, r.exit());
    assertEquals(
        "credence: --byzantine: expected 0 to f=1 for 4 validators, found 2", r.err().trim());
  }

  @Test
  void leadersCompare_silentValidators_drawsBothElectionsAndTheirRatio() {
    CliRun r =
        run(
            "simulate",
            "--seeds",
            "1..2",
            "--validators",
            "4",
            "--byzantine",
            "1",
            "--faults",
            "silent",
            "--leaders",
            "compare",
            "--ticks",
            "2000");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("seeds                                  4"), r.out());
    assertTrue(
        r.out().contains("blocks per simulated second, the same 2 scenarios under each election:"),
        r.out());
    java.util.regex.Matcher ratio =
        java.util.regex.Pattern.compile("reputation / round-robin: ([0-9.]+)x").matcher(r.out());
    assertTrue(ratio.find(), r.out());
    // One silent validator of four: round-robin still hands it rounds, reputation stops doing so.
    assertTrue(Double.parseDouble(ratio.group(1)) > 2, r.out());
  }

  @Test
  void unknownLeaders_orLeadersWithLedger_exit2() {
    CliRun bad = run("simulate", "--seeds", "1..1", "--leaders", "fastest");
    assertEquals(2, bad.exit());
    assertEquals(
        "credence: --leaders: expected seeded, reputation, round-robin or compare, found 'fastest'",
        bad.err().trim());
    CliRun ledger = run("simulate", "--seeds", "1..1", "--leaders", "compare", "--ledger");
    assertEquals(2, ledger.exit());
    assertTrue(
        ledger.err().contains("--leaders: ledger mode runs the node's own election"), ledger.err());
  }

  @Test
  void badSeedRange_exits2() {
    CliRun r = run("simulate", "--seeds", "9..3");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("--seeds: expected FROM..TO with FROM <= TO"), r.err());
  }
}
