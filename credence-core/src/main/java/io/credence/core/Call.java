package io.credence.core;

import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A contract call: contract name, method and named string arguments (sorted, so the encoding is
 * canonical). Arguments are parsed and validated by the contract, which names the argument it
 * rejects.
 */
public record Call(String contract, String method, SortedMap<String, String> args) {
  public static final int NAME_BYTES_MAX = 64;
  public static final int ARGS_MAX = 32;
  public static final int ARG_BYTES_MAX = 4096;

  public Call {
    args = Collections.unmodifiableSortedMap(new TreeMap<>(args));
  }

  public static final Codec<Call> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Call c) {
          w.string(c.contract).string(c.method).stringMap(c.args);
        }

        @Override
        public Call read(Reader r) {
          return new Call(
              r.string("call.contract", NAME_BYTES_MAX),
              r.string("call.method", NAME_BYTES_MAX),
              r.stringMap("call.args", ARGS_MAX, ARG_BYTES_MAX));
        }
      };

  @Override
  public String toString() {
    return contract + "." + method + args;
  }
}
