package io.credence.analysis.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credence.analysis.calibration.Calibration;
import io.credence.analysis.calibration.RiskEstimate;
import io.credence.analysis.economics.Economics;
import io.credence.analysis.scenario.Analysis;
import io.credence.analysis.scenario.RatePoint;
import io.credence.analysis.scenario.Stakeholder;
import io.credence.analysis.scenario.TornadoBar;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The report as JSON for other programs. Amounts are numbers in yuan rounded to the fen (fields end
 * in {@code Yuan}); rates, PD, LGD and shares are fractions rounded to 10 decimals (fields end in
 * {@code Annual}, or are plain fractions); the verdict is the same sentence the text report opens
 * with.
 */
public final class JsonReport {
  private static final int FRACTION_SCALE = 10;
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private JsonReport() {}

  public static String render(Report report) {
    Analysis a = report.analysis();
    ObjectNode root = JSON.createObjectNode();
    ObjectNode scenario = root.putObject("scenario");
    scenario.put("name", a.scenario().name());
    scenario.put("description", a.scenario().description());
    scenario.put("borrower", a.scenario().borrower());
    a.scenario().rateCapAnnual().ifPresent(c -> scenario.put("rateCapAnnual", fraction(c)));
    root.put("verdict", Verdict.of(a));
    root.put("viableWithChain", a.isViableWithChain());
    root.put("lendsWithoutChain", a.lendsWithoutChain());
    root.put("incentiveCompatible", a.incentiveCompatible());
    economics(root.putObject("withoutChain"), a.withoutChain());
    economics(root.putObject("withChain"), a.withChain());
    ArrayNode parties = root.putArray("stakeholders");
    for (Stakeholder s : a.stakeholders()) {
      ObjectNode p = parties.addObject();
      p.put("party", s.party());
      p.put("gainYuan", yuan(s.gainYuan()));
      p.put("basis", s.basis());
    }
    ArrayNode tornado = root.putArray("tornado");
    for (TornadoBar b : a.tornado()) {
      ObjectNode t = tornado.addObject();
      t.put("parameter", b.parameter().field());
      t.put("low", b.low());
      t.put("high", b.high());
      t.put("economicProfitAtLowYuan", yuan(b.economicProfitAtLow()));
      t.put("economicProfitAtHighYuan", yuan(b.economicProfitAtHigh()));
      t.put("swingYuan", yuan(b.swingYuan()));
    }
    ArrayNode curve = root.putArray("rateCurve");
    for (RatePoint p : a.rateCurve()) {
      ObjectNode c = curve.addObject();
      c.put("clientRateAnnual", fraction(p.clientRateAnnual()));
      c.put("economicProfitWithoutChainYuan", yuan(p.economicProfitWithoutChain()));
      c.put("economicProfitWithChainYuan", yuan(p.economicProfitWithChain()));
    }
    report
        .calibration()
        .ifPresent(
            c -> {
              RiskEstimate e = c.estimate();
              ObjectNode o = root.putObject("calibration");
              o.put("source", e.source());
              o.put("population", e.population());
              o.put("appliedTo", c.side().name().toLowerCase(Locale.ROOT).replace('_', '-'));
              o.put("loans", e.loans());
              o.put("defaults", e.defaults());
              o.put("exposureYears", e.exposureYears().setScale(4, RoundingMode.HALF_UP));
              o.put("pdAnnual", fraction(e.pdAnnual()));
              o.put("pdLowAnnual", fraction(e.pdInterval().low()));
              o.put("pdHighAnnual", fraction(e.pdInterval().high()));
              o.put("pdMethod", e.pdMethod());
              e.lgd().ifPresent(l -> o.put("lgd", fraction(l)));
              e.lgdInterval()
                  .ifPresent(
                      i -> {
                        o.put("lgdLow", fraction(i.low()));
                        o.put("lgdHigh", fraction(i.high()));
                      });
              o.put("lgdMethod", e.lgdMethod());
              o.put("tooSmallToTrust", e.isTooSmall());
              ArrayNode warnings = o.putArray("warnings");
              e.warnings().forEach(warnings::add);
              Economics prudent =
                  c.side() == Calibration.Side.WITH_CHAIN
                      ? c.atUpperPd().withChain()
                      : c.atUpperPd().withoutChain();
              o.put("economicProfitAtUpperPdYuan", yuan(prudent.economicProfit()));
            });
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static void economics(ObjectNode o, Economics e) {
    o.put("clientRateAnnual", fraction(e.clientRateAnnual()));
    o.put("pdOverTerm", fraction(e.pdOverTerm()));
    o.put("netInterestIncomeYuan", yuan(e.netInterestIncome()));
    o.put("expectedLossYuan", yuan(e.expectedLoss()));
    o.put("operatingCostYuan", yuan(e.operatingCost()));
    o.put("platformFeeYuan", yuan(e.platformFeeYuan()));
    o.put("riskWeight", fraction(e.riskWeight()));
    o.put("capitalPerUnit", fraction(e.capitalPerUnit()));
    o.put("capitalChargeYuan", yuan(e.capitalCharge()));
    o.put("economicProfitYuan", yuan(e.economicProfit()));
    e.raroc().ifPresent(r -> o.put("raroc", fraction(r)));
    o.put("breakEvenRateAnnual", fraction(e.breakEvenRate()));
    o.put("viable", e.isViable());
    e.lossShareToBreakEven().ifPresent(k -> o.put("lossShareToBreakEven", fraction(k)));
    o.put("subsidyYuan", yuan(e.subsidyYuan()));
    o.put("subsidyRateAnnual", fraction(e.subsidyRate()));
    o.put("breakEvenPlatformFeeRateAnnual", fraction(e.breakEvenPlatformFeeRate()));
  }

  private static BigDecimal yuan(BigDecimal v) {
    return v.setScale(2, RoundingMode.HALF_UP);
  }

  private static BigDecimal fraction(BigDecimal v) {
    return v.setScale(FRACTION_SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
  }
}
