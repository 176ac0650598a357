package io.credence.analysis.report;

import io.credence.analysis.economics.Decimals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** How numbers are shown to people: yuan with thousands separators, rates as percent. */
public final class Formats {
  private Formats() {}

  /** {@code -9,937.50}: yuan to the fen, half-up. */
  public static String yuan(BigDecimal amount) {
    DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
    f.setRoundingMode(RoundingMode.HALF_UP);
    return f.format(Decimals.yuan(amount));
  }

  /** {@code +1,350.00} or {@code -390.00}: a change in yuan, always signed. */
  public static String signedYuan(BigDecimal amount) {
    String text = yuan(amount);
    return Decimals.yuan(amount).signum() > 0 ? "+" + text : text;
  }

  /** {@code 3.530%}: a fraction shown as percent with {@code places} decimals. */
  public static String percent(BigDecimal fraction, int places) {
    return Decimals.percent(fraction, places).toPlainString() + "%";
  }

  /** A rate as people quote it: two decimals, {@code 4.75%}. */
  public static String rate(BigDecimal fraction) {
    return percent(fraction, 2);
  }

  /** A number as written in the scenario file, without trailing zeros. */
  public static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  /** A rate difference in percentage points: {@code 2.96}. */
  public static String points(BigDecimal fraction) {
    return Decimals.percent(fraction, 2).toPlainString();
  }

  /** "per loan-year" for a one-year loan, "per loan" otherwise. */
  public static String perLoan(BigDecimal termYears) {
    return termYears.compareTo(BigDecimal.ONE) == 0 ? "per loan-year" : "per loan";
  }
}
