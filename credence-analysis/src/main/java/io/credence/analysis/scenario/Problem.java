package io.credence.analysis.scenario;

/**
 * One thing wrong with a scenario or outcome file: the field (a dotted path, or a row and column),
 * what was expected, and what was found.
 */
public record Problem(String field, String expected, String found) {
  /** One line for people: {@code withChain.pdAnnual: expected ..., found 4}. */
  public String message() {
    return field + ": expected " + expected + ", found " + found;
  }
}
