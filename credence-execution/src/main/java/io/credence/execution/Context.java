package io.credence.execution;

import io.credence.core.Address;

/** Who calls and when: the sender's address and key, and the block's height and timestamp. */
public record Context(Address sender, byte[] senderPublicKey, long height, long timestampMillis) {
  public Context {
    senderPublicKey = senderPublicKey.clone();
  }

  @Override
  public byte[] senderPublicKey() {
    return senderPublicKey.clone();
  }
}
