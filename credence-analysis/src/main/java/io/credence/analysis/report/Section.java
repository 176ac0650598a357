package io.credence.analysis.report;

import io.credence.analysis.calibration.Calibration;
import io.credence.analysis.calibration.RiskEstimate;
import io.credence.analysis.economics.Economics;
import io.credence.analysis.economics.LendingTerms;
import io.credence.analysis.economics.Loan;
import io.credence.analysis.scenario.Analysis;
import io.credence.analysis.scenario.Parameter;
import io.credence.analysis.scenario.RatePoint;
import io.credence.analysis.scenario.Stakeholder;
import io.credence.analysis.scenario.TornadoBar;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** One titled part of a report: an introduction, a table and notes; text and HTML render it. */
record Section(String title, String intro, Table table, List<String> notes) {

  /** Every table section of the report, in reading order (the verdict comes before them). */
  static List<Section> of(Report report) {
    Analysis a = report.analysis();
    List<Section> sections = new ArrayList<>();
    sections.add(economics(a));
    sections.add(stakeholders(a));
    sections.add(tornado(a));
    sections.add(rateCurve(a));
    report.calibration().ifPresent(c -> sections.add(calibration(c)));
    return sections;
  }

  private static Section economics(Analysis a) {
    Loan loan = a.scenario().loan();
    Economics w = a.withoutChain();
    Economics c = a.withChain();
    LendingTerms tw = a.scenario().withoutChain();
    LendingTerms tc = a.scenario().withChain();
    Table t = new Table("", "Without chain", "With chain");
    t.row("Bank lends", a.lendsWithoutChain() ? "yes" : "no", "yes");
    t.row("Client rate", Formats.rate(w.clientRateAnnual()), Formats.rate(c.clientRateAnnual()));
    t.row("PD, annual", Formats.percent(tw.pdAnnual(), 2), Formats.percent(tc.pdAnnual(), 2));
    t.row(
        "PD over the term", Formats.percent(w.pdOverTerm(), 3), Formats.percent(c.pdOverTerm(), 3));
    t.row("LGD", Formats.percent(tw.lgd(), 2), Formats.percent(tc.lgd(), 2));
    t.row(
        "Loss share borne by a third party",
        Formats.percent(tw.lossShare(), 2),
        Formats.percent(tc.lossShare(), 2));
    t.row(
        "Net interest income (yuan)",
        Formats.yuan(w.netInterestIncome()),
        Formats.yuan(c.netInterestIncome()));
    t.row("Expected loss (yuan)", Formats.yuan(w.expectedLoss()), Formats.yuan(c.expectedLoss()));
    t.row(
        "Operating cost incl. platform fee (yuan)",
        Formats.yuan(w.operatingCost()),
        Formats.yuan(c.operatingCost()));
    t.row("Risk weight", Formats.percent(w.riskWeight(), 2), Formats.percent(c.riskWeight(), 2));
    t.row(
        "Capital per yuan lent (K)",
        Formats.percent(w.capitalPerUnit(), 3),
        Formats.percent(c.capitalPerUnit(), 3));
    t.row(
        "Capital charge (yuan)", Formats.yuan(w.capitalCharge()), Formats.yuan(c.capitalCharge()));
    t.row(
        "Economic profit (yuan)",
        Formats.yuan(w.economicProfit()),
        Formats.yuan(c.economicProfit()));
    t.row(
        "RAROC",
        w.raroc().map(Formats::rate).orElse("n/a"),
        c.raroc().map(Formats::rate).orElse("n/a"));
    t.row(
        "Break-even rate",
        Formats.percent(w.breakEvenRate(), 3),
        Formats.percent(c.breakEvenRate(), 3));
    t.row("Viable at the client rate", w.isViable() ? "yes" : "no", c.isViable() ? "yes" : "no");
    a.scenario()
        .rateCapAnnual()
        .ifPresent(
            cap ->
                t.row(
                    "Viable at the " + Formats.rate(cap) + " cap",
                    w.isViableAt(cap) ? "yes" : "no",
                    c.isViableAt(cap) ? "yes" : "no"));
    t.row("Loss share a fund must bear to break even", lossShare(w), lossShare(c));
    t.row(
        "Subsidy to break even (yuan)",
        Formats.yuan(w.subsidyYuan()),
        Formats.yuan(c.subsidyYuan()));
    t.row(
        "Subsidy as interest (percentage points)",
        Formats.points(w.subsidyRate()),
        Formats.points(c.subsidyRate()));
    t.row(
        "Highest platform fee rate that breaks even",
        Formats.percent(w.breakEvenPlatformFeeRate(), 3),
        Formats.percent(c.breakEvenPlatformFeeRate(), 3));
    String intro =
        "Per loan of "
            + Formats.yuan(loan.amountYuan())
            + " yuan over "
            + Formats.plain(loan.termYears())
            + (loan.termYears().compareTo(BigDecimal.ONE) == 0 ? " year" : " years")
            + "; cost of funds "
            + Formats.rate(loan.costOfFundsAnnual())
            + ", hurdle rate on capital "
            + Formats.rate(loan.hurdleRateAnnual())
            + a.scenario().rateCapAnnual().map(r -> ", rate cap " + Formats.rate(r)).orElse("")
            + ".";
    List<String> notes = new ArrayList<>();
    notes.add(
        "Capital: "
            + tw.capital().describe()
            + " without the chain; "
            + tc.capital().describe()
            + " with it; capital ratio "
            + Formats.percent(tw.capital().capitalRatio(), 2)
            + (tw.capital().capitalRatio().compareTo(tc.capital().capitalRatio()) == 0
                ? ""
                : " and " + Formats.percent(tc.capital().capitalRatio(), 2))
            + ".");
    notes.add(
        "Economic profit = net interest income - expected loss - operating cost - capital charge;"
            + " viable when the break-even rate is at or below the client rate.");
    if (!a.lendsWithoutChain()) {
      notes.add(
          "Without the chain the bank does not lend ("
              + switch (a.scenario().bankLendsWithoutChain()) {
                case NO -> "the scenario says so";
                default -> "it would not break even at " + Formats.rate(w.clientRateAnnual());
              }
              + "): its economic profit without the chain counts as zero.");
    }
    return new Section("Lender economics per loan", intro, t, notes);
  }

