package io.credence.api.planted;

import io.credence.ledger.store.BlockStore;

/** A planted violation for the architecture test: an API class that reads the block store. */
public final class ReadsTheStore {
  private ReadsTheStore() {}

  public static long head(BlockStore store) {
    return store.head().orElse(0);
  }
}
