package io.credence.app.cli;

import io.credence.analysis.calibration.Calibration;
import io.credence.analysis.calibration.OutcomesFile;
import io.credence.analysis.calibration.RiskEstimate;
import io.credence.analysis.report.Charts;
import io.credence.analysis.report.HtmlReport;
import io.credence.analysis.report.JsonReport;
import io.credence.analysis.report.Report;
import io.credence.analysis.report.TextReport;
import io.credence.analysis.scenario.Problem;
import io.credence.analysis.scenario.Scenario;
import io.credence.analysis.scenario.ScenarioException;
import io.credence.analysis.scenario.ScenarioFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The scenario analyser: does lending on the chain pay off, and for whom. Prints a plain-language
 * verdict, then the tables; writes the charts as PNG and SVG on request.
 */
@Command(
    name = "analyse",
    aliases = "analyze",
    description = {
      "Does lending on the chain pay off for this lender, and for whom?",
      "Analyses a scenario file (YAML) or a built-in example: a plain-language verdict, the lender's"
          + " economics without and with the chain, each party's gain, sensitivities and charts."
    })
public final class AnalyseCommand implements Callable<Integer> {
  @Parameters(
      arity = "0..1",
      paramLabel = "FILE",
      description = "a scenario file (YAML; see docs/SCENARIOS.md)")
  Path file;

  @Option(
      names = "--example",
      paramLabel = "a|b",
      description = "a built-in example: a (supplier receivable) or b (capped farm loan)")
  String example;

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "text|json|html",
      description = "output format (default: ${DEFAULT-VALUE})")
  String format;

  @Option(
      names = "--charts",
      paramLabel = "DIR",
      description = "write the charts to DIR as PNG and SVG")
  Path chartsDir;

  @Option(
      names = "--outcomes",
      paramLabel = "FILE",
      description = "estimate PD and LGD from observed outcomes (CSV or JSON) and use them")
  Path outcomes;

  @Option(
      names = "--from-chain",
      paramLabel = "URL",
      description =
          "estimate PD and LGD from a chain's own certificate history (settled, overdue,"
              + " defaulted), read from a node's API, e.g. http://127.0.0.1:8645")
  String fromChain;

  @Option(names = "--obligor", description = "estimate from this obligor's outcomes only")
  String obligor;

  @Option(names = "--segment", description = "estimate from this segment's outcomes only")
  String segment;

  @Option(
      names = "--calibrate",
      defaultValue = "with-chain",
      paramLabel = "with-chain|without-chain",
      description = "which terms the estimates replace (default: ${DEFAULT-VALUE})")
  String side;

  @Option(
      names = "--print-scenario",
      description = "print the scenario file of --example, to start a file of your own, and stop")
  boolean printScenario;

  @Override
  public Integer call() {
    System.setProperty("java.awt.headless", "true");
    if ((file == null) == (example == null)) {
      throw new UserError(
          "expected a scenario FILE or --example a|b (one of them), found "
              + (file == null ? "neither" : "both"));
    }
    if (!List.of("text", "json", "html").contains(format)) {
      throw new UserError("--format: expected text, json or html, found \"" + format + "\"");
    }
    if (obligor != null && segment != null) {
      throw new UserError("--obligor and --segment: expected at most one, found both");
    }
    if (outcomes != null && fromChain != null) {
      throw new UserError("--outcomes and --from-chain: expected at most one, found both");
    }
    if ((obligor != null || segment != null) && outcomes == null && fromChain == null) {
      throw new UserError(
          "--obligor/--segment: expected together with --outcomes FILE or --from-chain URL,"
              + " found alone");
    }
    if (fromChain != null && !fromChain.matches("https?://[A-Za-z0-9.\\-]+(:[0-9]{1,5})?/?")) {
      throw new UserError(
          "--from-chain: expected a node's API address like http://127.0.0.1:8645, found \""
              + fromChain
              + "\"");
    }
    Calibration.Side calibrate =
        switch (side) {
          case "with-chain" -> Calibration.Side.WITH_CHAIN;
          case "without-chain" -> Calibration.Side.WITHOUT_CHAIN;
          default ->
              throw new UserError(
                  "--calibrate: expected with-chain or without-chain, found \"" + side + "\"");
        };
    PrintStream out = System.out;
    try {
      if (printScenario) {
        if (example == null) {
          throw new UserError("--print-scenario: expected together with --example a|b");
        }
        ScenarioFile.example(example);
        out.print(ScenarioFile.exampleText(example.toLowerCase(java.util.Locale.ROOT)));
        return 0;
      }
      Scenario scenario =
          example != null
              ? ScenarioFile.example(example)
              : ScenarioFile.parse(read(file, ScenarioFile.BYTES_MAX), file.toString());
      Report report;
      if (outcomes != null || fromChain != null) {
        Calibration.Selection selection =
            obligor != null
                ? new Calibration.Selection.Obligor(obligor)
                : segment != null
                    ? new Calibration.Selection.Segment(segment)
                    : new Calibration.Selection.All();
        io.credence.app.client.ChainOutcomes chain =
            fromChain == null
                ? null
                : new io.credence.app.client.ChainOutcomes(fromChain.replaceAll("/$", ""));
        RiskEstimate estimate =
            Calibration.estimate(
                chain != null
                    ? chain
                    : new OutcomesFile(read(outcomes, OutcomesFile.BYTES_MAX), outcomes.toString()),
                selection);
        if (chain != null && obligor != null) {
          // The obligor's own record, as every bank on the chain reads it, beside the estimate.
          estimate = estimate.withSource(estimate.source() + "; " + chain.repaymentRecord(obligor));
        }
        report = Report.calibrated(scenario, estimate, calibrate);
      } else {
        report = Report.of(scenario);
      }
      out.print(
          switch (format) {
            case "json" -> JsonReport.render(report);
            case "html" -> HtmlReport.render(report);
            default -> TextReport.render(report);
          });
      if (chartsDir != null) {
        List<Path> written = writeCharts(report);
        PrintStream note = format.equals("text") ? out : System.err;
        note.println(
            "Charts written: "
                + written.stream().map(Path::toString).collect(Collectors.joining(", ")));
      }
      return 0;
    } catch (ScenarioException e) {
      List<Problem> problems = e.problems();
      throw new UserError(
          (problems.size() == 1 ? "" : problems.size() + " problems:\n  ")
              + problems.stream().map(Problem::message).collect(Collectors.joining("\n  ")));
    }
  }

  private List<Path> writeCharts(Report report) {
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(chartsDir);
      for (Charts.Chart chart : Charts.all(report.analysis())) {
        Path png = chartsDir.resolve(chart.fileName() + ".png");
        Path svg = chartsDir.resolve(chart.fileName() + ".svg");
        Files.write(png, Charts.png(chart.chart()));
        Files.writeString(svg, Charts.svg(chart.chart()), StandardCharsets.UTF_8);
        written.add(png);
        written.add(svg);
      }
    } catch (IOException e) {
      throw new UserError("--charts " + chartsDir + ": cannot write the charts: " + e.getMessage());
    }
    return written;
  }

  private static String read(Path path, int bytesMax) {
    try {
      if (!Files.isRegularFile(path)) {
        throw new UserError(path + ": expected a readable file, found none");
      }
      long size = Files.size(path);
      if (size > bytesMax) {
        throw new UserError(path + ": expected at most " + bytesMax + " bytes, found " + size);
      }
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError(path + ": cannot read: " + e.getMessage());
    }
  }
}
