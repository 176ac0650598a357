package io.credence.analysis.scenario;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.credence.analysis.economics.Capital;
import io.credence.analysis.economics.LendingTerms;
import io.credence.analysis.economics.Loan;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Scenario files: YAML whose every number carries its unit in its name ({@code pdAnnual: 0.04},
 * {@code fixedCostYuan: 5000}, {@code termYears: 0.5}); rates, PD, LGD and shares are fractions.
 * Validation reports every problem, each naming the field, the allowed range and the value found.
 * The format, field by field, is in {@code docs/SCENARIOS.md}; the two built-in examples are {@code
 * scenario-a.yaml} and {@code scenario-b.yaml} beside this class.
 */
public final class ScenarioFile {
  /** The largest scenario file accepted. */
  public static final int BYTES_MAX = 64 * 1024;

  /** The built-in examples by name: DOMAIN.md's Scenario A and Scenario B. */
  public static final List<String> EXAMPLES = List.of("a", "b");

  private static final List<String> TOP =
      List.of(
          "name",
          "description",
          "borrower",
          "loanAmountYuan",
          "termYears",
          "costOfFundsAnnual",
          "hurdleRateAnnual",
          "rateCapAnnual",
          "borrowerAlternativeRateAnnual",
          "coreEnterprise",
          "withoutChain",
          "withChain",
          "sensitivity");
  private static final List<String> TERMS =
      List.of(
          "clientRateAnnual",
          "pdAnnual",
          "lgd",
          "lossShare",
          "fixedCostYuan",
          "platformFeePerLoanYuan",
          "servicingRateAnnual",
          "platformFeeRateAnnual",
          "capital");
  private static final List<String> CAPITAL_METHODS =
      List.of("standardised", "irb-corporate", "irb-retail-other");

  private static final YAMLMapper YAML = yamlMapper();

  private ScenarioFile() {}

  private static YAMLMapper yamlMapper() {
    YAMLMapper mapper = new YAMLMapper();
    // Decimal numbers stay exact: 0.105 is read as the BigDecimal 0.105, never a binary double.
    mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    return mapper;
  }

  /** A built-in example, "a" or "b". */
  public static Scenario example(String name) throws ScenarioException {
    String key = name.toLowerCase(Locale.ROOT);
    if (!EXAMPLES.contains(key)) {
      throw new ScenarioException(
          new Problem("--example", "one of " + String.join(", ", EXAMPLES), "\"" + name + "\""));
    }
    return parse(exampleText(key), "example " + key);
  }

