package io.credence.ledger.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The puts of one atomic write, in the order they were added. */
public final class WriteBatch {
  /** One put. */
  public record Put(byte[] key, byte[] value) {}

  private final List<Put> puts = new ArrayList<>();
  private long bytes;

  public WriteBatch put(byte[] key, byte[] value) {
    puts.add(new Put(key, value));
    bytes += key.length + value.length;
    return this;
  }

  public List<Put> puts() {
    return Collections.unmodifiableList(puts);
  }

  public long bytes() {
    return bytes;
  }
}
