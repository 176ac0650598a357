package io.credence.execution;

import io.credence.core.Address;
import io.credence.core.CalendarDate;
import io.credence.core.Hash;

/**
 * Who calls and when: the sender's address and key, the transaction's hash, and the block's height
 * and timestamp.
 */
public record Context(
    Address sender, byte[] senderPublicKey, Hash transaction, long height, long timestampMillis) {
  public Context {
    senderPublicKey = senderPublicKey.clone();
  }

  @Override
  public byte[] senderPublicKey() {
    return senderPublicKey.clone();
  }

  /** The block's day (UTC): what maturities, expiries and KYC validity are compared with. */
  public CalendarDate today() {
    return CalendarDate.ofEpochMillis(timestampMillis);
  }
}
