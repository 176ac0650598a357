package io.credence.simulator;

import io.credence.core.Hex;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import io.credence.core.crypto.SeededRandom;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.genesis.Parameters;
import io.credence.core.genesis.Uscc;
import io.credence.execution.Runtime;
import io.credence.ledger.chain.Transaction;
import io.credence.node.Replica;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Ledger mode's workload: the genesis of a chain of {@link #ORGANISATIONS} organisations whose
 * first validators are the scenario's, and their clients. Every {@link #EVERY_TICKS} ticks each
 * organisation's admin registers an account; when the scenario's next validator change is due, the
 * first organisation's admin proposes it to governance, and its voting weight (two of three) passes
 * it on its own vote. A client submits each transaction at one live honest node, chosen by the
 * seed; the replica's gossip takes it to the proposers (or, if that node crashes first, it is lost,
 * as a client's unacknowledged submission would be).
 */
final class LedgerWorkload {
  static final int ORGANISATIONS = 2;

  static final long EVERY_TICKS = 20;

  /** No transaction is submitted in this many ticks before the end of the run. */
  static final long QUIET_TICKS_AT_END = 500;

  static final String CHAIN_ID = "sim";

  /** The expiry height every transaction carries. */
  static final long EXPIRY_HEIGHT = 5_000;

  /** The height until which a proposed validator change stays open. */
  static final long PROPOSAL_EXPIRES_AT = 100_000;

  private final long seed;
  private final CryptoSuite suite;
  private final Scenario scenario;
  private final List<KeyPair> keys;
  private final Random random;
  private final Supplier<List<Replica>> liveHonestReplicas;
  private final List<KeyPair> admins = new ArrayList<>();
  private final long[] adminNonces = new long[ORGANISATIONS];
  private final Genesis genesis;
  private int changesSubmitted;

  /**
   * The workload of simulation {@code seed}: admins' keys drawn from a stream of its own,
   * validators the first {@code scenario.validators()} of {@code keys}, transactions submitted at
   * one of {@code liveHonestReplicas} drawn from the simulation's {@code random}.
   */
  LedgerWorkload(
      long seed,
      CryptoSuite suite,
      Scenario scenario,
      List<KeyPair> keys,
      Random random,
      Supplier<List<Replica>> liveHonestReplicas) {
    this.seed = seed;
    this.suite = suite;
    this.scenario = scenario;
    this.keys = keys;
    this.random = random;
    this.liveHonestReplicas = liveHonestReplicas;
    SecureRandom r = SeededRandom.of(seed ^ 0x1ED6E5L);
    List<Genesis.Organisation> orgs = new ArrayList<>();
    for (int i = 0; i < ORGANISATIONS; i++) {
      KeyPair admin = suite.generate(r);
      admins.add(admin);
      orgs.add(
          new Genesis.Organisation(
              "Org " + i,
              Uscc.forDevelopment(i),
              OrganisationRole.SUPPLIER,
              admin.publicKey(),
              new byte[0],
              i == 0 ? ORGANISATIONS : 1));
    }
    List<Genesis.Validator> set = new ArrayList<>();
    for (int i = 0; i < scenario.validators(); i++) {
      set.add(new Genesis.Validator("v" + i, keys.get(i).publicKey(), orgs.get(0).uscc()));
    }
    genesis = new Genesis(CHAIN_ID, suite, 0, orgs, set, Parameters.DEFAULTS);
  }

  Genesis genesis() {
    return genesis;
  }

  /** At simulator tick {@code tick}: the clients' transactions, if any are due. */
  void onTick(long tick) {
    if (tick % EVERY_TICKS != 0 || tick >= scenario.ticks() - QUIET_TICKS_AT_END) {
      return;
    }
    if (changesSubmitted < scenario.changes().size()
        && tick >= scenario.changes().get(changesSubmitted).atTick()) {
      StringBuilder keysText = new StringBuilder();
      for (int v : scenario.changes().get(changesSubmitted++).validators()) {
        keysText.append(keysText.length() == 0 ? "" : ",").append(Hex.of(keys.get(v).publicKey()));
      }
      TreeMap<String, String> change = new TreeMap<>();
      change.put("validators", keysText.toString());
      change.put("expiresAt", Long.toString(PROPOSAL_EXPIRES_AT));
      submit(
          Transaction.sign(
              suite.signer(admins.get(0).privateKey(), null),
              CHAIN_ID,
              adminNonces[0]++,
              EXPIRY_HEIGHT,
              Runtime.encodeCall("governance", "proposeValidators", change)));
    }
    for (int a = 0; a < admins.size(); a++) {
      KeyPair admin = admins.get(a);
      TreeMap<String, String> args = new TreeMap<>();
      args.put(
          "publicKey",
          Hex.of(suite.generate(SeededRandom.of(seed * 31 + tick * 7 + a)).publicKey()));
      args.put("roles", "VIEWER");
      submit(
          Transaction.sign(
              suite.signer(admin.privateKey(), null),
              CHAIN_ID,
              adminNonces[a]++,
              EXPIRY_HEIGHT,
              Runtime.encodeCall("identity", "register", args)));
    }
  }

  /** A client submits {@code tx} at one live honest node, chosen by the seed. */
  private void submit(Transaction tx) {
    List<Replica> live = liveHonestReplicas.get();
    if (!live.isEmpty()) {
      live.get(random.nextInt(live.size())).onTransaction(tx);
    }
  }
}
