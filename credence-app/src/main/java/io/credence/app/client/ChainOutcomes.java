package io.credence.app.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.credence.analysis.calibration.Outcome;
import io.credence.analysis.calibration.OutcomeSource;
import io.credence.analysis.scenario.Problem;
import io.credence.analysis.scenario.ScenarioException;
import io.credence.core.Amount;
import io.credence.core.CalendarDate;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Observed outcomes read from a chain's own certificate history over its HTTP API: one outcome per
 * confirmed receivable certificate (the obligor's promise, all its pieces together) that is settled
 * or past due on the chain's present day. Settled in full: SETTLED, as late as its latest piece.
 * Any piece written off, or unpaid {@value Outcome#DEFAULT_DAYS_PAST_DUE} days past maturity:
 * DEFAULTED; unpaid and past due for less: OVERDUE. What the obligor paid counts as recovered; a
 * bank's recourse to the seller does not (it is the seller's money, not the obligor's). Not yet due
 * and unpaid: no outcome yet.
 */
public final class ChainOutcomes implements OutcomeSource {
  /** The most certificate events read from one chain: beyond it the estimate says it is cut. */
  public static final int EVENTS_MAX = 1_000_000;

  private static final int PAGE = 1_000;

  private final ApiClient client;
  private final String url;
  private String description;

  public ChainOutcomes(String url) {
    this.url = url;
    this.client = new ApiClient(url);
    this.description = "the chain at " + url;
  }

  @Override
  public String description() {
    return description;
  }

  /**
   * {@code obligor}'s repayment record as the chain keeps it ({@code finance.repayment}), in one
   * line: what a bank reads before it finances this obligor's certificates, shown beside the
   * estimate.
   */
  public String repaymentRecord(String obligor) throws ScenarioException {
    JsonNode r;
    try {
      r =
          client
              .get(
                  "/v1/query/finance/repayment?obligor="
                      + URLEncoder.encode(obligor, StandardCharsets.UTF_8))
              .path("answer");
    } catch (IOException | ApiClient.ApiException e) {
      throw new ScenarioException(
          new Problem(
              "--obligor",
              "an obligor whose repayment record the chain answers",
              url + ": " + e.getMessage()));
    }
    return repaymentLine(obligor, r);
  }

  /** A repayment record ({@code finance.repayment}'s answer) in one line. */
  public static String repaymentLine(String obligor, JsonNode r) {
    long bp = r.path("onTimeBasisPoints").asLong();
    return String.format(
        java.util.Locale.ROOT,
        "%s's repayment record on the chain: %d piece(s) paid, %s yuan, %d.%02d%% of it on time;"
            + " at most %d day(s) late; %d default(s) (%d recourse, %d written off)",
        obligor,
        r.path("settled").asLong(),
        new java.text.DecimalFormat(
                "#,##0.00", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT))
            .format(new BigDecimal(r.path("settledFace").asText("0"))),
        bp / 100,
        bp % 100,
        r.path("daysLateMax").asLong(),
        r.path("defaults").asLong(),
        r.path("recoursed").asLong(),
        r.path("writtenOff").asLong());
  }

  /** A confirmed root and what became of its pieces. */
  record Root(
      String id,
      String obligor,
      Amount face,
      CalendarDate issued,
      CalendarDate maturity,
      Amount paid,
      long daysLate,
      Amount writtenOff,
      long writtenOffDaysLate) {
    Root paid(Amount amount, long late) {
      return new Root(
          id,
          obligor,
          face,
          issued,
          maturity,
          paid.plus(amount),
          Math.max(daysLate, late),
          writtenOff,
          writtenOffDaysLate);
    }

    Root writtenOff(Amount amount, long late) {
      return new Root(
          id,
          obligor,
          face,
          issued,
          maturity,
          paid,
          daysLate,
          writtenOff.plus(amount),
          Math.max(writtenOffDaysLate, late));
    }
  }

  @Override
  public List<Outcome> outcomes() throws ScenarioException {
    try {
      JsonNode status = client.get("/v1/status");
      CalendarDate today = CalendarDate.ofEpochMillis(status.get("headTimestampMillis").asLong());
      long height = status.get("height").asLong();
      int[] read = {0};
      Map<String, Root> roots = new LinkedHashMap<>();
      for (JsonNode e : events("CertificateConfirmed", read)) {
        JsonNode a = e.get("attributes");
        String id = a.path("certificate").asText();
        roots.put(
            id,
            new Root(
                id,
                a.path("obligor").asText(),
                Amount.parse("face", a.path("face").asText()),
                CalendarDate.parse("issued", a.path("issued").asText()),
                CalendarDate.parse("maturity", a.path("maturity").asText()),
                Amount.ZERO,
                0,
                Amount.ZERO,
                0));
      }
      for (JsonNode e : events("CertificatePaid", read)) {
        JsonNode a = e.get("attributes");
        roots.computeIfPresent(
            a.path("root").asText(),
            (k, r) ->
                r.paid(
                    Amount.parse("amount", a.path("amount").asText()),
                    a.path("daysLate").asLong()));
      }
      for (JsonNode e : events("CertificateWrittenOff", read)) {
        JsonNode a = e.get("attributes");
        roots.computeIfPresent(
            a.path("root").asText(),
            (k, r) ->
                r.writtenOff(
                    Amount.parse("face", a.path("face").asText()), a.path("daysLate").asLong()));
      }
      description =
          "the chain at "
              + url
              + " (height "
              + Long.toUnsignedString(height)
              + ", "
              + today
              + ", "
              + roots.size()
              + " confirmed certificates"
              + (read[0] >= EVENTS_MAX ? ", cut at " + EVENTS_MAX + " events" : "")
              + ")";
      return outcomes(roots.values(), today);
    } catch (IOException | ApiClient.ApiException e) {
      throw new ScenarioException(
          List.of(
              new Problem(
                  "--from-chain", "a reachable Credence node", url + ": " + e.getMessage())));
    }
  }

  /** The outcomes of {@code roots} on {@code today}; roots neither settled nor due are left out. */
  static List<Outcome> outcomes(Iterable<Root> roots, CalendarDate today) {
    List<Outcome> out = new ArrayList<>();
    for (Root r : roots) {
      long pastDue = today.isAfter(r.maturity()) ? r.maturity().daysUntil(today) : 0;
      Outcome.Status status;
      long days;
      Amount recovered = r.paid();
      if (r.paid().compareTo(r.face()) >= 0) {
        status = Outcome.Status.SETTLED;
        days = r.daysLate();
        recovered = r.face();
      } else if (!r.writtenOff().isZero()) {
        status = Outcome.Status.DEFAULTED;
        days = Math.max(pastDue, r.writtenOffDaysLate());
      } else if (pastDue > 0) {
        status =
            pastDue >= Outcome.DEFAULT_DAYS_PAST_DUE
                ? Outcome.Status.DEFAULTED
                : Outcome.Status.OVERDUE;
        days = pastDue;
      } else {
        continue; // not yet due and unpaid: no outcome yet
      }
      out.add(
          new Outcome(
              r.id(),
              "receivable",
              r.obligor(),
              yuan(r.face()),
              (int) r.issued().daysUntil(r.maturity()),
              status,
              (int) days,
              yuan(recovered)));
    }
    return out;
  }

  private static BigDecimal yuan(Amount a) {
    return BigDecimal.valueOf(a.fen(), 2);
  }

  /** Every finance event named {@code name}, in chain order, page by page. */
  private List<JsonNode> events(String name, int[] read)
      throws IOException, ApiClient.ApiException {
    List<JsonNode> out = new ArrayList<>();
    String after = null;
    while (read[0] < EVENTS_MAX) {
      JsonNode page =
          client.get(
              "/v1/events?contract=finance&attribute=event&value="
                  + URLEncoder.encode(name, StandardCharsets.UTF_8)
                  + "&limit="
                  + PAGE
                  + (after == null ? "" : "&after=" + after));
      for (JsonNode e : page.path("events")) {
        out.add(e);
        read[0]++;
      }
      if (!page.has("next")) {
        break;
      }
      after = page.get("next").asText();
    }
    return out;
  }
}
