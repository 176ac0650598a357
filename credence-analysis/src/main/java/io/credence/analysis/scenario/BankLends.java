package io.credence.analysis.scenario;

/** Whether the bank makes the loan without the chain. */
public enum BankLends {
  /**
   * It lends only where that pays: at a client rate at or above its break-even rate, under the cap.
   */
  AUTO,
  /** It lends whatever the economics (a policy loan, as the poverty-alleviation loans are). */
  YES,
  /** It does not lend without the chain. */
  NO
}
