package io.credence.execution;

import java.util.ArrayList;
import java.util.List;

/** State as a query sees it: reads metered and recorded (to prove), writes refused. */
final class ReadOnlyState implements ContractState {
  /** Distinct keys recorded at most: the proofs of one answer. */
  static final int KEYS_RECORDED_MAX = 256;

  private final ContractState state;
  private final Meter meter;
  private final java.util.TreeSet<byte[]> keys =
      new java.util.TreeSet<>(java.util.Arrays::compareUnsigned);
  private boolean overflowed;

  ReadOnlyState(ContractState state, Meter meter) {
    this.state = state;
    this.meter = meter;
  }

  @Override
  public byte[] get(byte[] key) {
    meter.charge(Meter.READ + Meter.bytes(key.length), "a state read");
    if (!keys.contains(key)) {
      if (keys.size() < KEYS_RECORDED_MAX) {
        keys.add(key.clone());
      } else {
        overflowed = true;
      }
    }
    byte[] value = state.get(key);
    if (value != null) {
      meter.charge(Meter.bytes(value.length), "a state read");
    }
    return value;
  }

  @Override
  public void put(byte[] key, byte[] value) {
    throw new ScopedState.Violation("a query cannot write state");
  }

  @Override
  public void delete(byte[] key) {
    throw new ScopedState.Violation("a query cannot write state");
  }

  /** The distinct keys read, in key order, at most {@link #KEYS_RECORDED_MAX}. */
  List<byte[]> keysRead() {
    return new ArrayList<>(keys);
  }

  /** Whether more distinct keys were read than recorded: the answer cannot be proven whole. */
  boolean overflowed() {
    return overflowed;
  }
}
