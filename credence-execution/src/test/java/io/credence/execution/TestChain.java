package io.credence.execution;

import io.credence.core.Call;
import io.credence.core.Hash;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.genesis.Parameters;
import io.credence.core.genesis.Uscc;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Three organisations (a core enterprise, the convenor, a bank and a supplier), or any list of
 * organisations, on an in-memory state, and a runtime over the built-in contracts plus any the test
 * adds; calls are built from plain arguments like a client's.
 */
public final class TestChain {
  public final CryptoSuite suite;
  public final SecureRandom random;
  public final KeyPair coreAdmin;
  public final KeyPair bankAdmin;
  public final KeyPair supplierAdmin;
  public final String coreUscc = Uscc.complete("91310000000000001");
  public final String bankUscc = Uscc.complete("91310000000000002");
  public final String supplierUscc = Uscc.complete("91310000000000003");
  public final Genesis genesis;
  public final MapState state;
  public final Runtime runtime;
  public long workMax = Parameters.DEFAULTS.transactionWorkMax();
  public long timestampMillis = 1_780_000_000_000L; // 2026-05-28
  private long transactions;

  public TestChain(Contract... extra) {
    this(null, extra);
  }

  /**
   * A chain whose genesis has {@code organisations} (the first is the convenor) instead of the core
   * enterprise, the bank and the supplier above; their admins' keys are the caller's.
   */
  public TestChain(List<Genesis.Organisation> organisations, Contract... extra) {
    suite = CryptoSuite.named("standard");
    random = new SecureRandom(new byte[] {1});
    coreAdmin = suite.generate(random);
    bankAdmin = suite.generate(random);
    supplierAdmin = suite.generate(random);
    state = new MapState();
    genesis =
        new Genesis(
            "t",
            suite,
            0,
            organisations != null
                ? organisations
                : List.of(
                    new Genesis.Organisation(
                        "Core", coreUscc, OrganisationRole.CORE_ENTERPRISE, coreAdmin.publicKey()),
                    new Genesis.Organisation(
                        "Bank", bankUscc, OrganisationRole.BANK, bankAdmin.publicKey()),
                    new Genesis.Organisation(
                        "Supplier",
                        supplierUscc,
                        OrganisationRole.SUPPLIER,
                        supplierAdmin.publicKey())),
            List.of(),
            Parameters.DEFAULTS);
    Runtime builtIn = Runtime.builtIn(suite);
    List<Contract> all = new ArrayList<>(builtIn.contracts());
    all.addAll(List.of(extra));
    runtime = new Runtime(suite, all);
    runtime.initialise(genesis, state);
  }

  private TestChain(TestChain base) {
    suite = base.suite;
    random = base.random;
    coreAdmin = base.coreAdmin;
    bankAdmin = base.bankAdmin;
    supplierAdmin = base.supplierAdmin;
    genesis = base.genesis;
    runtime = base.runtime;
    state = base.state.copy();
    workMax = base.workMax;
    timestampMillis = base.timestampMillis;
    transactions = base.transactions;
  }

  /**
   * An independent chain in the state this one is in now: same genesis, runtime, keys, day and
   * transaction count, a copy of the state. Cheaper than building the same chain again.
   */
  public TestChain copy() {
    return new TestChain(this);
  }

  /** Runs {@code call} as {@code sender} in a block of its own. */
  public Outcome run(KeyPair sender, Call call) {
    byte[] id = new byte[Hash.LENGTH];
    long n = ++transactions;
    for (int i = 0; i < 8; i++) {
      id[i] = (byte) (n >>> (56 - 8 * i));
    }
    return runtime.execute(
        new Context(
            suite.address(sender.publicKey()),
            sender.publicKey(),
            Hash.of(id),
            transactions,
            timestampMillis),
        state,
        call,
        workMax);
  }

  /** Runs {@code contract.method} with plain arguments given as name, value pairs. */
  public Outcome call(KeyPair sender, String contract, String method, Object... nameValues) {
    Map<String, Object> args = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      args.put((String) nameValues[i], nameValues[i + 1]);
    }
    return run(sender, runtime.call(contract, method, args));
  }

  /** The height of the last block run here (each call runs in a block of its own). */
  public long height() {
    return transactions;
  }

  /** Lets {@code heights} empty blocks pass. */
  public void skipHeights(long heights) {
    transactions += heights;
  }

  /** The hash the next transaction run here will have (its id, e.g. for approvals). */
  public Hash nextTransaction() {
    byte[] id = new byte[Hash.LENGTH];
    long n = transactions + 1;
    for (int i = 0; i < 8; i++) {
      id[i] = (byte) (n >>> (56 - 8 * i));
    }
    return Hash.of(id);
  }

  /** The day of the blocks run here. */
  public io.credence.core.CalendarDate today() {
    return io.credence.core.CalendarDate.ofEpochMillis(timestampMillis);
  }

  public static String code(Outcome outcome) {
    return outcome instanceof Outcome.Failure f ? f.rejection().code() : "SUCCESS";
  }

  public static String message(Outcome outcome) {
    return ((Outcome.Failure) outcome).rejection().message();
  }

  /** Registers a new account of the core enterprise with {@code roles} (comma-separated). */
  public KeyPair registered(KeyPair admin, String roles) {
    KeyPair key = suite.generate(random);
    Outcome o =
        call(
            admin,
            "identity",
            "register",
            "publicKey",
            io.credence.core.Hex.of(key.publicKey()),
            "roles",
            roles);
    if (!(o instanceof Outcome.Success)) {
      throw new AssertionError("register failed: " + o);
    }
    return key;
  }

  public String address(KeyPair key) {
    return suite.address(key.publicKey()).hex();
  }
}
