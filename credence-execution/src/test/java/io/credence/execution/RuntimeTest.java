package io.credence.execution;

import static io.credence.execution.TestChain.code;
import static io.credence.execution.TestChain.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Amount;
import io.credence.core.Call;
import io.credence.core.Hash;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.types.Param;
import io.credence.core.types.Values;
import io.credence.execution.identity.AccountRole;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every rejection the runtime itself makes, each triggered by a call, with the state unchanged
 * after each; and what it guarantees around handlers: writes stay in their namespace, an inner
 * call's failure leaves nothing, anything a handler throws is a failed receipt.
 */
class RuntimeTest {
  static final Param<Amount> FACE = Param.amount("face", "an amount");
  static final Param<Long> TIMES = Param.u64("times", "how many");
  static final Param<String> NOTE = Param.text("note", 32, "a note");

  /** A contract made to misbehave on demand. */
  static final class Probe implements Contract {
    @Override
    public String name() {
      return "probe";
    }

    @Override
    public String doc() {
      return "test probe";
    }

    @Override
    public void initialise(Genesis genesis, ContractState state) {
      state.put(key("init"), new byte[] {1});
    }

    static byte[] key(String suffix) {
      return ("probe/" + suffix).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public List<Method> methods() {
      Access anyone = Access.role(AccountRole.ADMIN, AccountRole.OPERATOR, AccountRole.APPROVER);
      return List.of(
          Method.named("note").args(NOTE).access(anyone).handle(this::note),
          Method.named("overflow").args(FACE).access(anyone).handle(this::overflow),
          Method.named("boom")
              .access(anyone)
              .handle(
                  call -> {
                    call.state().put(key("before-boom"), new byte[] {1});
                    throw new IllegalStateException("no record for the key");
                  }),
          Method.named("trespass")
              .access(anyone)
              .handle(
                  call -> {
                    call.state()
                        .put("identity/account/x".getBytes(StandardCharsets.US_ASCII), new byte[1]);
                    return call.success();
                  }),
          Method.named("spin")
              .args(TIMES)
              .access(anyone)
              .handle(
                  call -> {
                    for (long i = 0; i < call.arg(TIMES); i++) {
                      call.state().put(key("spin/" + i), new byte[64]);
                    }
                    return call.success();
                  }),
          Method.named("recurse")
              .access(anyone)
              .handle(call -> call.call("probe", "recurse", new Values(Map.of()))),
          Method.named("noteThenFailInside")
              .args(NOTE)
              .access(anyone)
              .handle(
                  call -> {
                    call.state().put(key("outer"), new byte[] {1});
                    Outcome inner =
                        call.call("probe", "overflow", new Values(Map.of("face", Amount.ofFen(1))));
                    return inner instanceof Outcome.Failure ? call.success() : call.fail("X", "no");
                  }),
          Method.named("noteInside")
              .args(NOTE)
              .access(anyone)
              .handle(call -> call.call("probe", "note", call.args())),
          Method.named("bankOnly")
              .access(anyone.in(OrganisationRole.BANK))
              .handle(Invocation::success),
          Method.named("needsKyc").access(anyone.withKyc()).handle(Invocation::success),
          Method.named("confirm").args(NOTE).access(Access.makerChecker()).handle(this::note),
          Method.named("confirmInside")
              .args(NOTE)
              .access(anyone)
              .handle(call -> call.call("probe", "confirm", call.args())),
          Method.named("confirmInsideOrFail")
              .args(NOTE)
              .access(anyone)
              .handle(
                  call -> {
                    Outcome inner = call.call("probe", "confirm", call.args());
                    return inner instanceof Outcome.Failure f
                        ? call.fail(f.rejection().code(), "%s", f.rejection().message())
                        : inner;
                  }));
    }

    @Override
    public List<Query> queries() {
      return List.of(
          Query.named("scribble")
              .answers(io.credence.core.types.Types.BOOL)
              .handle(
                  q -> {
                    q.state().put(key("x"), new byte[1]);
                    return true;
                  }),
          Query.named("wide")
              .args(TIMES)
              .answers(io.credence.core.types.Types.U64)
              .handle(
                  q -> {
                    long found = 0;
                    for (long i = 0; i < q.arg(TIMES); i++) {
                      found += q.state().get(key("w/" + i)) == null ? 0 : 1;
                    }
                    return found;
                  }),
          Query.named("heavy")
              .args(TIMES)
              .answers(io.credence.core.types.Types.U64)
              .handle(
                  q -> {
                    long n = 0;
                    for (long i = 0; i < q.arg(TIMES); i++) {
                      n += q.state().get(key("init")).length;
                    }
                    return n;
                  }));
    }

    private Outcome note(Invocation call) {
      call.state().put(key("note"), call.arg(NOTE).getBytes(StandardCharsets.UTF_8));
      call.emit(
          "Noted",
          "note",
          call.arg(NOTE),
          "by",
          call.sender().hex(),
          "approver",
          call.approver().map(a -> a.hex()).orElse("-"));
      return call.success();
    }

    private Outcome overflow(Invocation call) {
      call.state().put(key("before-overflow"), new byte[] {1});
      Amount.ofFen(Long.MAX_VALUE).plus(call.arg(FACE));
      return call.success();
    }
  }

