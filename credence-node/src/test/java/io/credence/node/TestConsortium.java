package io.credence.node;

import io.credence.core.Call;
import io.credence.core.Hex;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import io.credence.core.crypto.SeededRandom;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.genesis.Parameters;
import io.credence.core.genesis.Uscc;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.store.BlockStore;
import io.credence.ledger.store.KeyValueStore;
import io.credence.node.bft.StoredConsensus;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** A seeded development consortium for tests: organisations with admin keys, and validators. */
public final class TestConsortium {
  /**
   * The node's configuration without the leader's gathering delay: these tests drive one tick and
   * expect its block; {@code ReplicaTest} covers the delay itself.
   */
  public static final Replica.Config IMMEDIATE =
      Replica.Config.DEFAULTS.withConsensus(
          Replica.Config.DEFAULTS.consensus().withProposalBatchTicks(0));

  public final CryptoSuite suite;
  public final Genesis genesis;
  public final List<KeyPair> admins = new ArrayList<>();
  public final KeyPair validator;
  public final List<KeyPair> validators = new ArrayList<>();
  public final List<KeyPair> observers = new ArrayList<>();
  public final SecureRandom random;

  public TestConsortium(String suiteName, int orgs, Parameters parameters, long seed) {
    this(suiteName, orgs, 1, parameters, seed);
  }

  public TestConsortium(
      String suiteName, int orgs, int validatorCount, Parameters parameters, long seed) {
    this(suiteName, orgs, validatorCount, 0, parameters, seed);
  }

  /** A consortium with {@code observerCount} observers besides its validators. */
  public TestConsortium(
      String suiteName,
      int orgs,
      int validatorCount,
      int observerCount,
      Parameters parameters,
      long seed) {
    suite = CryptoSuite.named(suiteName);
    random = SeededRandom.of(seed);
    List<Genesis.Organisation> organisations = new ArrayList<>();
    OrganisationRole[] roles = OrganisationRole.values();
    for (int i = 0; i < orgs; i++) {
      KeyPair admin = suite.generate(random);
      admins.add(admin);
      organisations.add(
          new Genesis.Organisation(
              "Org " + i, Uscc.forDevelopment(i), roles[i % roles.length], admin.publicKey()));
    }
    List<Genesis.Validator> set = new ArrayList<>();
    for (int i = 0; i < validatorCount; i++) {
      KeyPair key = suite.generate(random);
      validators.add(key);
      set.add(
          new Genesis.Validator(
              "v" + (i + 1), key.publicKey(), organisations.get(i % orgs).uscc()));
    }
    validator = validators.get(0);
    List<Genesis.Observer> watchers = new ArrayList<>();
    for (int i = 0; i < observerCount; i++) {
      KeyPair key = suite.generate(random);
      observers.add(key);
      watchers.add(
          new Genesis.Observer("o" + (i + 1), key.publicKey(), organisations.get(i % orgs).uscc()));
    }
    genesis = new Genesis("test-chain", suite, 1_000, organisations, set, watchers, parameters);
  }

  public TestConsortium() {
    this("standard", 3, Parameters.DEFAULTS, 1);
  }

  private final java.util.Map<Replica, List<BlockStore.Committed>> commits =
      new java.util.IdentityHashMap<>();

  /** The solo replica (this consortium's one validator) on {@code store}, started. */
  public Replica replica(KeyValueStore store) {
    return replica(store, IMMEDIATE);
  }

  /** The solo replica on {@code store} with {@code config}, started. */
  public Replica replica(KeyValueStore store, Replica.Config config) {
    Replica replica =
        Replica.open(
            genesis,
            store,
            new StoredConsensus(store),
            suite.signer(validator.privateKey(), random),
            (to, message) -> {},
            config);
    List<BlockStore.Committed> list = new ArrayList<>();
    replica.addListener(list::add);
    commits.put(replica, list);
    replica.start(genesis.timestampMillis());
    return replica;
  }

  /**
   * Ticks {@code replica} at {@code nowMillis}; the first block with transactions it committed
   * meanwhile, if any (empty blocks, which commit their parents, are skipped).
   */
  public Optional<BlockStore.Committed> tick(Replica replica, long nowMillis) {
    List<BlockStore.Committed> list = commits.get(replica);
    list.clear();
    replica.onTick(nowMillis);
    for (BlockStore.Committed c : list) {
      if (!c.block().transactions().isEmpty()) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  public KeyPair newKey() {
    return suite.generate(random);
  }

  public Transaction sign(KeyPair key, long nonce, long expiry, Call call) {
    return Transaction.sign(
        suite.signer(key.privateKey(), random), genesis.chainId(), nonce, expiry, call);
  }

  public static Call register(KeyPair account, String roles) {
    TreeMap<String, String> args = new TreeMap<>();
    args.put("publicKey", Hex.of(account.publicKey()));
    args.put("roles", roles);
    return io.credence.execution.Runtime.encodeCall("identity", "register", args);
  }

  public static Call revoke(String address) {
    TreeMap<String, String> args = new TreeMap<>();
    args.put("account", address);
    return io.credence.execution.Runtime.encodeCall("identity", "revoke", args);
  }

  /** Registers a new account through {@code admin} with nonce {@code nonce}. */
  public Transaction registerNew(int admin, long nonce) {
    return sign(admins.get(admin), nonce, 1_000, register(newKey(), "OPERATOR"));
  }
}
