package io.credence.analysis.report;

import io.credence.analysis.economics.Economics;
import io.credence.analysis.scenario.Analysis;
import io.credence.analysis.scenario.Stakeholder;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The plain-language answer that opens every report: is lending on the chain viable, what does the
 * chain change, and does every party gain. Written for people who are not specialists: no symbols,
 * amounts in yuan, rates in percent.
 */
public final class Verdict {
  private Verdict() {}

  /** The verdict, in a few sentences. */
  public static String of(Analysis a) {
    Economics with = a.withChain();
    Economics without = a.withoutChain();
    String per = Formats.perLoan(a.scenario().loan().termYears());
    Optional<BigDecimal> cap = a.scenario().rateCapAnnual();
    StringBuilder s = new StringBuilder();
    if (a.isViableWithChain()) {
      s.append("Lending on the chain is viable: at ")
          .append(Formats.rate(with.clientRateAnnual()))
          .append(" the bank earns ")
          .append(Formats.yuan(with.economicProfit()))
          .append(" yuan of economic profit ")
          .append(per);
      with.raroc()
          .ifPresent(
              r ->
                  s.append(" (return on risk capital ")
                      .append(Formats.rate(r))
                      .append(" against a ")
                      .append(Formats.rate(a.scenario().loan().hurdleRateAnnual()))
                      .append(" hurdle)"));
      int move = with.breakEvenRate().compareTo(without.breakEvenRate());
      if (move == 0) {
        s.append(", and its break-even rate stays at ")
            .append(Formats.rate(with.breakEvenRate()))
            .append(". ");
      } else {
        s.append(", and its break-even rate ")
            .append(move < 0 ? "falls" : "rises")
            .append(" from ")
            .append(Formats.rate(without.breakEvenRate()))
            .append(" without the chain to ")
            .append(Formats.rate(with.breakEvenRate()))
            .append(". ");
      }
      if (!a.lendsWithoutChain()) {
        s.append("Without the chain the bank would not lend at ")
            .append(Formats.rate(without.clientRateAnnual()))
            .append(": each loan would ")
            .append(profitWords(without.economicProfit()))
            .append(". ");
      }
    } else {
      BigDecimal change = a.withChain().economicProfit().subtract(a.bankProfitWithoutChain());
      // "At the cap" only when even the cap does not pay; otherwise the client rate is too low.
      String where =
          cap.filter(c -> !with.isViableAt(c))
              .map(c -> "at the " + Formats.rate(c) + " cap")
              .orElse("at " + Formats.rate(with.clientRateAnnual()));
      if (a.lendsWithoutChain() && change.signum() > 0) {
        s.append("The chain saves ")
            .append(Formats.yuan(change))
            .append(" yuan ")
            .append(per)
            .append(", but the loan stays unviable ")
            .append(where);
      } else if (a.lendsWithoutChain() && change.signum() < 0) {
        s.append("The chain costs the bank ")
            .append(Formats.yuan(change.negate()))
            .append(" yuan more ")
            .append(per)
            .append(", and the loan stays unviable ")
            .append(where);
      } else {
        s.append("Lending stays unviable with the chain ").append(where);
      }
      s.append(": its break-even rate with the chain is ")
          .append(Formats.rate(with.breakEvenRate()))
          .append(", and at ")
          .append(Formats.rate(with.clientRateAnnual()))
          .append(" it would ")
          .append(profitWords(with.economicProfit()))
          .append(" ")
          .append(per)
          .append(". ");
      cap.filter(with::isViableAt)
          .ifPresent(
              c ->
                  s.append("It would pay at any rate from ")
                      .append(Formats.rate(with.breakEvenRate()))
                      .append(" up to the ")
                      .append(Formats.rate(c))
                      .append(" cap. "));
      Optional<BigDecimal> share = with.lossShareToBreakEven();
      String subsidy =
          "a subsidy of "
              + Formats.yuan(with.subsidyYuan())
              + " yuan "
              + per
              + " ("
              + Formats.points(with.subsidyRate())
              + " percentage points of interest)";
      if (share.isPresent() && share.get().compareTo(BigDecimal.ONE) <= 0) {
        s.append("To break even, a risk fund would need to absorb ")
            .append(Formats.percent(share.get(), 0))
            .append(" of losses, or the loan would need ")
            .append(subsidy)
            .append(". ");
      } else {
        s.append(
                share.isPresent()
                    ? "Even a fund bearing every loss would not make it break even; it would need "
                    : "It would need ")
            .append(subsidy)
            .append(". ");
      }
    }
    s.append(capitalised(stakeholderSentence(a)));
    return s.toString().strip();
  }

  private static String stakeholderSentence(Analysis a) {
    StringBuilder s = new StringBuilder();
    String per = Formats.perLoan(a.scenario().loan().termYears());
    List<Stakeholder> losers = a.stakeholders().stream().filter(Stakeholder::isLosing).toList();
    Stakeholder borrower = a.stakeholders().get(0);
    if (borrower.gainYuan().signum() > 0) {
      s.append("the ")
          .append(a.scenario().borrower())
          .append(" saves ")
          .append(Formats.yuan(borrower.gainYuan()))
          .append(" yuan")
          .append(
              a.lendsWithoutChain()
                  ? ""
                  : a.scenario()
                      .borrowerAlternativeRateAnnual()
                      .map(r -> " against its " + Formats.rate(r) + " alternative")
                      .orElse(""))
          .append("; ");
    }
    if (a.incentiveCompatible()) {
      s.append("no party loses: the scenario is a win for all.");
    } else if (losers.isEmpty()) {
      s.append("no party loses against lending without the chain, but the bank still loses money")
          .append(" on every loan, so the scenario cannot sustain itself.");
    } else {
      s.append("not a win for all: ");
      for (int i = 0; i < losers.size(); i++) {
        Stakeholder l = losers.get(i);
        s.append(i == 0 ? "" : ", ")
            .append(l.party().toLowerCase(Locale.ROOT))
            .append(" loses ")
            .append(Formats.yuan(l.gainYuan().negate()))
            .append(" yuan");
      }
      s.append(" ").append(per).append(".");
    }
    return s.toString();
  }

  private static String capitalised(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private static String profitWords(BigDecimal profit) {
    return profit.signum() < 0
        ? "lose " + Formats.yuan(profit.negate()) + " yuan"
        : "earn " + Formats.yuan(profit) + " yuan";
  }
}
