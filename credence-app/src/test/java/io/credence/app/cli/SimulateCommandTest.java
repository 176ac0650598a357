package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code credence simulate}: a clean run exits 0 with a summary; bad input exits 2 naming the flag.
 */
class SimulateCommandTest {
  record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      return new Run(cli.execute(args), out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void cleanSeeds_exit0_withSummary() {
    Run r =
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
    Run r =
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
  void tooManyByzantine_exits2NamingTheLimit() {
    Run r = run("simulate", "--seeds", "1..2", "--validators", "4", "--byzantine", "2");
    assertEquals(2, r.exit());
    assertEquals(
        "credence: --byzantine: expected 0 to f=1 for 4 validators, found 2", r.err().trim());
  }

  @Test
  void badSeedRange_exits2() {
    Run r = run("simulate", "--seeds", "9..3");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("--seeds: expected FROM..TO with FROM <= TO"), r.err());
  }
}
