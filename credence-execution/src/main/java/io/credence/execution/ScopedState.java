package io.credence.execution;

import java.nio.charset.StandardCharsets;

/**
 * A contract's view of state: it reads any key and writes only under its own {@code name/} prefix;
 * every access is metered.
 */
final class ScopedState implements ContractState {
  /** A write outside the writer's namespace: a contract bug, a failed receipt. */
  static final class Violation extends RuntimeException {
    Violation(String message) {
      super(message, null, false, false);
    }
  }

  private final String contract;
  private final byte[] prefix;
  private final ContractState state;
  private final Meter meter;

  ScopedState(String contract, ContractState state, Meter meter) {
    this.contract = contract;
    this.prefix = (contract + "/").getBytes(StandardCharsets.US_ASCII);
    this.state = state;
    this.meter = meter;
  }

  @Override
  public byte[] get(byte[] key) {
    meter.charge(Meter.READ + Meter.bytes(key.length), "a state read");
    byte[] value = state.get(key);
    if (value != null) {
      meter.charge(Meter.bytes(value.length), "a state read");
    }
    return value;
  }

  @Override
  public void put(byte[] key, byte[] value) {
    check(key);
    meter.charge(Meter.WRITE + Meter.bytes(key.length + value.length), "a state write");
    state.put(key, value);
  }

  @Override
  public void delete(byte[] key) {
    check(key);
    meter.charge(Meter.WRITE + Meter.bytes(key.length), "a state delete");
    state.delete(key);
  }

  private void check(byte[] key) {
    if (key.length < prefix.length
        || !java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
      String shown = new String(key, 0, Math.min(key.length, 48), StandardCharsets.US_ASCII);
      throw new Violation(
          "contract "
              + contract
              + ": expected to write keys under '"
              + contract
              + "/', found a write to '"
              + shown
              + "'");
    }
  }
}