  private final TestChain c = new TestChain(new Probe());

  private Outcome probe(KeyPair sender, String method, Object... args) {
    return c.call(sender, "probe", method, args);
  }

  private void assertRejectedUnchanged(String code, java.util.function.Supplier<Outcome> call) {
    var before = c.state.snapshot();
    Outcome o = call.get();
    assertEquals(code, code(o), () -> o.toString());
    assertEquals(before, c.state.snapshot(), "a rejection changes nothing");
  }

  @Test
  void genesis_initialisesEveryContract_inItsNamespace() {
    assertNotNull(c.state.get(Probe.key("init")));
  }

  @Test
  void unknownContractOrMethod() {
    assertRejectedUnchanged(
        Runtime.UNKNOWN_CONTRACT, () -> c.run(c.coreAdmin, new Call("nope", "x", new byte[0])));
    assertRejectedUnchanged(
        Runtime.UNKNOWN_METHOD, () -> c.run(c.coreAdmin, new Call("probe", "x", new byte[0])));
    Outcome o = c.run(c.coreAdmin, new Call("probe", "x", new byte[0]));
    assertTrue(message(o).startsWith("call.method: expected one of [note, overflow,"), message(o));
  }

  @Test
  void damagedOrTrailingArgumentBytes_invalidArguments_namingTheArgument() {
    assertRejectedUnchanged(
        Runtime.INVALID_ARGUMENTS,
        () -> c.run(c.coreAdmin, new Call("probe", "note", new byte[] {5, 'a'})));
    Outcome o = c.run(c.coreAdmin, new Call("probe", "note", new byte[] {5, 'a'}));
    assertTrue(message(o).contains("probe.note.note"), message(o));
    byte[] good = c.runtime.call("probe", "note", Map.of("note", "hi")).args();
    byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
    assertRejectedUnchanged(
        Runtime.INVALID_ARGUMENTS, () -> c.run(c.coreAdmin, new Call("probe", "note", longer)));
  }

  @Test
  void aThrowingHandler_failsWithAStableCode_andLeavesNothing() {
    assertRejectedUnchanged(Runtime.CONTRACT_FAILED, () -> probe(c.coreAdmin, "boom"));
    assertEquals(
        "the contract failed: IllegalStateException: no record for the key",
        message(probe(c.coreAdmin, "boom")));
    assertRejectedUnchanged(
        Runtime.CONTRACT_FAILED, () -> probe(c.coreAdmin, "overflow", "face", "0.01"));
    assertNull(c.state.get(Probe.key("before-overflow")));
  }