  private static String lossShare(Economics e) {
    Optional<BigDecimal> k = e.lossShareToBreakEven();
    if (k.isEmpty()) {
      return "n/a (no expected loss)";
    }
    if (k.get().signum() <= 0) {
      return "none needed";
    }
    if (k.get().compareTo(BigDecimal.ONE) > 0) {
      return "over 100%: not enough";
    }
    return Formats.percent(k.get(), 2);
  }

  private static Section stakeholders(Analysis a) {
    Table t = new Table("Party", "Gain per loan (yuan)", "How it is counted");
    for (Stakeholder s : a.stakeholders()) {
      t.row(s.party(), Formats.signedYuan(s.gainYuan()), s.basis());
    }
    String flag =
        a.incentiveCompatible()
            ? "Incentive-compatible: yes. No party loses and the bank earns its hurdle rate."
            : "Incentive-compatible: no. A scenario is a win for all only if no party loses and the"
                + " bank's economic profit with the chain is not negative.";
    return new Section(
        "Stakeholders: who gains from lending on the chain",
        "Each party's gain per loan against lending without the chain.",
        t,
        List.of(flag));
  }

  private static Section tornado(Analysis a) {
    Table t =
        new Table(
            "Parameter", "Low", "High", "EP at low (yuan)", "EP at high (yuan)", "Swing (yuan)");
    for (TornadoBar b : a.tornado()) {
      t.row(
          b.parameter().label(),
          value(b.parameter(), b.low()),
          value(b.parameter(), b.high()),
          Formats.yuan(b.economicProfitAtLow()),
          Formats.yuan(b.economicProfitAtHigh()),
          Formats.yuan(b.swingYuan()));
    }
    return new Section(
        "Sensitivity: economic profit with the chain",
        "Each parameter moved over its range, the others held; base economic profit "
            + Formats.yuan(a.withChain().economicProfit())
            + " yuan. Widest swing first.",
        t,
        List.of(
            "Default ranges: PD, fixed cost, servicing, platform fee and loss share x0.5 to x1.5;"
                + " LGD x0.75 to x1.25; cost of funds and client rate +/-1 percentage point (client"
                + " rate at most the cap); hurdle rate x0.5 to x1.5. A scenario file may set its own"
                + " under sensitivity:."));
  }

