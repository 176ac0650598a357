package io.credence.execution.identity;

/** Where an organisation stands in the consortium; changed only by a passed governance vote. */
public enum MemberStatus {
  /** A member: its accounts transact and its voting weight counts. */
  ACTIVE,
  /**
   * Suspended by vote: its accounts may not transact and its weight does not count, until
   * reinstated.
   */
  SUSPENDED,
  /** Removed by vote, for good: as suspended, and its USCC may never be admitted again. */
  REMOVED
}
