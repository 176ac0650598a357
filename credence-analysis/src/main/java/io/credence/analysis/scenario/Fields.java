package io.credence.analysis.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Reads typed fields out of a parsed YAML or JSON tree and collects every problem instead of
 * stopping at the first, so that one run shows the user all that is wrong with the file.
 */
final class Fields {
  /** Longest text field (a name, a description, an obligor). */
  static final int TEXT_LENGTH_MAX = 500;

  private final List<Problem> problems = new ArrayList<>();

  List<Problem> problems() {
    return problems;
  }

  void add(String field, String expected, String found) {
    problems.add(new Problem(field, expected, found));
  }

  /** Reports every key of {@code node} that is not one of {@code known}, suggesting a near name. */
  void rejectUnknown(JsonNode node, String path, List<String> known) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (known.contains(name)) {
        continue;
      }
      String suggestion = nearest(name, known).map(k -> "; did you mean " + k + "?").orElse("");
      add(
          join(path, name),
          "one of the fields " + String.join(", ", known) + suggestion,
          "an unknown field");
    }
  }

  /** A known name sharing a stem of at least three characters with {@code name}. */
  private static Optional<String> nearest(String name, List<String> known) {
    String best = null;
    int bestLength = 2;
    for (String k : known) {
      int common = 0;
      while (common < Math.min(k.length(), name.length())
          && Character.toLowerCase(k.charAt(common))
              == Character.toLowerCase(name.charAt(common))) {
        common++;
      }
      if (common > bestLength) {
        best = k;
        bestLength = common;
      }
    }
    return Optional.ofNullable(best);
  }

  Optional<JsonNode> object(JsonNode parent, String path, String field, boolean required) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        add(join(path, field), "a section (a map of fields)", "nothing: the field is missing");
      }
      return Optional.empty();
    }
    if (!node.isObject()) {
      add(join(path, field), "a section (a map of fields)", describe(node));
      return Optional.empty();
    }
    return Optional.of(node);
  }

  Optional<BigDecimal> number(JsonNode parent, String path, String field, Kind kind) {
    JsonNode node = parent.get(field);
    String name = join(path, field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isNumber()) {
      String hint = "";
      if (node.isTextual() && node.asText().trim().endsWith("%")) {
        hint = " (write 4% as 0.04)";
      }
      add(name, "a number: " + kind.expected + hint, describe(node));
      return Optional.empty();
    }
    BigDecimal value = node.decimalValue();
    if (!kind.allows(value)) {
      add(name, kind.expected + kind.hintFor(value), value.toPlainString());
      return Optional.empty();
    }
    return Optional.of(value);
  }

  /** A number that must be present; a placeholder zero keeps parsing going after a problem. */
  BigDecimal required(JsonNode parent, String path, String field, Kind kind) {
    if (parent.get(field) == null || parent.get(field).isNull()) {
      add(join(path, field), "a number: " + kind.expected, "nothing: the field is missing");
      return BigDecimal.ZERO;
    }
    return number(parent, path, field, kind).orElse(BigDecimal.ZERO);
  }

  Optional<String> text(JsonNode parent, String path, String field, boolean required) {
    JsonNode node = parent.get(field);
    String name = join(path, field);
    if (node == null || node.isNull()) {
      if (required) {
        add(name, "a text", "nothing: the field is missing");
      }
      return Optional.empty();
    }
    if (!node.isTextual() && !node.isNumber()) {
      add(name, "a text", describe(node));
      return Optional.empty();
    }
    String value = node.asText().strip();
    if (value.isEmpty() && required) {
      add(name, "a text that is not empty", "an empty text");
      return Optional.empty();
    }
    if (value.length() > TEXT_LENGTH_MAX) {
      add(
          name,
          "a text of at most " + TEXT_LENGTH_MAX + " characters",
          value.length() + " characters");
      return Optional.empty();
    }
    return Optional.of(value);
  }

  static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  static String describe(JsonNode node) {
    if (node.isTextual()) {
      String text = node.asText();
      return "the text \"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
    }
    if (node.isObject()) {
      return "a section";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isBoolean()) {
      return "the boolean " + node.asText();
    }
    return node.toString();
  }
}
