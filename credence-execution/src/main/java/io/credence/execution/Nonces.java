package io.credence.execution;

import io.credence.core.Address;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.nio.charset.StandardCharsets;

/** Each account's next nonce, kept in state so that a transaction can be included only once. */
public final class Nonces {
  private Nonces() {}

  static byte[] key(Address address) {
    return ("nonce/" + address.hex()).getBytes(StandardCharsets.US_ASCII);
  }

  public static long next(ContractState state, Address address) {
    byte[] raw = state.get(key(address));
    return raw == null ? 0 : new Reader(raw).u64();
  }

  public static void advance(ContractState state, Address address) {
    state.put(
        key(address), new Writer(8).u64(Math.addExact(next(state, address), 1)).toByteArray());
  }
}
