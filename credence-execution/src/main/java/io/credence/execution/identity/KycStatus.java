package io.credence.execution.identity;

/** Where an organisation's know-your-customer check stands. */
public enum KycStatus {
  /** Never checked on chain. */
  NONE,
  /** Checked; valid until its expiry date. */
  VERIFIED,
  /** Suspended until checked again. */
  SUSPENDED
}
