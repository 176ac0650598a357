package io.credence.core;

import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.util.Arrays;

/**
 * A contract call: contract name, method and the arguments in the canonical encoding of the
 * method's declared argument record (the runtime decodes them by the declaration and names the
 * argument it rejects; the catalogue tells clients how to build them).
 */
public record Call(String contract, String method, byte[] args) {
  public static final int NAME_BYTES_MAX = 64;

  /** Encoded arguments at most (the transaction's own size limit is usually lower). */
  public static final int ARGS_BYTES_MAX = 256 << 10;

  public Call {
    args = args.clone();
  }

  @Override
  public byte[] args() {
    return args.clone();
  }

  public static final Codec<Call> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Call c) {
          w.string(c.contract).string(c.method).bytes(c.args);
        }

        @Override
        public Call read(Reader r) {
          return new Call(
              r.string("call.contract", NAME_BYTES_MAX),
              r.string("call.method", NAME_BYTES_MAX),
              r.bytes("call.args", ARGS_BYTES_MAX));
        }
      };

  @Override
  public boolean equals(Object o) {
    return o instanceof Call c
        && contract.equals(c.contract)
        && method.equals(c.method)
        && Arrays.equals(args, c.args);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * contract.hashCode() + method.hashCode()) + Arrays.hashCode(args);
  }

  @Override
  public String toString() {
    return contract + "." + method + "(" + args.length + " bytes of arguments)";
  }
}