  @Test
  void aWriteOutsideTheContractsNamespace_isRefused() {
    assertRejectedUnchanged(Runtime.NAMESPACE_VIOLATION, () -> probe(c.coreAdmin, "trespass"));
    assertTrue(
        message(probe(c.coreAdmin, "trespass")).contains("expected to write keys under 'probe/'"));
  }

  @Test
  void work_isBoundedByTheChainsLimit() {
    assertEquals("SUCCESS", code(probe(c.coreAdmin, "spin", "times", 10)));
    assertRejectedUnchanged(
        Runtime.WORK_LIMIT_EXCEEDED, () -> probe(c.coreAdmin, "spin", "times", 100_000));
    assertTrue(
        message(probe(c.coreAdmin, "spin", "times", 100_000))
            .startsWith("work: expected at most transactionWorkMax=100000 units"));
    c.workMax = 200;
    assertRejectedUnchanged(
        Runtime.WORK_LIMIT_EXCEEDED, () -> probe(c.coreAdmin, "spin", "times", 10));
  }

  @Test
  void callsBetweenContracts_nestBoundedly_andAFailedInnerCallLeavesNothing() {
    assertRejectedUnchanged(Runtime.CALL_DEPTH_EXCEEDED, () -> probe(c.coreAdmin, "recurse"));
    Outcome o = probe(c.coreAdmin, "noteThenFailInside", "note", "x");
    assertEquals("SUCCESS", code(o));
    assertNotNull(c.state.get(Probe.key("outer")), "the caller's own write stays");
    assertNull(c.state.get(Probe.key("before-overflow")), "the failed inner call's write does not");
    Outcome inside = probe(c.coreAdmin, "noteInside", "note", "deep");
    assertEquals("SUCCESS", code(inside));
    assertEquals("deep", new String(c.state.get(Probe.key("note")), StandardCharsets.UTF_8));
    assertEquals(1, ((Outcome.Success) inside).events().size(), "the inner call's event is kept");
  }

  @Test
  void organisationRoleAndKyc_fromTheDeclaration() {
    assertRejectedUnchanged(Runtime.NOT_AUTHORISED, () -> probe(c.coreAdmin, "bankOnly"));
    assertTrue(
        message(probe(c.coreAdmin, "bankOnly"))
            .contains("expected an organisation that is BANK, found CORE_ENTERPRISE"));
    assertEquals("SUCCESS", code(probe(c.bankAdmin, "bankOnly")));
    assertRejectedUnchanged(Runtime.KYC_REQUIRED, () -> probe(c.bankAdmin, "needsKyc"));
    assertEquals(
        "SUCCESS",
        code(
            c.call(
                c.coreAdmin,
                "identity",
                "setKyc",
                "organisation",
                c.bankUscc,
                "status",
                "VERIFIED",
                "validUntil",
                "2026-06-30")));
    assertEquals("SUCCESS", code(probe(c.bankAdmin, "needsKyc")));
    c.timestampMillis += 40L * 86_400_000L; // past 2026-06-30
    assertEquals(Runtime.KYC_REQUIRED, code(probe(c.bankAdmin, "needsKyc")));
    assertTrue(message(probe(c.bankAdmin, "needsKyc")).contains("found VERIFIED until 2026-06-30"));
  }

