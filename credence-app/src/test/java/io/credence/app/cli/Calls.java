package io.credence.app.cli;

import io.credence.core.Hex;
import io.credence.core.crypto.KeyPair;
import io.credence.ledger.chain.Transaction;
import java.security.SecureRandom;
import java.util.TreeMap;

/** Registry transactions for the application's tests (public: the network tests use them too). */
public final class Calls {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Calls() {}

  /** {@code admin} registers a fresh VIEWER account. */
  public static Transaction registerFresh(KeyPair admin, String chainId, long nonce) {
    TreeMap<String, String> args = new TreeMap<>();
    args.put("publicKey", Hex.of(admin.suite().generate(RANDOM).publicKey()));
    args.put("roles", "VIEWER");
    return Transaction.sign(
        admin.suite().signer(admin.privateKey(), RANDOM),
        chainId,
        nonce,
        5_000,
        io.credence.execution.Runtime.encodeCall("identity", "register", args));
  }
}
