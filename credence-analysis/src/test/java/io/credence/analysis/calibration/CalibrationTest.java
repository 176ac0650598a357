package io.credence.analysis.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.analysis.scenario.Analyser;
import io.credence.analysis.scenario.Analysis;
import io.credence.analysis.scenario.Problem;
import io.credence.analysis.scenario.Scenario;
import io.credence.analysis.scenario.ScenarioException;
import io.credence.analysis.scenario.ScenarioFile;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Calibration on the sample file shipped with the project ({@code examples/outcomes-sample.csv}),
 * checked against values worked out by hand from its rows:
 *
 * <ul>
 *   <li>huaxin-motors: 1,250 receivables of 146 days (0.4 years) = 500 loan-years; two defaults
 *       (HX-0100 defaulted, recovered 240,000 of 400,000: LGD 0.40; HX-0700 overdue 120 days,
 *       recovered 100,000 of 200,000: LGD 0.50); three more overdue under 90 days are not defaults.
 *       PD = 2 / 500 = 0.4%; LGD = (0.40 + 0.50) / 2 = 0.45. Garwood interval for 2 events:
 *       [0.2422, 7.2247] (chi-square tables: chi2(0.025; 4) / 2 and chi2(0.975; 6) / 2), over 500
 *       loan-years: [0.04844%, 1.44494%].
 *   <li>segment sme-loan: 100 one-year loans, four defaults with LGD 0.5, 0.6, 0.6, 0.7. PD = 4%;
 *       Garwood for 4 events [1.0899, 10.2416] / 100; LGD mean 0.6, s = 0.08165, t(0.975; 3) =
 *       3.1824, half-width 0.12992: [0.47008, 0.72992].
 *   <li>all 1,600 outcomes: 7 defaults over 700 loan-years: PD 1%; LGD (0.4 + 0.5 + 0.6 + 0.5 + 0.6
 *       + 0.6 + 0.7) / 7 = 0.557143.
 * </ul>
 */
class CalibrationTest {
  private static final Path SAMPLE = Path.of("..", "examples", "outcomes-sample.csv");

  private static OutcomeSource sample() throws IOException {
    return new OutcomesFile(Files.readString(SAMPLE), SAMPLE.toString());
  }

  @Test
  void obligor_huaxinMotors_matchesHandComputation() throws Exception {
    RiskEstimate e =
        Calibration.estimate(sample(), new Calibration.Selection.Obligor("huaxin-motors"));
    assertEquals(1250, e.loans());
    assertEquals(2, e.defaults());
    assertEquals(new BigDecimal("500.00"), e.exposureYears().setScale(2, RoundingMode.HALF_UP));
    assertEquals(new BigDecimal("0.004"), e.pdAnnual().setScale(3, RoundingMode.HALF_UP));
    assertEquals(new BigDecimal("0.0004844"), round(e.pdInterval().low(), 7));
    assertEquals(new BigDecimal("0.0144494"), round(e.pdInterval().high(), 7));
    assertEquals(new BigDecimal("0.45"), round(e.lgd().orElseThrow(), 2));
    // Two defaults are too few to trust, and the estimate says so.
    assertTrue(e.isTooSmall());
    assertTrue(
        e.warnings().stream().anyMatch(w -> w.startsWith("only 2 defaults observed")),
        e.warnings().toString());
    assertTrue(
        e.warnings().stream().anyMatch(w -> w.startsWith("LGD rests on only 2 defaults")),
        e.warnings().toString());
  }

  @Test
  void segment_smeLoans_matchesHandComputation() throws Exception {
    RiskEstimate e = Calibration.estimate(sample(), new Calibration.Selection.Segment("sme-loan"));
    assertEquals(100, e.loans());
    assertEquals(4, e.defaults());
    assertEquals(new BigDecimal("0.0400"), round(e.pdAnnual(), 4));
    assertEquals(new BigDecimal("0.010899"), round(e.pdInterval().low(), 6));
    assertEquals(new BigDecimal("0.102416"), round(e.pdInterval().high(), 6));
    assertEquals(new BigDecimal("0.6000"), round(e.lgd().orElseThrow(), 4));
    assertEquals(new BigDecimal("0.4701"), round(e.lgdInterval().orElseThrow().low(), 4));
    assertEquals(new BigDecimal("0.7299"), round(e.lgdInterval().orElseThrow().high(), 4));
  }

  @Test
  void allOutcomes_matchesHandComputation() throws Exception {
    RiskEstimate e = Calibration.estimate(sample(), new Calibration.Selection.All());
    assertEquals(1600, e.loans());
    assertEquals(7, e.defaults());
    assertEquals(new BigDecimal("0.0100"), round(e.pdAnnual(), 4));
    assertEquals(new BigDecimal("0.557143"), round(e.lgd().orElseThrow(), 6));
  }

  @Test
  void noDefault_keepsAnHonestUpperBound_andTheScenarioLgd() throws Exception {
    StringBuilder csv = new StringBuilder("id,obligor,amountYuan,termDays,outcome\n");
    for (int i = 0; i < 100; i++) {
      csv.append("L").append(i).append(",core,100000,365,settled\n");
    }
    RiskEstimate e =
        Calibration.estimate(
            new OutcomesFile(csv.toString(), "none.csv"), new Calibration.Selection.All());
    assertEquals(0, e.pdAnnual().signum());
    // Garwood for 0 events: chi2(0.975; 2) / 2 = 3.6889 over 100 loan-years.
    assertEquals(new BigDecimal("0.036889"), round(e.pdInterval().high(), 6));
    assertTrue(e.lgd().isEmpty());
    Scenario a = ScenarioFile.example("a");
    Scenario calibrated = Calibration.apply(a, e, Calibration.Side.WITH_CHAIN);
    assertEquals(a.withChain().lgd(), calibrated.withChain().lgd());
    assertEquals(0, calibrated.withChain().pdAnnual().signum());
  }

