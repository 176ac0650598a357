package io.credence.ledger.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The puts and deletes of one atomic write, in the order they were added. */
public final class WriteBatch {
  /** One put; a null value deletes the key. */
  public record Put(byte[] key, byte[] value) {}

  private final List<Put> puts = new ArrayList<>();
  private long bytes;

  public WriteBatch put(byte[] key, byte[] value) {
    puts.add(new Put(key, value));
    bytes += key.length + value.length;
    return this;
  }

  public WriteBatch delete(byte[] key) {
    puts.add(new Put(key, null));
    bytes += key.length;
    return this;
  }

  public List<Put> puts() {
    return Collections.unmodifiableList(puts);
  }

  public long bytes() {
    return bytes;
  }
}
