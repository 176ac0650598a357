package io.credence.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credence.analysis.scenario.Analyser;
import io.credence.analysis.scenario.Scenario;
import io.credence.analysis.scenario.ScenarioFile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/**
 * The reports: the verdict comes first and says what DOMAIN.md says; JSON carries the exact
 * figures; HTML is one page with the charts inline; charts are real PNG and well-formed SVG with
 * labelled axes.
 */
class ReportTest {

  @Test
  void verdictA_saysViable_withTheFigures() throws Exception {
    String v = Verdict.of(Report.of(ScenarioFile.example("a")).analysis());
    assertTrue(
        v.startsWith("Lending on the chain is viable: at 3.80% the bank earns 1,350.00 yuan"), v);
    assertTrue(v.contains("return on risk capital 12.57% against a 10.00% hurdle"), v);
    assertTrue(v.contains("falls from 6.49% without the chain to 3.53%"), v);
    assertTrue(v.contains("would not lend at 4.50%: each loan would lose 9,937.50 yuan"), v);
    assertTrue(v.contains("The supplier saves 13,500.00 yuan against its 6.50% alternative"), v);
    assertTrue(v.endsWith("no party loses: the scenario is a win for all."), v);
  }

  @Test
  void verdictB_saysUnviableAtTheCap_withTheFigures() throws Exception {
    String v = Verdict.of(Report.of(ScenarioFile.example("b")).analysis());
    assertTrue(
        v.startsWith(
            "The chain saves 390.00 yuan per loan-year, but the loan stays unviable at the 4.75% cap"),
        v);
    assertTrue(v.contains("break-even rate with the chain is 7.71%"), v);
    assertTrue(v.contains("a risk fund would need to absorb 82% of losses"), v);
    assertTrue(v.contains("subsidy of 1,478.75 yuan per loan-year"), v);
  }

  @Test
  void verdict_flipsExactlyAtTheBreakEvenRate() throws Exception {
    Scenario a = ScenarioFile.example("a");
    // Scenario A's break-even rate with the chain is exactly 3.53%.
    Scenario atBreakEven = a.withChain(a.withChain().withClientRate(new BigDecimal("0.0353")));
    Scenario justBelow = a.withChain(a.withChain().withClientRate(new BigDecimal("0.03529999")));
    assertTrue(
        Verdict.of(Analyser.analyse(atBreakEven)).startsWith("Lending on the chain is viable"));
    assertTrue(
        Verdict.of(Analyser.analyse(justBelow))
            .startsWith("Lending stays unviable with the chain at 3.53%"),
        Verdict.of(Analyser.analyse(justBelow)));
  }

  @Test
  void verdict_belowBreakEvenButUnderTheCap_saysTheRateIsTooLowNotTheCap() throws Exception {
    String text =
        ScenarioFile.exampleText("a")
            .replace("hurdleRateAnnual: 0.10\n", "hurdleRateAnnual: 0.10\nrateCapAnnual: 0.05\n")
            .replace("clientRateAnnual: 0.038", "clientRateAnnual: 0.034");
    String v = Verdict.of(Analyser.analyse(ScenarioFile.parse(text, "capped.yaml")));
    assertTrue(v.startsWith("Lending stays unviable with the chain at 3.40%"), v);
    assertTrue(v.contains("It would pay at any rate from 3.53% up to the 5.00% cap."), v);
  }

  @Test
  void text_putsTheVerdictFirst_thenTheTables() throws Exception {
    String text = TextReport.render(Report.of(ScenarioFile.example("b")));
    int verdict = text.indexOf("VERDICT");
    int economics = text.indexOf("LENDER ECONOMICS PER LOAN");
    assertTrue(verdict > 0 && economics > verdict, text);
    assertTrue(text.contains("STAKEHOLDERS"), text);
    assertTrue(text.contains("SENSITIVITY"), text);
    assertTrue(
        text.matches("(?s).*Loss share a fund must bear to break even\\s+93\\.44%\\s+82\\.15%.*"),
        text);
    assertTrue(text.matches("(?s).*Break-even rate\\s+8\\.488%\\s+7\\.708%.*"), text);
  }

  @Test
  void json_carriesTheFigures() throws Exception {
    String text = JsonReport.render(Report.of(ScenarioFile.example("a")));
    assertTrue(text.contains("\"economicProfitYuan\" : 1350.00"), "money to the fen");
    JsonNode j =
        new ObjectMapper()
            .enable(
                com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .readTree(text);
    assertDecimal("1350.00", j.at("/withChain/economicProfitYuan"));
    assertDecimal("-9937.50", j.at("/withoutChain/economicProfitYuan"));
    assertDecimal("0.0353", j.at("/withChain/breakEvenRateAnnual"));
    assertDecimal("0.064875", j.at("/withoutChain/breakEvenRateAnnual"));
    assertTrue(j.at("/incentiveCompatible").asBoolean());
    assertFalse(j.at("/lendsWithoutChain").asBoolean());
    assertTrue(j.at("/verdict").asText().startsWith("Lending on the chain is viable"));
    assertEquals(61, j.at("/rateCurve").size());
  }

  private static void assertDecimal(String expected, JsonNode node) {
    assertEquals(0, new BigDecimal(expected).compareTo(node.decimalValue()), node.toString());
  }

  @Test
  void html_isOnePageWithInlineCharts() throws Exception {
    String html = HtmlReport.render(Report.of(ScenarioFile.example("b")));
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.indexOf("class=\"verdict bad\"") < html.indexOf("<table>"));
    assertEquals(3, html.split("<svg", -1).length - 1, "three inline charts");
    assertFalse(html.contains("<?xml"), "no XML declaration inside HTML");
    assertTrue(html.contains("Scenario B: a capped-rate poverty-alleviation loan to a farmer"));
  }

  @Test
  void charts_arePngAndSvgWithLabelledAxes() throws Exception {
    for (Charts.Chart chart : Charts.all(Report.of(ScenarioFile.example("a")).analysis())) {
      BufferedImage png = ImageIO.read(new ByteArrayInputStream(Charts.png(chart.chart())));
      assertEquals(Charts.WIDTH, png.getWidth(), chart.fileName());
      assertEquals(Charts.HEIGHT, png.getHeight(), chart.fileName());
      String svg = Charts.svg(chart.chart());
      // Well-formed XML, parsed by the JDK without fetching the DTD.
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.newDocumentBuilder().parse(new org.xml.sax.InputSource(new java.io.StringReader(svg)));
      assertTrue(svg.contains("(yuan)"), chart.fileName() + ": an axis in yuan");
      assertFalse(svg.contains("'Dialog'"), chart.fileName());
    }
    String rate =
        Charts.svg(
            Charts.profitAgainstRate(Report.of(ScenarioFile.example("b")).analysis()).chart());
    assertTrue(rate.contains("Client rate (% a year)"), "x axis with its unit");
    assertTrue(rate.contains("Economic profit per loan (yuan)"), "y axis with its unit");
    assertTrue(rate.contains("rate cap 4.75%"));
    assertTrue(rate.contains("break-even with chain 7.71%"));
    assertTrue(rate.contains("break-even without chain 8.49%"));
  }
}
