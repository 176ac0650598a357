package io.credence.analysis.scenario;

import io.credence.analysis.economics.LendingTerms;
import io.credence.analysis.economics.Loan;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * One lending scenario, compared two ways: without the chain and with it. Read from a YAML file by
 * {@link ScenarioFile}; the two built-in examples are DOMAIN.md's Scenario A and B.
 *
 * @param borrower the word for the borrower in reports ("supplier", "farmer")
 * @param rateCapAnnual a legal or policy ceiling on the client rate, if any
 * @param borrowerAlternativeRateAnnual what the borrower pays for the money elsewhere when the bank
 *     does not lend without the chain (a factoring quote, trade credit, an informal lender)
 * @param sensitivity low/high ranges that replace the defaults of {@link Parameter}
 */
public record Scenario(
    String name,
    String description,
    String borrower,
    Loan loan,
    Optional<BigDecimal> rateCapAnnual,
    LendingTerms withoutChain,
    BankLends bankLendsWithoutChain,
    LendingTerms withChain,
    Optional<BigDecimal> borrowerAlternativeRateAnnual,
    Optional<CoreEnterprise> coreEnterprise,
    Map<Parameter, Range> sensitivity) {

  /** A closed range of one parameter for the tornado chart. */
  public record Range(BigDecimal low, BigDecimal high) {}

  public Scenario {
    sensitivity = Map.copyOf(sensitivity);
  }

  /** The same scenario with other "with chain" terms (calibration replaces PD and LGD). */
  public Scenario withChain(LendingTerms terms) {
    return new Scenario(
        name,
        description,
        borrower,
        loan,
        rateCapAnnual,
        withoutChain,
        bankLendsWithoutChain,
        terms,
        borrowerAlternativeRateAnnual,
        coreEnterprise,
        sensitivity);
  }

  /** The same scenario with other "without chain" terms. */
  public Scenario withoutChain(LendingTerms terms) {
    return new Scenario(
        name,
        description,
        borrower,
        loan,
        rateCapAnnual,
        terms,
        bankLendsWithoutChain,
        withChain,
        borrowerAlternativeRateAnnual,
        coreEnterprise,
        sensitivity);
  }
}