  /** The YAML text of a built-in example, to show users a complete file. */
  public static String exampleText(String name) {
    String resource = "scenario-" + name + ".yaml";
    try (InputStream in = ScenarioFile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing built-in example " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses and validates a scenario.
   *
   * @param source where the text came from, for messages
   * @throws ScenarioException listing every problem found
   */
  public static Scenario parse(String text, String source) throws ScenarioException {
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > BYTES_MAX) {
      throw new ScenarioException(
          new Problem(
              source, "a scenario file of at most " + BYTES_MAX + " bytes", bytes + " bytes"));
    }
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JacksonException e) {
      throw new ScenarioException(
          new Problem(
              source, "well-formed YAML", e.getOriginalMessage().lines().findFirst().orElse("")));
    }
    if (root == null || !root.isObject()) {
      throw new ScenarioException(
          new Problem(
              source,
              "a YAML map of scenario fields",
              root == null ? "an empty file" : Fields.describe(root)));
    }
    Fields f = new Fields();
    f.rejectUnknown(root, "", TOP);
    String name = f.text(root, "", "name", true).orElse("");
    String description = f.text(root, "", "description", false).orElse("");
    String borrower = f.text(root, "", "borrower", false).orElse("borrower");
    Loan loan =
        new Loan(
            f.required(root, "", "loanAmountYuan", Kind.YUAN_POSITIVE),
            f.required(root, "", "termYears", Kind.YEARS),
            f.required(root, "", "costOfFundsAnnual", Kind.RATE_ANNUAL),
            f.required(root, "", "hurdleRateAnnual", Kind.RATE_ANNUAL));
    Optional<BigDecimal> cap = f.number(root, "", "rateCapAnnual", Kind.RATE_ANNUAL);
    Optional<BigDecimal> alternative =
        f.number(root, "", "borrowerAlternativeRateAnnual", Kind.RATE_ANNUAL);
    Optional<CoreEnterprise> core =
        f.object(root, "", "coreEnterprise", false)
            .map(
                node -> {
                  f.rejectUnknown(node, "coreEnterprise", List.of("costYuan", "benefitYuan"));
                  return new CoreEnterprise(
                      f.number(node, "coreEnterprise", "costYuan", Kind.YUAN)
                          .orElse(BigDecimal.ZERO),
                      f.number(node, "coreEnterprise", "benefitYuan", Kind.YUAN)
                          .orElse(BigDecimal.ZERO));
                });
    BankLends lends = BankLends.AUTO;
    LendingTerms without = null;
    Optional<JsonNode> withoutNode = f.object(root, "", "withoutChain", true);
    if (withoutNode.isPresent()) {
      List<String> known = new ArrayList<>(TERMS);
      known.add("bankLends");
      f.rejectUnknown(withoutNode.get(), "withoutChain", known);
      lends = bankLends(f, withoutNode.get());
      without = terms(f, withoutNode.get(), "withoutChain");
    }
    LendingTerms with = null;
    Optional<JsonNode> withNode = f.object(root, "", "withChain", true);
    if (withNode.isPresent()) {
      f.rejectUnknown(withNode.get(), "withChain", TERMS);
      with = terms(f, withNode.get(), "withChain");
    }
    if (cap.isPresent() && with != null && with.clientRateAnnual().compareTo(cap.get()) > 0) {
      f.add(
          "withChain.clientRateAnnual",
          "a rate at most rateCapAnnual " + cap.get().toPlainString(),
          with.clientRateAnnual().toPlainString());
    }
    if (cap.isPresent()
        && without != null
        && lends == BankLends.YES
        && without.clientRateAnnual().compareTo(cap.get()) > 0) {
      f.add(
          "withoutChain.clientRateAnnual",
          "a rate at most rateCapAnnual "
              + cap.get().toPlainString()
              + " when bankLends is yes (or bankLends auto or no)",
          without.clientRateAnnual().toPlainString());
    }
    Map<Parameter, Scenario.Range> ranges = new EnumMap<>(Parameter.class);
    f.object(root, "", "sensitivity", false).ifPresent(node -> sensitivity(f, node, ranges));
    if (!f.problems().isEmpty()) {
      throw new ScenarioException(f.problems());
    }
    return new Scenario(
        name, description, borrower, loan, cap, without, lends, with, alternative, core, ranges);
  }

  private static BankLends bankLends(Fields f, JsonNode node) {
    JsonNode value = node.get("bankLends");
    if (value == null || value.isNull()) {
      return BankLends.AUTO;
    }
    if (value.isBoolean()) {
      return value.asBoolean() ? BankLends.YES : BankLends.NO;
    }
    String text = value.asText().toLowerCase(Locale.ROOT);
    switch (text) {
      case "auto":
        return BankLends.AUTO;
      case "yes":
        return BankLends.YES;
      case "no":
        return BankLends.NO;
      default:
        f.add("withoutChain.bankLends", "auto, yes or no", Fields.describe(value));
        return BankLends.AUTO;
    }
  }

