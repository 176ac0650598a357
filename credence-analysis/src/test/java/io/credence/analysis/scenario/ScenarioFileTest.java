package io.credence.analysis.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.analysis.economics.Capital;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Scenario files: a complete file parses to exact decimals; every kind of bad input (a missing
 * field, a value out of range, a wrong unit) is reported naming the field, the allowed range and
 * the value found, all problems of a file at once.
 */
class ScenarioFileTest {
  private static final String VALID = ScenarioFile.exampleText("a");

  @Test
  void example_parsesToExactDecimals() throws ScenarioException {
    Scenario a = ScenarioFile.parse(VALID, "a.yaml");
    assertEquals(new BigDecimal("0.105"), a.withChain().capital().capitalRatio());
    assertEquals(new BigDecimal("0.038"), a.withChain().clientRateAnnual());
    assertEquals(BankLends.AUTO, a.bankLendsWithoutChain());
    assertEquals("supplier", a.borrower());
    assertEquals(BankLends.YES, ScenarioFile.example("b").bankLendsWithoutChain());
  }

  @Test
  void missingField_isNamed() {
    Problem p = single(VALID.replace("termYears: 0.5\n", ""));
    assertEquals("termYears", p.field());
    assertTrue(p.found().contains("missing"), p.message());
    assertTrue(p.expected().contains("years"), p.message());
  }

  @Test
  void missingSection_isNamed() {
    String text = VALID.substring(0, VALID.indexOf("withChain:"));
    Problem p = single(text);
    assertEquals("withChain", p.field());
  }

  @Test
  void outOfRange_namesRangeAndValue() {
    Problem p = single(VALID.replace("lgd: 0.45", "lgd: 1.45"));
    assertEquals("withChain.lgd", p.field());
    assertEquals("1.45", p.found());
    assertTrue(p.expected().contains("from 0 to 1"), p.message());
  }

  @Test
  void percentageWrittenAsNumber_isOutOfRangeWithHint() {
    Problem p = single(VALID.replace("pdAnnual: 0.004", "pdAnnual: 4"));
    assertEquals("withChain.pdAnnual", p.field());
    assertEquals("4", p.found());
    assertTrue(p.expected().contains("write 0.04 for 4%"), p.message());
  }

  @Test
  void wrongUnit_percentSign_isRejected() {
    Problem p = single(VALID.replace("clientRateAnnual: 0.038", "clientRateAnnual: 3.8%"));
    assertEquals("withChain.clientRateAnnual", p.field());
    assertEquals("the text \"3.8%\"", p.found());
    assertTrue(p.expected().contains("write 4% as 0.04"), p.message());
  }

  @Test
  void wrongUnit_unitInTheValue_isRejected() {
    Problem p = single(VALID.replace("loanAmountYuan: 1000000", "loanAmountYuan: 1000000 CNY"));
    assertEquals("loanAmountYuan", p.field());
    assertTrue(p.found().contains("1000000 CNY"), p.message());
    assertTrue(p.expected().contains("yuan"), p.message());
  }

  @Test
  void wrongUnit_fieldInOtherUnit_suggestsTheRightName() throws ScenarioException {
    List<Problem> problems = problems(VALID.replace("termYears: 0.5", "termMonths: 6"));
    String all = problems.stream().map(Problem::message).collect(Collectors.joining("\n"));
    assertTrue(all.contains("termMonths: expected one of the fields"), all);
    assertTrue(all.contains("did you mean termYears?"), all);
    assertTrue(all.contains("termYears: expected a number"), all);
  }

  @Test
  void unknownFieldWithoutUnit_suggestsTheUnitName() {
    Problem p =
        single(VALID.replace("  fixedCostYuan: 500\n", "  fixedCostYuan: 500\n  fixedCost: 1\n"));
    assertEquals("withChain.fixedCost", p.field());
    assertTrue(p.expected().contains("did you mean fixedCostYuan?"), p.message());
  }

