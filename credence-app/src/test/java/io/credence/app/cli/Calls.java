package io.credence.app.cli;

import io.credence.core.Hex;
import io.credence.core.crypto.KeyPair;
import io.credence.ledger.chain.Transaction;
import java.security.SecureRandom;
import java.util.TreeMap;

/**
 * Registry and governance transactions for the application's tests (public: the network tests use
 * them too).
 */
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

  /** {@code admin} proposes the validator set {@code keys} (hex, comma-separated), open 10,000. */
  public static Transaction proposeValidators(
      KeyPair admin, String chainId, long nonce, String keys) {
    TreeMap<String, String> args = new TreeMap<>();
    args.put("validators", keys);
    args.put("expiresAt", "10000");
    return sign(admin, chainId, nonce, "governance", "proposeValidators", args);
  }

  /** {@code admin}'s organisation votes {@code choice} on {@code proposal}. */
  public static Transaction vote(
      KeyPair admin, String chainId, long nonce, long proposal, String choice) {
    TreeMap<String, String> args = new TreeMap<>();
    args.put("proposal", Long.toString(proposal));
    args.put("choice", choice);
    return sign(admin, chainId, nonce, "governance", "vote", args);
  }

  private static Transaction sign(
      KeyPair admin,
      String chainId,
      long nonce,
      String contract,
      String method,
      TreeMap<String, String> args) {
    return Transaction.sign(
        admin.suite().signer(admin.privateKey(), RANDOM),
        chainId,
        nonce,
        5_000,
        io.credence.execution.Runtime.encodeCall(contract, method, args));
  }
}
