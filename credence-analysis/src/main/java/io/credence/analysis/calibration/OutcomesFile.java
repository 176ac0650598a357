package io.credence.analysis.calibration;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.credence.analysis.scenario.Problem;
import io.credence.analysis.scenario.ScenarioException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A file of observed outcomes, one row per financed receivable or loan, as CSV with a header line
 * or as JSON (a list of objects, or {@code {"outcomes": [...]}}). Columns: {@code id}, {@code
 * segment} (optional), {@code obligor}, {@code amountYuan}, {@code termDays}, {@code outcome}
 * (settled, overdue or defaulted), {@code daysPastDue} (optional, 0), {@code recoveredYuan}
 * (optional, 0). Every problem is reported with its row and column.
 */
public final class OutcomesFile implements OutcomeSource {
  /** The largest outcomes file accepted. */
  public static final int BYTES_MAX = 64 * 1024 * 1024;

  /** The most rows accepted. */
  public static final int ROWS_MAX = 1_000_000;

  /** The longest term accepted, ten years. */
  public static final int TERM_DAYS_MAX = 3650;

  /** Problems reported before giving up on a file. */
  static final int PROBLEMS_MAX = 50;

  static final BigDecimal AMOUNT_YUAN_MAX = new BigDecimal("1000000000000");

  private static final List<String> COLUMNS =
      List.of(
          "id",
          "segment",
          "obligor",
          "amountYuan",
          "termDays",
          "outcome",
          "daysPastDue",
          "recoveredYuan");

  private final String text;
  private final String description;