  @Test
  void clientRateAboveCap_isRejected() {
    Problem p =
        single(
            VALID.replace(
                "hurdleRateAnnual: 0.10\n", "hurdleRateAnnual: 0.10\nrateCapAnnual: 0.035\n"));
    assertEquals("withChain.clientRateAnnual", p.field());
    assertTrue(p.expected().contains("rateCapAnnual 0.035"), p.message());
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    String text =
        VALID
            .replace("lgd: 0.45", "lgd: -0.1")
            .replace("fixedCostYuan: 500", "fixedCostYuan: five hundred")
            .replace(
                "method: standardised\n    riskWeight: 1.00",
                "method: basel\n    riskWeight: 1.00");
    List<Problem> problems = problems(text);
    List<String> fields = problems.stream().map(Problem::field).toList();
    assertTrue(fields.contains("withChain.lgd"), fields.toString());
    assertTrue(fields.contains("withChain.fixedCostYuan"), fields.toString());
    assertTrue(fields.contains("withChain.capital.method"), fields.toString());
  }

  @Test
  void missingCapitalMethod_listsTheMethods() {
    Problem p =
        single(
            VALID.replace(
                "    method: standardised\n    riskWeight: 1.00", "    riskWeight: 1.00"));
    assertEquals("withChain.capital.method", p.field());
    assertEquals("one of standardised, irb-corporate, irb-retail-other", p.expected());
  }

  @Test
  void irbCapital_andSensitivityRanges_areRead() throws ScenarioException {
    String text =
        VALID.replace(
                "method: standardised\n    riskWeight: 1.00\n    capitalRatio: 0.105",
                "method: irb-corporate\n    maturityYears: 2.5\n    capitalRatio: 0.105")
            + "sensitivity:\n  pdAnnual: [0.001, 0.02]\n";
    Scenario s = ScenarioFile.parse(text, "mine.yaml");
    assertTrue(s.withChain().capital() instanceof Capital.IrbCorporate);
    assertEquals(
        new Scenario.Range(new BigDecimal("0.001"), new BigDecimal("0.02")),
        s.sensitivity().get(Parameter.PD));
  }

  @Test
  void badSensitivityRange_isRejected() {
    Problem p = single(VALID + "sensitivity:\n  pdAnnual: [0.02, 0.001]\n");
    assertEquals("sensitivity.pdAnnual", p.field());
    assertEquals("[0.02, 0.001]", p.found());
  }

  @Test
  void malformedYaml_andNonMap_areRejected() {
    assertEquals("well-formed YAML", single("name: [unclosed").expected());
    assertTrue(single("- a\n- b\n").expected().contains("map"));
  }

  @Test
  void tooLargeFile_isRejected() {
    Problem p = single("name: x\n" + "#".repeat(ScenarioFile.BYTES_MAX));
    assertTrue(p.expected().contains("at most " + ScenarioFile.BYTES_MAX + " bytes"), p.message());
  }

  @Test
  void unknownExample_isRejected() {
    ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioFile.example("c"));
    assertEquals("--example", e.problems().get(0).field());
  }

  @Test
  void bankNotLendingWithoutAlternativeRate_isNamedAtAnalysis() throws ScenarioException {
    Scenario s =
        ScenarioFile.parse(VALID.replace("borrowerAlternativeRateAnnual: 0.065\n", ""), "a.yaml");
    ScenarioException e = assertThrows(ScenarioException.class, () -> Analyser.analyse(s));
    assertEquals("borrowerAlternativeRateAnnual", e.problems().get(0).field());
  }

  private static Problem single(String text) {
    List<Problem> problems = problems(text);
    assertEquals(1, problems.size(), problems.toString());
    return problems.get(0);
  }

  private static List<Problem> problems(String text) {
    return assertThrows(ScenarioException.class, () -> ScenarioFile.parse(text, "test.yaml"))
        .problems();
  }
}