  @Test
  void calibratedScenario_usesTheEstimates() throws Exception {
    RiskEstimate e =
        Calibration.estimate(sample(), new Calibration.Selection.Obligor("huaxin-motors"));
    Scenario a = Calibration.apply(ScenarioFile.example("a"), e, Calibration.Side.WITH_CHAIN);
    Analysis analysis = Analyser.analyse(a);
    // PD 0.4% and LGD 0.45 are Scenario A's own chain figures: the same 1,350 yuan.
    assertEquals(
        new BigDecimal("1350.00"),
        analysis.withChain().economicProfit().setScale(2, RoundingMode.HALF_UP));
    Scenario sme =
        Calibration.apply(
            ScenarioFile.example("a"),
            Calibration.estimate(sample(), new Calibration.Selection.Segment("sme-loan")),
            Calibration.Side.WITHOUT_CHAIN);
    assertEquals(new BigDecimal("0.6000"), round(sme.withoutChain().lgd(), 4));
  }

  @Test
  void json_givesTheSameEstimates() throws Exception {
    String json =
        "{\"outcomes\": ["
            + "{\"id\": \"a\", \"obligor\": \"x\", \"amountYuan\": 100000, \"termDays\": 365, \"outcome\": \"defaulted\", \"recoveredYuan\": 25000},"
            + "{\"id\": \"b\", \"obligor\": \"x\", \"amountYuan\": 100000, \"termDays\": 365, \"outcome\": \"settled\"},"
            + "{\"id\": \"c\", \"obligor\": \"x\", \"amountYuan\": 100000, \"termDays\": 365, \"outcome\": \"overdue\", \"daysPastDue\": 95}"
            + "]}";
    RiskEstimate e =
        Calibration.estimate(new OutcomesFile(json, "o.json"), new Calibration.Selection.All());
    assertEquals(3, e.loans());
    assertEquals(2, e.defaults());
    // LGD (0.75 + 1.00) / 2: the overdue one has recovered nothing yet.
    assertEquals(new BigDecimal("0.875"), round(e.lgd().orElseThrow(), 3));
    assertTrue(e.warnings().stream().anyMatch(w -> w.startsWith("only 3 loans observed")));
  }

  @Test
  void badRows_areNamedByRowAndColumn() {
    String csv =
        "id,obligor,amountYuan,termDays,outcome,daysPastDue,recoveredYuan\n"
            + "a,x,100000,365,paid,0,0\n"
            + "b,x,-5,365,settled,0,0\n"
            + "c,x,100000,6 months,settled,0,0\n"
            + "d,x,100000,365,defaulted,100,200000\n"
            + "e,x,100000,365,overdue,0,0\n"
            + "a,x,100000,365,settled,0,0\n";
    List<Problem> problems =
        assertThrows(ScenarioException.class, () -> new OutcomesFile(csv, "o.csv").outcomes())
            .problems();
    List<String> fields = problems.stream().map(Problem::field).toList();
    assertEquals(
        List.of(
            "o.csv, row 1, outcome",
            "o.csv, row 2, amountYuan",
            "o.csv, row 3, termDays",
            "o.csv, row 4, recoveredYuan",
            "o.csv, row 5, daysPastDue",
            "o.csv, row 6, id"),
        fields);
    assertEquals("\"paid\"", problems.get(0).found());
    assertEquals("\"6 months\"", problems.get(2).found());
  }

  @Test
  void unknownColumn_andUnknownObligor_areRejected() throws Exception {
    ScenarioException column =
        assertThrows(
            ScenarioException.class,
            () ->
                new OutcomesFile("id,obligor,amount,termDays,outcome\na,x,1,1,settled\n", "o.csv")
                    .outcomes());
    assertEquals("o.csv, column amount", column.problems().get(0).field());
    ScenarioException obligor =
        assertThrows(
            ScenarioException.class,
            () -> Calibration.estimate(sample(), new Calibration.Selection.Obligor("nobody")));
    assertEquals("--obligor", obligor.problems().get(0).field());
    assertTrue(obligor.problems().get(0).expected().contains("huaxin-motors"));
  }

  @Test
  void oversizeFile_isRejectedBeforeParsing() {
    String text = "x".repeat(OutcomesFile.BYTES_MAX + 1);
    ScenarioException e =
        assertThrows(ScenarioException.class, () -> new OutcomesFile(text, "huge.csv").outcomes());
    assertEquals((OutcomesFile.BYTES_MAX + 1) + " bytes", e.problems().get(0).found());
  }

  @Test
  void largeSample_hasNoWarnings() throws Exception {
    StringBuilder csv = new StringBuilder("id,obligor,amountYuan,termDays,outcome,recoveredYuan\n");
    for (int i = 0; i < 1000; i++) {
      boolean bad = i % 50 == 0;
      csv.append(i)
          .append(",x,100000,365,")
          .append(bad ? "defaulted,40000" : "settled,0")
          .append('\n');
    }
    RiskEstimate e =
        Calibration.estimate(
            new OutcomesFile(csv.toString(), "big.csv"), new Calibration.Selection.All());
    assertEquals(20, e.defaults());
    assertFalse(e.isTooSmall(), e.warnings().toString());
  }

  private static BigDecimal round(BigDecimal v, int places) {
    return v.setScale(places, RoundingMode.HALF_UP);
  }
}