  private static LendingTerms terms(Fields f, JsonNode node, String path) {
    return new LendingTerms(
        f.required(node, path, "clientRateAnnual", Kind.RATE_ANNUAL),
        f.required(node, path, "pdAnnual", Kind.PD_ANNUAL),
        f.required(node, path, "lgd", Kind.FRACTION),
        f.number(node, path, "lossShare", Kind.FRACTION).orElse(BigDecimal.ZERO),
        f.required(node, path, "fixedCostYuan", Kind.YUAN),
        f.number(node, path, "platformFeePerLoanYuan", Kind.YUAN).orElse(BigDecimal.ZERO),
        f.required(node, path, "servicingRateAnnual", Kind.RATE_ANNUAL),
        f.required(node, path, "platformFeeRateAnnual", Kind.RATE_ANNUAL),
        capital(f, node, path));
  }

  private static Capital capital(Fields f, JsonNode parent, String path) {
    Optional<JsonNode> found = f.object(parent, path, "capital", true);
    Capital placeholder = new Capital.Standardised(BigDecimal.ZERO, BigDecimal.ONE);
    if (found.isEmpty()) {
      return placeholder;
    }
    JsonNode node = found.get();
    String at = path + ".capital";
    String method = f.text(node, at, "method", false).orElse("");
    switch (method) {
      case "standardised":
        f.rejectUnknown(node, at, List.of("method", "riskWeight", "capitalRatio"));
        return new Capital.Standardised(
            f.required(node, at, "riskWeight", Kind.RISK_WEIGHT),
            f.required(node, at, "capitalRatio", Kind.CAPITAL_RATIO));
      case "irb-corporate":
        f.rejectUnknown(node, at, List.of("method", "maturityYears", "capitalRatio"));
        return new Capital.IrbCorporate(
            f.required(node, at, "maturityYears", Kind.MATURITY_YEARS),
            f.required(node, at, "capitalRatio", Kind.CAPITAL_RATIO));
      case "irb-retail-other":
        f.rejectUnknown(node, at, List.of("method", "capitalRatio"));
        return new Capital.IrbRetailOther(f.required(node, at, "capitalRatio", Kind.CAPITAL_RATIO));
      case "":
        f.add(
            at + ".method",
            "one of " + String.join(", ", CAPITAL_METHODS),
            "nothing: the field is missing");
        return placeholder;
      default:
        f.add(at + ".method", "one of " + String.join(", ", CAPITAL_METHODS), "\"" + method + "\"");
        return placeholder;
    }
  }

  private static void sensitivity(Fields f, JsonNode node, Map<Parameter, Scenario.Range> ranges) {
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String at = "sensitivity." + entry.getKey();
      Optional<Parameter> parameter = Parameter.byField(entry.getKey());
      if (parameter.isEmpty()) {
        List<String> names = new ArrayList<>();
        for (Parameter p : Parameter.values()) {
          names.add(p.field());
        }
        f.add(at, "one of the parameters " + String.join(", ", names), "an unknown parameter");
        continue;
      }
      JsonNode value = entry.getValue();
      if (!value.isArray()
          || value.size() != 2
          || !value.get(0).isNumber()
          || !value.get(1).isNumber()) {
        f.add(at, "a list of two numbers [low, high]", Fields.describe(value));
        continue;
      }
      Kind kind = kindOf(parameter.get());
      BigDecimal low = value.get(0).decimalValue();
      BigDecimal high = value.get(1).decimalValue();
      if (!kind.allows(low) || !kind.allows(high)) {
        f.add(
            at,
            "two values, each " + kind.expected,
            "[" + low.toPlainString() + ", " + high.toPlainString() + "]");
      } else if (low.compareTo(high) > 0) {
        f.add(at, "low <= high", "[" + low.toPlainString() + ", " + high.toPlainString() + "]");
      } else {
        ranges.put(parameter.get(), new Scenario.Range(low, high));
      }
    }
  }

  private static Kind kindOf(Parameter p) {
    return switch (p) {
      case PD -> Kind.PD_ANNUAL;
      case LGD, LOSS_SHARE -> Kind.FRACTION;
      case FIXED_COST -> Kind.YUAN;
      default -> Kind.RATE_ANNUAL;
    };
  }
}