  /** Outcomes in {@code text}; {@code description} names the file in messages. */
  public OutcomesFile(String text, String description) {
    this.text = text;
    this.description = description;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public List<Outcome> outcomes() throws ScenarioException {
    // Every character is at least one byte: only a text near the limit needs counting in UTF-8.
    long bytes =
        text.length() > BYTES_MAX / 4
            ? text.getBytes(StandardCharsets.UTF_8).length
            : text.length();
    if (bytes > BYTES_MAX) {
      throw new ScenarioException(
          new Problem(
              description,
              "an outcomes file of at most " + BYTES_MAX + " bytes",
              bytes + " bytes"));
    }
    List<Map<String, String>> rows =
        text.stripLeading().startsWith("[") || text.stripLeading().startsWith("{") ? json() : csv();
    List<Problem> problems = new ArrayList<>();
    List<Outcome> outcomes = new ArrayList<>(rows.size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < rows.size() && problems.size() < PROBLEMS_MAX; i++) {
      Row row = new Row(rows.get(i), i + 1, problems);
      Outcome outcome = row.outcome();
      String id = row.raw("id");
      if (!id.isEmpty() && !ids.add(id)) {
        problems.add(new Problem(row.at("id"), "an id used once", "\"" + id + "\" again"));
      }
      if (outcome != null) {
        outcomes.add(outcome);
      }
    }
    if (!problems.isEmpty()) {
      throw new ScenarioException(problems);
    }
    return outcomes;
  }

  private List<Map<String, String>> csv() throws ScenarioException {
    CsvMapper mapper = new CsvMapper();
    CsvSchema schema = CsvSchema.emptySchema().withHeader().withColumnReordering(true);
    List<Map<String, String>> rows = new ArrayList<>();
    try (MappingIterator<Map<String, String>> it =
        mapper.readerForMapOf(String.class).with(schema).readValues(text)) {
      while (it.hasNext()) {
        if (rows.size() == ROWS_MAX) {
          throw tooMany();
        }
        rows.add(it.next());
      }
    } catch (JacksonException e) {
      throw new ScenarioException(
          new Problem(
              description, "CSV with a header line of " + String.join(",", COLUMNS), firstLine(e)));
    } catch (IOException e) {
      throw new IllegalStateException("reading from a string cannot fail", e);
    }
    if (!rows.isEmpty()) {
      rejectUnknownColumns(rows.get(0).keySet());
    }
    return rows;
  }

  private List<Map<String, String>> json() throws ScenarioException {
    ObjectMapper mapper =
        new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    JsonNode root;
    try {
      root = mapper.readTree(text);
    } catch (JacksonException e) {
      throw new ScenarioException(new Problem(description, "well-formed JSON", firstLine(e)));
    }
    JsonNode list = root.isObject() ? root.get("outcomes") : root;
    if (list == null || !list.isArray()) {
      throw new ScenarioException(
          new Problem(
              description, "a JSON list of outcomes, or {\"outcomes\": [...]}", "something else"));
    }
    if (list.size() > ROWS_MAX) {
      throw tooMany();
    }
    List<Map<String, String>> rows = new ArrayList<>();
    Set<String> columns = new HashSet<>();
    for (JsonNode node : list) {
      Map<String, String> row = new LinkedHashMap<>();
      if (node.isObject()) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          JsonNode v = e.getValue();
          row.put(
              e.getKey(),
              v.isNull() ? "" : v.isNumber() ? v.decimalValue().toPlainString() : v.asText());
          columns.add(e.getKey());
        }
      } else {
        row.put("", node.toString());
      }
      rows.add(row);
    }
    columns.remove("");
    rejectUnknownColumns(columns);
    return rows;
  }

  private void rejectUnknownColumns(Set<String> columns) throws ScenarioException {
    List<Problem> problems = new ArrayList<>();
    for (String c : columns) {
      if (!COLUMNS.contains(c)) {
        problems.add(
            new Problem(
                description + ", column " + c,
                "one of the columns " + String.join(", ", COLUMNS),
                "an unknown column"));
      }
    }
    if (!problems.isEmpty()) {
      throw new ScenarioException(problems);
    }
  }

  private ScenarioException tooMany() {
    return new ScenarioException(new Problem(description, "at most " + ROWS_MAX + " rows", "more"));
  }

  private static String firstLine(JacksonException e) {
    String message = e.getOriginalMessage();
    String line = message == null ? "" : message.lines().findFirst().orElse("");
    return line + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr());
  }

  /** One row being validated; problems go to the shared list. */
  private final class Row {
    private final Map<String, String> values;
    private final int number;
    private final List<Problem> problems;
    private final int problemsBefore;

    Row(Map<String, String> values, int number, List<Problem> problems) {
      this.values = values;
      this.number = number;
      this.problems = problems;
      this.problemsBefore = problems.size();
    }

    String at(String column) {
      return description + ", row " + number + ", " + column;
    }

    Outcome outcome() {
      if (values.containsKey("")) {
        problems.add(new Problem(at("whole row"), "an object of columns", values.get("")));
        return null;
      }
      String id = text("id", true);
      String segment = text("segment", false);
      String obligor = text("obligor", true);
      BigDecimal amount =
          decimal(
              "amountYuan",
              true,
              "an amount in yuan above 0, at most " + AMOUNT_YUAN_MAX.toPlainString());
      if (amount != null && (amount.signum() <= 0 || amount.compareTo(AMOUNT_YUAN_MAX) > 0)) {
        problems.add(
            new Problem(
                at("amountYuan"),
                "an amount in yuan above 0, at most " + AMOUNT_YUAN_MAX.toPlainString(),
                amount.toPlainString()));
        amount = null;
      }
      int term =
          whole(
              "termDays",
              true,
              1,
              TERM_DAYS_MAX,
              "a term in whole days from 1 to " + TERM_DAYS_MAX);
      Outcome.Status status = status();
      int daysPastDue = whole("daysPastDue", false, 0, 100_000, "whole days from 0 to 100000");
      BigDecimal recovered =
          decimal("recoveredYuan", false, "an amount in yuan from 0 to the row's amountYuan");
      if (recovered == null) {
        recovered = BigDecimal.ZERO;
      }
      if (amount != null && (recovered.signum() < 0 || recovered.compareTo(amount) > 0)) {
        problems.add(
            new Problem(
                at("recoveredYuan"),
                "an amount in yuan from 0 to the row's amountYuan " + amount.toPlainString(),
                recovered.toPlainString()));
      }
      if (status == Outcome.Status.OVERDUE
          && daysPastDue == 0
          && problems.size() == problemsBefore) {
        problems.add(new Problem(at("daysPastDue"), "at least 1 for an overdue outcome", "0"));
      }
      if (problems.size() > problemsBefore) {
        return null;
      }
      return new Outcome(id, segment, obligor, amount, term, status, daysPastDue, recovered);
    }

    private String raw(String column) {
      String v = values.get(column);
      return v == null ? "" : v.strip();
    }

    private String text(String column, boolean required) {
      String v = raw(column);
      if (v.isEmpty() && required) {
        problems.add(new Problem(at(column), "a text", "nothing"));
      } else if (v.length() > 200) {
        problems.add(new Problem(at(column), "at most 200 characters", v.length() + " characters"));
      }
      return v;
    }

    private BigDecimal decimal(String column, boolean required, String expected) {
      String v = raw(column);
      if (v.isEmpty()) {
        if (required) {
          problems.add(new Problem(at(column), expected, "nothing"));
        }
        return null;
      }
      try {
        return new BigDecimal(v);
      } catch (NumberFormatException e) {
        problems.add(new Problem(at(column), "a number: " + expected, "\"" + v + "\""));
        return null;
      }
    }

    private int whole(String column, boolean required, int min, int max, String expected) {
      String v = raw(column);
      if (v.isEmpty()) {
        if (required) {
          problems.add(new Problem(at(column), expected, "nothing"));
        }
        return min;
      }
      try {
        int n = new BigDecimal(v).intValueExact();
        if (n < min || n > max) {
          problems.add(new Problem(at(column), expected, v));
        }
        return n;
      } catch (NumberFormatException | ArithmeticException e) {
        problems.add(new Problem(at(column), expected, "\"" + v + "\""));
        return min;
      }
    }

    private Outcome.Status status() {
      String v = raw("outcome").toLowerCase(Locale.ROOT);
      switch (v) {
        case "settled":
          return Outcome.Status.SETTLED;
        case "overdue":
          return Outcome.Status.OVERDUE;
        case "defaulted":
          return Outcome.Status.DEFAULTED;
        default:
          problems.add(
              new Problem(
                  at("outcome"),
                  "settled, overdue or defaulted",
                  v.isEmpty() ? "nothing" : "\"" + raw("outcome") + "\""));
          return Outcome.Status.SETTLED;
      }
    }
  }
}