  private static Section rateCurve(Analysis a) {
    Table t = new Table("Client rate", "EP without chain (yuan)", "EP with chain (yuan)");
    List<RatePoint> points = a.rateCurve();
    int step = Math.max(1, (points.size() - 1) / 12);
    for (int i = 0; i < points.size(); i += step) {
      RatePoint p = points.get(i);
      t.row(
          Formats.percent(p.clientRateAnnual(), 3),
          Formats.yuan(p.economicProfitWithoutChain()),
          Formats.yuan(p.economicProfitWithChain()));
    }
    List<String> notes = new ArrayList<>();
    notes.add(
        "Break-even: "
            + Formats.percent(a.withoutChain().breakEvenRate(), 3)
            + " without the chain, "
            + Formats.percent(a.withChain().breakEvenRate(), 3)
            + " with it"
            + a.scenario().rateCapAnnual().map(r -> "; rate cap " + Formats.rate(r)).orElse("")
            + ".");
    return new Section(
        "Economic profit against the client rate", "Every other rate is in the chart.", t, notes);
  }

  private static Section calibration(Report.Calibrated c) {
    RiskEstimate e = c.estimate();
    Table t = new Table("", "Estimate", "95% interval", "Method");
    t.row(
        "PD, annual",
        Formats.percent(e.pdAnnual(), 3),
        Formats.percent(e.pdInterval().low(), 3)
            + " to "
            + Formats.percent(e.pdInterval().high(), 3),
        e.pdMethod());
    t.row(
        "LGD",
        e.lgd().map(l -> Formats.percent(l, 2)).orElse("not estimable"),
        e.lgdInterval()
            .map(i -> Formats.percent(i.low(), 2) + " to " + Formats.percent(i.high(), 2))
            .orElse("n/a"),
        e.lgdMethod());
    List<String> notes = new ArrayList<>();
    notes.add(
        "Sample: "
            + String.format(Locale.ROOT, "%,d", e.loans())
            + " loans, "
            + String.format(Locale.ROOT, "%,d", e.defaults())
            + " defaults, "
            + e.exposureYears().setScale(2, RoundingMode.HALF_UP).toPlainString()
            + " loan-years. Default: outcome defaulted, or overdue 90 days or more.");
    notes.add(
        "Applied to the "
            + (c.side() == Calibration.Side.WITH_CHAIN ? "with-chain" : "without-chain")
            + " terms. At the upper end of the PD interval ("
            + Formats.percent(e.pdInterval().high(), 3)
            + ") economic profit "
            + (c.side() == Calibration.Side.WITH_CHAIN ? "with" : "without")
            + " the chain would be "
            + Formats.yuan(
                c.side() == Calibration.Side.WITH_CHAIN
                    ? c.atUpperPd().withChain().economicProfit()
                    : c.atUpperPd().withoutChain().economicProfit())
            + " yuan.");
    for (String w : e.warnings()) {
      notes.add("Warning: " + w + ".");
    }
    return new Section(
        "Calibration from observed outcomes",
        "PD and LGD of " + e.population() + " in " + e.source() + ".",
        t,
        notes);
  }

  static String value(Parameter p, BigDecimal v) {
    return p.unit() == Parameter.Unit.YUAN ? Formats.yuan(v) : Formats.percent(v, 3);
  }
}
