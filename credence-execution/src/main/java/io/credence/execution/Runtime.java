package io.credence.execution;

import io.credence.core.Address;
import io.credence.core.Call;
import io.credence.core.Rejection;
import io.credence.core.codec.CodecException;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.genesis.Genesis;
import io.credence.core.types.Key;
import io.credence.core.types.Type;
import io.credence.core.types.Types;
import io.credence.core.types.Values;
import io.credence.execution.consensus.ValidatorSetContract;
import io.credence.execution.identity.Account;
import io.credence.execution.identity.IdentityRegistry;
import io.credence.execution.identity.Organisation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs calls on the built-in contracts from their declarations: finds the method, decodes and
 * checks the arguments, authorises the caller (account role, organisation role, KYC,
 * maker-checker), meters the work against {@code transactionWorkMax}, keeps each contract's writes
 * in its namespace, and turns anything a handler throws into a failed receipt with a stable code,
 * the same on every replica. Every rejection changes nothing but the sender's nonce.
 */
public final class Runtime {
  public static final String UNKNOWN_CONTRACT = "UNKNOWN_CONTRACT";
  public static final String UNKNOWN_METHOD = "UNKNOWN_METHOD";
  public static final String INVALID_ARGUMENTS = "INVALID_ARGUMENTS";
  public static final String NOT_AUTHORISED = "NOT_AUTHORISED";
  public static final String KYC_REQUIRED = "KYC_REQUIRED";
  public static final String APPROVAL_REQUIRED = "APPROVAL_REQUIRED";
  public static final String WORK_LIMIT_EXCEEDED = "WORK_LIMIT_EXCEEDED";
  public static final String CALL_DEPTH_EXCEEDED = "CALL_DEPTH_EXCEEDED";
  public static final String NAMESPACE_VIOLATION = "NAMESPACE_VIOLATION";
  public static final String CONTRACT_FAILED = "CONTRACT_FAILED";

  /** Calls between contracts nest at most this deep (the transaction's own call is depth 1). */
  public static final int CALL_DEPTH_MAX = 8;

  /** One call in progress: who, under what meter, how deep, in which contract, on what state. */
  record Frame(
      Context context,
      Account account,
      Organisation organisation,
      Address approver,
      Meter meter,
      int depth,
      String contract,
      ContractState base) {}

  private final CryptoSuite suite;
  private final Map<String, Contract> contracts = new TreeMap<>();
  private final Map<String, Map<String, Method>> methods = new TreeMap<>();
  private final Map<String, Map<String, Query>> queries = new TreeMap<>();

  /** Work one query may do, in the units of {@link Meter}. */
  public static final long QUERY_WORK_MAX = 1_000_000;

  public static final String UNKNOWN_QUERY = "UNKNOWN_QUERY";

  public Runtime(CryptoSuite suite, List<Contract> list) {
    this.suite = suite;
    for (Contract c : list) {
      if (!c.name().matches("[a-z]{1,32}")) {
        throw new IllegalArgumentException(
            "contract name: expected 1 to 32 lowercase letters, found '" + c.name() + "'");
      }
      if (contracts.put(c.name(), c) != null) {
        throw new IllegalArgumentException("two contracts named " + c.name());
      }
      Map<String, Method> byName = new LinkedHashMap<>();
      for (Method m : c.methods()) {
        if (byName.put(m.name(), m) != null) {
          throw new IllegalArgumentException(
              "contract " + c.name() + ": two methods named " + m.name());
        }
      }
      methods.put(c.name(), byName);
      Map<String, Query> asked = new LinkedHashMap<>();
      for (Query q : c.queries()) {
        if (asked.put(q.name(), q) != null) {
          throw new IllegalArgumentException(
              "contract " + c.name() + ": two queries named " + q.name());
        }
      }
      queries.put(c.name(), asked);
    }
  }

  /**
   * What a query answered and the distinct state keys it read (to prove against a header); {@code
   * provable} is false when it read more than {@link #QUERY_PROVEN_KEYS_MAX} of them.
   */
  public record Answer(Object plain, List<byte[]> keysRead, boolean provable) {}

