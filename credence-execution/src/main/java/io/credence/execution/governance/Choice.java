package io.credence.execution.governance;

/**
 * An organisation's vote on a proposal. An abstention counts towards participation but is not a
 * vote cast for or against.
 */
public enum Choice {
  YES,
  NO,
  ABSTAIN
}
