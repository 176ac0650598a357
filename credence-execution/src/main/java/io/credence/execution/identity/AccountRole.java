package io.credence.execution.identity;

/** What a member account may do inside its organisation. */
public enum AccountRole {
  /** Registers and revokes the organisation's accounts. */
  ADMIN,
  /** Prepares and submits business transactions. */
  OPERATOR,
  /** Approves what operators prepared (confirmations, financing decisions). */
  APPROVER,
  /** Reads only. */
  VIEWER
}
