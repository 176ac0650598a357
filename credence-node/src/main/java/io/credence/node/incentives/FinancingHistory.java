package io.credence.node.incentives;

import io.credence.core.Amount;
import io.credence.core.CalendarDate;
import io.credence.core.Event;
import io.credence.execution.governance.Fees;
import io.credence.ledger.chain.Block;
import io.credence.ledger.chain.Receipt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every receivable financed on the chain, read from the blocks alone, as the incentive statement
 * is: the seller, the bank, the face and the advance (from {@code finance.CertificateFinanced}),
 * and the days from the financing's block to the certificate's maturity (followed from {@code
 * CertificateConfirmed} through every {@code CertificateSplit}, since a piece keeps its root's
 * maturity), and whether the bank later wrote the piece off. What the analyser weighs against the
 * fees to say whether membership pays.
 */
public final class FinancingHistory {
  /**
   * One financing, in the calendar month ({@code period}, UTC) of its block; {@code writtenOff} if
   * the bank later wrote the piece off, unpaid.
   */
  public record Financed(
      String period,
      String certificate,
      String seller,
      String bank,
      long faceFen,
      long advanceFen,
      long days,
      boolean writtenOff) {}

  private final Map<String, CalendarDate> maturity = new HashMap<>();
  private final List<Financed> out = new ArrayList<>();
  private final Map<String, Integer> financedAt = new HashMap<>();

  private FinancingHistory() {}

  /** Every financing of the chain {@code blocks}, in block order. */
  public static List<Financed> of(IncentiveStatement.Blocks blocks) {
    FinancingHistory h = new FinancingHistory();
    for (long height = 1; height <= blocks.head(); height++) {
      Block block = blocks.block(height);
      long millis = block.header().timestampMillis();
      for (Receipt r : blocks.receipts(height)) {
        if (r.isSuccess()) {
          for (Event e : r.events()) {
            h.follow(e, millis);
          }
        }
      }
    }
    return List.copyOf(h.out);
  }

  private void follow(Event e, long millis) {
    if (!e.contract().equals("finance")) {
      return;
    }
    Map<String, String> a = e.attributes();
    switch (e.name()) {
      case "CertificateConfirmed" ->
          maturity.put(a.get("certificate"), CalendarDate.parse("maturity", a.get("maturity")));
      case "CertificateSplit" -> {
        CalendarDate due = maturity.get(a.get("certificate"));
        if (due != null) {
          for (String piece : a.get("pieces").split(",", -1)) {
            maturity.put(piece, due);
          }
        }
      }
      case "CertificateFinanced" -> {
        CalendarDate due = maturity.get(a.get("certificate"));
        CalendarDate on = CalendarDate.ofEpochMillis(millis);
        out.add(
            new Financed(
                Fees.period(millis),
                a.get("certificate"),
                a.get("from"),
                a.get("bank"),
                Amount.parse("face", a.get("face")).fen(),
                Amount.parse("advance", a.get("advance")).fen(),
                due == null ? 0 : Math.max(0, on.daysUntil(due)),
                false));
        financedAt.put(a.get("certificate"), out.size() - 1);
      }
      case "CertificateWrittenOff" -> {
        Integer at = financedAt.get(a.get("certificate"));
        if (at != null && out.get(at).bank().equals(a.get("holder"))) {
          Financed f = out.get(at);
          out.set(
              at,
              new Financed(
                  f.period(),
                  f.certificate(),
                  f.seller(),
                  f.bank(),
                  f.faceFen(),
                  f.advanceFen(),
                  f.days(),
                  true));
        }
      }
      default -> {
        // Nothing the history follows.
      }
    }
  }
}