  @Test
  void makerChecker_anOperatorPrepares_anotherAccountsApproverMakesItTakeEffect() {
    KeyPair operator = c.registered(c.coreAdmin, "OPERATOR");
    KeyPair approver = c.registered(c.coreAdmin, "APPROVER");
    KeyPair both = c.registered(c.coreAdmin, "OPERATOR,APPROVER");
    assertRejectedUnchanged(Runtime.NOT_AUTHORISED, () -> probe(approver, "confirm", "note", "n"));
    Hash id = c.nextTransaction();
    Outcome prepared = probe(operator, "confirm", "note", "ship it");
    assertEquals("SUCCESS", code(prepared));
    assertNull(c.state.get(Probe.key("note")), "prepared, not applied");
    assertEquals("Prepared", ((Outcome.Success) prepared).events().get(0).name());
    // The bank's approver, the maker itself and an unknown id are refused.
    KeyPair bankApprover = c.registered(c.bankAdmin, "APPROVER");
    assertRejectedUnchanged(
        Runtime.NOT_AUTHORISED, () -> c.call(bankApprover, "approvals", "approve", "id", id.hex()));
    assertRejectedUnchanged(
        Runtime.NOT_AUTHORISED, () -> c.call(operator, "approvals", "approve", "id", id.hex()));
    assertRejectedUnchanged(
        Approvals.APPROVAL_NOT_FOUND,
        () -> c.call(approver, "approvals", "approve", "id", Hash.ZERO.hex()));
    Hash own = c.nextTransaction();
    assertEquals("SUCCESS", code(probe(both, "confirm", "note", "mine")));
    assertRejectedUnchanged(
        Approvals.SAME_ACCOUNT, () -> c.call(both, "approvals", "approve", "id", own.hex()));
    // The approval runs the call as its maker, with the approver recorded.
    Outcome approved = c.call(approver, "approvals", "approve", "id", id.hex());
    assertEquals("SUCCESS", code(approved));
    assertEquals("ship it", new String(c.state.get(Probe.key("note")), StandardCharsets.UTF_8));
    var noted = ((Outcome.Success) approved).events().get(1);
    assertEquals(c.address(operator), noted.attributes().get("by"));
    assertEquals(c.address(approver), noted.attributes().get("approver"));
    assertRejectedUnchanged(
        Approvals.APPROVAL_NOT_FOUND,
        () -> c.call(approver, "approvals", "approve", "id", id.hex()));
    // Too late: approvals expire; the maker withdraws instead.
    c.timestampMillis += (Approvals.APPROVAL_DAYS_MAX + 1) * 86_400_000L;
    assertRejectedUnchanged(
        Approvals.APPROVAL_EXPIRED,
        () -> c.call(approver, "approvals", "approve", "id", own.hex()));
    assertEquals(
        "SUCCESS", code(c.call(both, "approvals", "reject", "id", own.hex(), "reason", "stale")));
  }

  @Test
  void makerChecker_cannotBeSidesteppedThroughAnotherContract() {
    KeyPair operator = c.registered(c.coreAdmin, "OPERATOR");
    assertRejectedUnchanged(
        Runtime.APPROVAL_REQUIRED, () -> probe(operator, "confirmInsideOrFail", "note", "n"));
    assertTrue(
        message(probe(operator, "confirmInsideOrFail", "note", "n"))
            .contains("cannot be called from another contract"));
    assertEquals(Runtime.APPROVAL_REQUIRED, code(probe(operator, "confirmInside", "note", "n")));
    assertNull(c.state.get(Probe.key("note")));
  }

  @Test
  void makerChecker_pendingCallsPerOrganisation_areBounded() {
    KeyPair operator = c.registered(c.coreAdmin, "OPERATOR");
    for (int i = 0; i < Approvals.PENDING_PER_ORGANISATION_MAX; i++) {
      assertEquals("SUCCESS", code(probe(operator, "confirm", "note", "n" + i)));
    }
    assertRejectedUnchanged(
        Approvals.TOO_MANY_PENDING, () -> probe(operator, "confirm", "note", "one more"));
  }