  /** Distinct state keys one query's answer can be proven with, at most. */
  public static final int QUERY_PROVEN_KEYS_MAX = ReadOnlyState.KEYS_RECORDED_MAX;

  /**
   * Answers {@code contract.query} with plain arguments on committed {@code state}, the state after
   * the block at {@code height} stamped on {@code today}; an unknown query or a bad argument throws
   * {@link IllegalArgumentException} naming it, no answer throws {@link Query.Failure} with its
   * code, as does passing {@link #QUERY_WORK_MAX}.
   */
  public Answer query(
      String contract,
      String name,
      Map<String, ?> plain,
      ContractState state,
      long height,
      io.credence.core.CalendarDate today) {
    Map<String, Query> of = queries.get(contract);
    Query q = of == null ? null : of.get(name);
    if (q == null) {
      List<String> known = new ArrayList<>();
      queries.forEach((c, m) -> m.keySet().forEach(n -> known.add(c + "." + n)));
      throw new IllegalArgumentException(
          contract + "." + name + ": no such query; expected one of " + known);
    }
    Values args = (Values) q.arguments().fromPlain("", plain);
    Optional<Rejection> badKey = checkKeys(q.arguments(), args, "");
    if (badKey.isPresent()) {
      throw new IllegalArgumentException(badKey.get().message());
    }
    ReadOnlyState reads = new ReadOnlyState(state, new Meter(QUERY_WORK_MAX));
    try {
      Object value = q.handler().answer(new QueryCall(args, reads, height, today));
      return new Answer(q.answer().toPlain(value), reads.keysRead(), !reads.overflowed());
    } catch (Meter.Exceeded e) {
      throw new Query.Failure(WORK_LIMIT_EXCEEDED, e.getMessage());
    } catch (Query.Failure e) {
      throw e;
    } catch (RuntimeException e) {
      throw new Query.Failure(
          CONTRACT_FAILED,
          "the query failed: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }

  /** The runtime with every built-in contract of this release. */
  public static Runtime builtIn(CryptoSuite suite) {
    return builtIn(suite, io.credence.execution.governance.EquivocationCheck.NONE);
  }

  /**
   * The runtime with every built-in contract of this release, {@code governance} checking consensus
   * evidence with {@code evidence} (nodes pass consensus's own check).
   */
  public static Runtime builtIn(
      CryptoSuite suite, io.credence.execution.governance.EquivocationCheck evidence) {
    return new Runtime(
        suite,
        List.of(
            new IdentityRegistry(suite),
            new ValidatorSetContract(suite),
            new Approvals(),
            new io.credence.execution.finance.Finance(suite),
            new io.credence.execution.governance.Governance(suite, evidence),
            new io.credence.execution.trace.Trace()));
  }

  public List<Contract> contracts() {
    return List.copyOf(contracts.values());
  }

  /** The declaration of {@code contract.method}, if there is one. */
  public Optional<Method> method(String contract, String method) {
    Map<String, Method> m = methods.get(contract);
    return m == null ? Optional.empty() : Optional.ofNullable(m.get(method));
  }

  /** Every contract's genesis state, each written into its own namespace. */
  public void initialise(Genesis genesis, ContractState state) {
    for (Contract c : contracts.values()) {
      c.initialise(genesis, new ScopedState(c.name(), state, new Meter(Long.MAX_VALUE)));
    }
  }

  /**
   * Executes the transaction's call on {@code state} within {@code workMax} units: all of its
   * writes or, unless the outcome is a success, none.
   */
  public Outcome execute(Context context, ContractState state, Call call, long workMax) {
    Meter meter = new Meter(workMax);
    return guarded(
        () -> {
          Decoded d = decode(call.contract(), call.method(), call.args());
          if (d.refused() != null) {
            return d.refused();
          }
          BufferedState buffer = new BufferedState(state);
          Outcome outcome =
              invoke(context, null, meter, 1, call.contract(), d.method(), d.args(), buffer, false);
          if (outcome instanceof Outcome.Success) {
            buffer.commit();
          }
          return outcome;
        });
  }

  /**
   * Public keys {@link #prepare} checks in one call, at most: about one signature verification's
   * work, so that a transaction whose keys execution may never reach (its sender not a member)
   * costs the receiving thread little more than its signature did.
   */
  public static final int PREPARED_KEYS_MAX = 4;

  /**
   * Decodes {@code call}'s arguments and checks up to {@link #PREPARED_KEYS_MAX} of their public
   * keys, on the caller's thread and for their effect alone: the suite remembers the valid keys, so
   * execution, on the replica's one thread, finds them checked. It changes no state and reports
   * nothing; execution checks every key and reports what is wrong with the call.
   */
  public void prepare(Call call) {
    preparedKeys(call).forEach(suite::isValidPublicKey);
  }

  /**
   * The public keys {@link #prepare} checks: the first {@link #PREPARED_KEYS_MAX} of the call's
   * arguments, none for a call that does not decode.
   */
  List<byte[]> preparedKeys(Call call) {
    try {
      Optional<Method> method = method(call.contract(), call.method());
      if (method.isEmpty()) {
        return List.of();
      }
      Object values = Types.decode(method.get().arguments(), call.args(), call.contract());
      List<byte[]> keys = new ArrayList<>(PREPARED_KEYS_MAX);
      collectKeys(method.get().arguments(), values, keys);
      return keys;
    } catch (RuntimeException e) {
      // A malformed call (a CodecException) or any other failure: execution meets it and records
      // it; here it only means nothing is prepared.
      return List.of();
    }
  }

  /** Up to {@link #PREPARED_KEYS_MAX} public keys of {@code value}, in declaration order. */
  private static void collectKeys(Type type, Object value, List<byte[]> out) {
    if (out.size() >= PREPARED_KEYS_MAX) {
      return;
    }
    if (type instanceof Type.PublicKey) {
      out.add(((Key) value).bytes());
    } else if (type instanceof Type.ListOf list) {
      for (Object item : (List<?>) value) {
        collectKeys(list.of(), item, out);
      }
    } else if (type instanceof Type.Record record) {
      Values values = (Values) value;
      for (Type.Field f : record.fields()) {
        collectKeys(f.type(), values.asMap().get(f.name()), out);
      }
    }
  }

  /** A call's method and its arguments decoded and checked, or why not ({@code refused}). */
  private record Decoded(Method method, Values args, Outcome refused) {}

  /**
   * Finds {@code contract.name} and decodes {@code args} by its declaration, every public key
   * checked against the suite: the one way every call's arguments are read.
   */
  private Decoded decode(String contract, String name, byte[] args) {
    Optional<Method> method = method(contract, name);
    if (method.isEmpty()) {
      return new Decoded(null, null, unknown(contract, name));
    }
    Values values;
    try {
      values = (Values) Types.decode(method.get().arguments(), args, contract + "." + name);
    } catch (CodecException e) {
      return new Decoded(null, null, Outcome.failure(INVALID_ARGUMENTS, "%s", e.getMessage()));
    }
    Optional<Rejection> badKey = checkKeys(method.get().arguments(), values, "");
    if (badKey.isPresent()) {
      return new Decoded(null, null, new Outcome.Failure(badKey.get()));
    }
    return new Decoded(method.get(), values, null);
  }

  /**
   * Runs {@code body}; a meter overrun, a namespace breach or any exception is a failed receipt.
   */
  private static Outcome guarded(java.util.function.Supplier<Outcome> body) {
    try {
      return body.get();
    } catch (Meter.Exceeded e) {
      return Outcome.failure(WORK_LIMIT_EXCEEDED, "%s", e.getMessage());
    } catch (ScopedState.Violation e) {
      return Outcome.failure(NAMESPACE_VIOLATION, "%s", e.getMessage());
    } catch (RuntimeException e) {
      // A bug in a contract (an overflow, a missing record): the same input throws the same on
      // every replica, so the same failed receipt is recorded everywhere and the chain goes on.
      return Outcome.failure(
          CONTRACT_FAILED,
          "the contract failed: %s%s",
          e.getClass().getSimpleName(),
          e.getMessage() == null ? "" : ": " + e.getMessage());
    }
  }

  private Outcome unknown(String contract, String method) {
    if (!contracts.containsKey(contract)) {
      return Outcome.failure(
          UNKNOWN_CONTRACT,
          "call.contract: expected one of %s, found '%s'",
          contracts.keySet(),
          contract);
    }
    return Outcome.failure(
        UNKNOWN_METHOD,
        "call.method: expected one of %s for contract %s, found '%s'",
        methods.get(contract).keySet(),
        contract,
        method);
  }

  /**
   * Authorises and runs one method. {@code approved} marks the run of a prepared call that an
   * APPROVER has just approved ({@code approver} is set); otherwise a method under maker-checker is
   * only prepared.
   */
  Outcome invoke(
      Context context,
      Address approver,
      Meter meter,
      int depth,
      String contract,
      Method method,
      Values args,
      ContractState base,
      boolean approved) {
    meter.charge(Meter.CALL, "a call of " + contract + "." + method.name());
    Access access = method.access();
    Optional<Account> account = IdentityRegistry.account(base, context.sender());
    if (account.isEmpty() || !account.get().isActive()) {
      return Outcome.failure(
          NOT_AUTHORISED,
          "sender %s: expected an active account, found %s",
          context.sender(),
          account.isEmpty() ? "none" : "a revoked one");
    }
    Organisation org =
        IdentityRegistry.organisation(base, account.get().organisationUscc()).orElseThrow();
    if (io.credence.execution.governance.Governance.frozen(
        base, context.sender().hex(), context.height())) {
      return Outcome.failure(
          NOT_AUTHORISED,
          "sender %s: expected an account not frozen, found it frozen by a regulator",
          context.sender());
    }
    if (io.credence.execution.governance.Governance.frozen(base, org.uscc(), context.height())) {
      return Outcome.failure(
          NOT_AUTHORISED,
          "sender %s: expected an account of a member not frozen, found one of %s, frozen by a"
              + " regulator",
          context.sender(),
          org.uscc());
    }
    if (!org.isActive()) {
      return Outcome.failure(
          NOT_AUTHORISED,
          "sender %s: expected an account of an active member, found one of %s, %s by vote",
          context.sender(),
          org.uscc(),
          org.status());
    }
    boolean roleOk = access.accountRoles().stream().anyMatch(account.get()::hasRole);
    if (!roleOk) {
      return Outcome.failure(
          NOT_AUTHORISED,
          "%s.%s: expected a sender with role %s, found %s",
          contract,
          method.name(),
          access.accountRoles().size() == 1
              ? access.accountRoles().iterator().next()
              : "one of " + new java.util.TreeSet<>(access.accountRoles()),
          account.get().roles());
    }
    if (!access.organisationRoles().isEmpty() && !access.organisationRoles().contains(org.role())) {
      return Outcome.failure(
          NOT_AUTHORISED,
          "%s.%s: expected an organisation that is %s, found %s (%s)",
          contract,
          method.name(),
          access.organisationRoles().size() == 1
              ? access.organisationRoles().iterator().next()
              : "one of " + new java.util.TreeSet<>(access.organisationRoles()),
          org.role(),
          org.uscc());
    }
    if (access.kyc() && !org.kycValidOn(context.today())) {
      return Outcome.failure(
          KYC_REQUIRED,
          "organisation %s: expected KYC VERIFIED and valid on %s, found %s",
          org.uscc(),
          context.today(),
          org.kycSummary());
    }
    if (access.approvalNeededBy(account.get()::hasRole) && !approved) {
      if (depth > 1) {
        return Outcome.failure(
            APPROVAL_REQUIRED,
            "%s.%s: needs an approver's approval and cannot be called from another contract",
            contract,
            method.name());
      }
      return Approvals.prepare(
          this,
          new Frame(context, account.get(), org, null, meter, depth, Approvals.NAME, base),
          contract,
          method,
          args);
    }
    Frame frame = new Frame(context, account.get(), org, approver, meter, depth, contract, base);
    Invocation invocation =
        new Invocation(this, frame, args, new ScopedState(contract, base, meter));
    return method.handler().handle(invocation);
  }

  /** A call from one contract to another: same sender, its own buffer, one level deeper. */
  Outcome nested(Frame caller, String contract, String methodName, Values args) {
    if (caller.depth() >= CALL_DEPTH_MAX) {
      return Outcome.failure(
          CALL_DEPTH_EXCEEDED,
          "%s.%s: calls between contracts nest at most %d deep",
          contract,
          methodName,
          CALL_DEPTH_MAX);
    }
    Optional<Method> method = method(contract, methodName);
    if (method.isEmpty()) {
      return unknown(contract, methodName);
    }
    // The arguments are encoded by the callee's declaration and read back like a client's.
    byte[] encoded;
    try {
      encoded = Types.encode(method.get().arguments(), args);
    } catch (ClassCastException | IllegalArgumentException e) {
      return Outcome.failure(INVALID_ARGUMENTS, "%s.%s: %s", contract, methodName, e.getMessage());
    }
    Decoded d = decode(contract, methodName, encoded);
    if (d.refused() != null) {
      return d.refused();
    }
    BufferedState buffer = new BufferedState(caller.base());
    Outcome outcome;
    try {
      outcome =
          invoke(
              caller.context(),
              caller.approver(),
              caller.meter(),
              caller.depth() + 1,
              contract,
              d.method(),
              d.args(),
              buffer,
              false);
    } catch (Meter.Exceeded e) {
      throw e; // the transaction's budget is spent: the whole transaction fails
    } catch (RuntimeException e) {
      // The inner call failed; its caller decides what that means for the transaction.
      outcome =
          guarded(
              () -> {
                throw e;
              });
    }
    if (outcome instanceof Outcome.Success) {
      buffer.commit();
    }
    return outcome;
  }

  /** Runs a prepared call now approved, as its maker, with {@code approver} recorded. */
  Outcome runApproved(Frame approval, Address maker, Call prepared) {
    Decoded d = decode(prepared.contract(), prepared.method(), prepared.args());
    if (d.refused() != null) {
      return d.refused();
    }
    Context asMaker =
        new Context(
            maker,
            IdentityRegistry.account(approval.base(), maker)
                .map(Account::publicKey)
                .orElse(new byte[0]),
            approval.context().transaction(),
            approval.context().height(),
            approval.context().timestampMillis());
    return invoke(
        asMaker,
        approval.context().sender(),
        approval.meter(),
        approval.depth(),
        prepared.contract(),
        d.method(),
        d.args(),
        approval.base(),
        true);
  }

  /** Every public key in {@code value} must be a point of this chain's suite. */
  private Optional<Rejection> checkKeys(Type type, Object value, String path) {
    if (type instanceof Type.PublicKey && !suite.isValidPublicKey(((Key) value).bytes())) {
      return Optional.of(
          Rejection.of(
              INVALID_ARGUMENTS,
              "%s: expected a %d-byte %s public key, found %d bytes that are not one",
              path,
              suite.publicKeyLength(),
              suite.name(),
              ((Key) value).bytes().length));
    }
    if (type instanceof Type.ListOf list) {
      List<?> items = (List<?>) value;
      for (int i = 0; i < items.size(); i++) {
        Optional<Rejection> r = checkKeys(list.of(), items.get(i), path + "[" + i + "]");
        if (r.isPresent()) {
          return r;
        }
      }
    }
    if (type instanceof Type.Record record) {
      Values values = (Values) value;
      for (Type.Field f : record.fields()) {
        Optional<Rejection> r =
            checkKeys(
                f.type(),
                values.asMap().get(f.name()),
                path.isEmpty() ? f.name() : path + "." + f.name());
        if (r.isPresent()) {
          return r;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The catalogue: every contract with its methods, their arguments' types and who may call them,
   * as plain data (maps, lists, strings) for the API and the CLI.
   */
  public List<Map<String, Object>> catalogue() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Contract c : contracts.values()) {
      List<Object> ms = new ArrayList<>();
      for (Method m : methods.get(c.name()).values()) {
        Map<String, Object> access = new LinkedHashMap<>();
        access.put("accountRoles", sortedNames(m.access().accountRoles()));
        access.put("organisationRoles", sortedNames(m.access().organisationRoles()));
        access.put("kyc", m.access().kyc());
        access.put("makerChecker", m.access().needsApproval());
        List<Object> args = arguments(m.arguments());
        Map<String, Object> mm = new LinkedHashMap<>();
        mm.put("name", m.name());
        mm.put("doc", m.doc());
        mm.put("access", access);
        mm.put("arguments", args);
        ms.add(mm);
      }
      List<Object> qs = new ArrayList<>();
      for (Query q : queries.get(c.name()).values()) {
        Map<String, Object> qq = new LinkedHashMap<>();
        qq.put("name", q.name());
        qq.put("doc", q.doc());
        qq.put("arguments", arguments(q.arguments()));
        qq.put("answer", q.answer().descriptor());
        qs.add(qq);
      }
      Map<String, Object> cc = new LinkedHashMap<>();
      cc.put("name", c.name());
      cc.put("doc", c.doc());
      cc.put("methods", ms);
      cc.put("queries", qs);
      out.add(cc);
    }
    return out;
  }

  private static List<Object> arguments(Type.Record record) {
    List<Object> args = new ArrayList<>();
    for (Type.Field f : record.fields()) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("name", f.name());
      a.put("doc", f.doc());
      a.put("type", f.type().descriptor());
      a.put("describe", f.type().describe());
      if (f.defaultPlain() != null) {
        a.put("default", f.defaultPlain());
      }
      args.add(a);
    }
    return args;
  }

  /** Answers a built-in query (see {@link #query}). */
  public static Answer queryBuiltIn(
      String contract,
      String name,
      Map<String, ?> plain,
      ContractState state,
      long height,
      io.credence.core.CalendarDate today) {
    return Declarations.BUILT_IN.query(contract, name, plain, state, height, today);
  }

  private static List<String> sortedNames(java.util.Set<? extends Enum<?>> set) {
    return set.stream().map(Enum::name).sorted().toList();
  }

  /**
   * A call of {@code contract.method} with arguments in plain form (name to string, number,
   * boolean, list or map), encoded by the declaration; an unknown method or a bad argument throws
   * {@link IllegalArgumentException} naming it, the expected and the found value.
   */
  public Call call(String contract, String method, Map<String, ?> plain) {
    Method m =
        method(contract, method)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        contract
                            + "."
                            + method
                            + ": no such method; expected one of "
                            + methods.keySet().stream()
                                .flatMap(
                                    c -> methods.get(c).keySet().stream().map(n -> c + "." + n))
                                .toList()));
    Object values = m.arguments().fromPlain("", plain);
    return new Call(contract, method, Types.encode(m.arguments(), values));
  }

  /** The built-in contracts' declarations, which do not depend on the chain's suite. */
  private static final class Declarations {
    static final Runtime BUILT_IN = builtIn(CryptoSuite.named("standard"));
  }

  /**
   * A call of a built-in contract's method with plain arguments (see {@link #call}), for clients
   * that build calls without a chain at hand.
   */
  public static Call encodeCall(String contract, String method, Map<String, ?> plain) {
    return Declarations.BUILT_IN.call(contract, method, plain);
  }

  /** Whether {@code contract} is a built-in contract. */
  public static boolean isBuiltInContract(String contract) {
    return Declarations.BUILT_IN.methods.containsKey(contract);
  }

  /** Whether {@code contract.method} is a method of the built-in contracts. */
  public static boolean isBuiltInMethod(String contract, String method) {
    return Declarations.BUILT_IN.method(contract, method).isPresent();
  }

  /** The catalogue of the built-in contracts (see {@link #catalogue}). */
  public static List<Map<String, Object>> builtInCatalogue() {
    return Declarations.BUILT_IN.catalogue();
  }

  /** The plain form of a built-in call's arguments, if it decodes. */
  public static Optional<Object> decodeArguments(Call call) {
    return Declarations.BUILT_IN.plainArguments(call);
  }

  /** The plain form of a call's arguments by its declaration; empty if it has none or they fail. */
  public Optional<Object> plainArguments(Call call) {
    Optional<Method> m = method(call.contract(), call.method());
    if (m.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          m.get()
              .arguments()
              .toPlain(Types.decode(m.get().arguments(), call.args(), call.contract())));
    } catch (CodecException e) {
      return Optional.empty();
    }
  }
}
