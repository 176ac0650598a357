package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code credence analyse}: the built-in examples print DOMAIN.md's verdicts and write readable
 * charts; a user's own scenario file and the shipped outcomes sample work the same way; bad input
 * exits 2 naming the field.
 */
class AnalyseCommandTest {
  private static final Path EXAMPLES = Path.of("..", "examples");

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void exampleA_printsTheViableVerdictFirst_andWritesCharts(@TempDir Path dir) throws Exception {
    CliRun r = run("analyse", "--example", "a", "--charts", dir.toString());
    assertEquals(0, r.exit(), r.err());
    String verdict =
        r.out().substring(r.out().indexOf("VERDICT"), r.out().indexOf("LENDER ECONOMICS"));
    assertTrue(verdict.contains("Lending on the chain is viable"), r.out());
    assertTrue(r.out().contains("Charts written: "), r.out());
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(
          List.of(
              "economic-profit-vs-rate.png",
              "economic-profit-vs-rate.svg",
              "stakeholders.png",
              "stakeholders.svg",
              "tornado.png",
              "tornado.svg"),
          names);
    }
    assertEquals(960, ImageIO.read(dir.resolve("tornado.png").toFile()).getWidth());
    assertTrue(Files.readString(dir.resolve("tornado.svg")).contains("(yuan)"));
  }

  @Test
  void exampleB_printsTheUnviableVerdict() {
    CliRun r = run("analyse", "--example", "b");
    assertEquals(0, r.exit(), r.err());
    String flat = r.out().replaceAll("\\s+", " ");
    assertTrue(
        flat.contains(
            "The chain saves 390.00 yuan per loan-year, but the loan stays unviable at the 4.75%"
                + " cap"),
        r.out());
    assertTrue(flat.contains("a risk fund would need to absorb 82% of losses"), r.out());
  }

  @Test
  void ownScenarioFile_isAnalysed_asJson() throws Exception {
    CliRun r =
        run(
            "analyse",
            EXAMPLES.resolve("scenario-tier2-supplier.yaml").toString(),
            "--format",
            "json");
    assertEquals(0, r.exit(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertTrue(j.at("/verdict").asText().length() > 50);
    assertTrue(j.at("/withChain/riskWeight").decimalValue().signum() > 0, "IRB risk weight");
  }

  @Test
  void outcomesCalibration_onTheShippedSample_reportsEstimatesAndWarnings() {
    CliRun r =
        run(
            "analyse",
            "--example",
            "a",
            "--outcomes",
            EXAMPLES.resolve("outcomes-sample.csv").toString(),
            "--obligor",
            "huaxin-motors");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("CALIBRATION FROM OBSERVED OUTCOMES"), r.out());
    assertTrue(r.out().contains("0.400%"), r.out());
    assertTrue(r.out().contains("0.048% to 1.445%"), r.out());
    assertTrue(r.out().contains("Caution: the PD and LGD behind this verdict"), r.out());
    assertTrue(r.out().contains("Warning: only 2 defaults observed"), r.out());
  }

  @Test
  void fromChain_badInput_isRefusedNamingTheOption() {
    CliRun both =
        run(
            "analyse",
            "--example",
            "a",
            "--outcomes",
            EXAMPLES.resolve("outcomes-sample.csv").toString(),
            "--from-chain",
            "http://127.0.0.1:1");
    assertTrue(both.exit() != 0);
    assertTrue(
        both.err().contains("--outcomes and --from-chain: expected at most one"), both.err());
    CliRun bad = run("analyse", "--example", "a", "--from-chain", "ftp://x");
    assertTrue(bad.exit() != 0);
    assertTrue(bad.err().contains("--from-chain: expected a node's API address"), bad.err());
    assertTrue(bad.err().contains("ftp://x"), bad.err());
    // Nothing listens on port 1: a clear error naming the option and the address.
    CliRun down = run("analyse", "--example", "a", "--from-chain", "http://127.0.0.1:1");
    assertTrue(down.exit() != 0);
    assertTrue(down.err().contains("--from-chain: expected a reachable Credence node"), down.err());
  }

  @Test
  void help_listsTheOptions() {
    CliRun r = run("analyse", "--help");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("--outcomes=FILE"), r.out());
    assertTrue(r.out().contains("--charts=DIR"), r.out());
  }

  @Test
  void html_isWrittenToStandardOutput() {
    CliRun r = run("analyse", "--example", "b", "--format", "html");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("<!DOCTYPE html>"));
    assertTrue(r.out().contains("<svg"));
  }

  @Test
  void printScenario_givesAFileThatAnalysesTheSame(@TempDir Path dir) throws Exception {
    CliRun printed = run("analyse", "--example", "a", "--print-scenario");
    assertEquals(0, printed.exit(), printed.err());
    Path mine = dir.resolve("mine.yaml");
    Files.writeString(mine, printed.out());
    CliRun own = run("analyse", mine.toString());
    assertEquals(run("analyse", "--example", "a").out(), own.out());
  }

  @Test
  void badInput_exits2_namingTheField(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        run("analyse", "--example", "a", "--print-scenario")
            .out()
            .replace("pdAnnual: 0.004", "pdAnnual: 0.4%")
            .replace("termYears: 0.5\n", ""));
    CliRun r = run("analyse", bad.toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("2 problems"), r.err());
    assertTrue(r.err().contains("termYears: expected a number"), r.err());
    assertTrue(r.err().contains("withChain.pdAnnual: expected a number"), r.err());

    assertEquals(2, run("analyse").exit());
    assertEquals(2, run("analyse", "--example", "c").exit());
    assertEquals(2, run("analyse", "--example", "a", "--format", "pdf").exit());
    assertEquals(2, run("analyse", "--example", "a", "--obligor", "x").exit());
    assertTrue(
        run("analyse", dir.resolve("none.yaml").toString())
            .err()
            .contains("expected a readable file"));
  }
}