  @Test
  void queries_answerFromState_recordWhatTheyRead_andCannotWriteOrRunAway() {
    KeyPair clerk = c.registered(c.coreAdmin, "OPERATOR,VIEWER");
    Runtime.Answer a =
        c.runtime.query(
            "identity",
            "account",
            Map.of("address", c.address(clerk)),
            c.state,
            c.height(),
            c.today());
    @SuppressWarnings("unchecked")
    Map<String, Object> answer = (Map<String, Object>) a.plain();
    assertEquals(c.address(clerk), answer.get("address"));
    assertEquals(List.of("OPERATOR", "VIEWER"), answer.get("roles"));
    assertEquals(true, answer.get("active"));
    assertEquals(1, a.keysRead().size(), "one state value read: the account record");
    Query.Failure none =
        assertThrows(
            Query.Failure.class,
            () ->
                c.runtime.query(
                    "identity",
                    "account",
                    Map.of("address", "00".repeat(20)),
                    c.state,
                    c.height(),
                    c.today()));
    assertEquals("NOT_FOUND", none.code());
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    c.runtime.query(
                        "identity", "everyone", Map.of(), c.state, c.height(), c.today()))
            .getMessage()
            .startsWith("identity.everyone: no such query"));
    var before = c.state.snapshot();
    assertEquals(
        Runtime.CONTRACT_FAILED,
        assertThrows(
                Query.Failure.class,
                () ->
                    c.runtime.query("probe", "scribble", Map.of(), c.state, c.height(), c.today()))
            .code());
    assertEquals(before, c.state.snapshot());
    assertEquals(
        Runtime.WORK_LIMIT_EXCEEDED,
        assertThrows(
                Query.Failure.class,
                () ->
                    c.runtime.query(
                        "probe",
                        "heavy",
                        Map.of("times", 1_000_000),
                        c.state,
                        c.height(),
                        c.today()))
            .code());
    // Proofs cover the distinct keys read, up to a bound: past it the answer says it is unprovable.
    assertEquals(
        1,
        c.runtime
            .query("probe", "heavy", Map.of("times", 10), c.state, c.height(), c.today())
            .keysRead()
            .size());
    Runtime.Answer wide =
        c.runtime.query(
            "probe",
            "wide",
            Map.of("times", Runtime.QUERY_PROVEN_KEYS_MAX),
            c.state,
            c.height(),
            c.today());
    assertTrue(wide.provable());
    assertEquals(Runtime.QUERY_PROVEN_KEYS_MAX, wide.keysRead().size());
    assertTrue(
        !c.runtime
            .query(
                "probe",
                "wide",
                Map.of("times", Runtime.QUERY_PROVEN_KEYS_MAX + 1),
                c.state,
                c.height(),
                c.today())
            .provable());
    @SuppressWarnings("unchecked")
    List<String> validators =
        (List<String>)
            c.runtime
                .query("consensus", "validators", Map.of(), c.state, c.height(), c.today())
                .plain();
    assertEquals(c.genesis.validators().size(), validators.size());
  }

  @Test
  void buildingACall_namesTheArgument_expectedAndFound() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> c.runtime.call("probe", "overflow", Map.of("face", "12.345")));
    assertEquals("face: expected yuan with at most two decimals, found '12.345'", e.getMessage());
    IllegalArgumentException m =
        assertThrows(
            IllegalArgumentException.class, () -> c.runtime.call("probe", "nothing", Map.of()));
    assertTrue(m.getMessage().startsWith("probe.nothing: no such method; expected one of"));
  }

  @Test
  void theCatalogue_describesEveryMethodFromItsDeclaration() {
    var catalogue = c.runtime.catalogue();
    var identity =
        catalogue.stream().filter(x -> x.get("name").equals("identity")).findFirst().orElseThrow();
    @SuppressWarnings("unchecked")
    var methods = (List<Map<String, Object>>) identity.get("methods");
    var register =
        methods.stream().filter(m -> m.get("name").equals("register")).findFirst().orElseThrow();
    assertEquals(
        Map.of(
            "accountRoles",
            List.of("ADMIN"),
            "organisationRoles",
            List.of(),
            "kyc",
            false,
            "makerChecker",
            false),
        register.get("access"));
    @SuppressWarnings("unchecked")
    var args = (List<Map<String, Object>>) register.get("arguments");
    assertEquals("publicKey", args.get(0).get("name"));
    assertEquals(Map.of("type", "publicKey"), args.get(0).get("type"));
  }
}
