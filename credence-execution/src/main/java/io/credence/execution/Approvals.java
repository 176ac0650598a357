package io.credence.execution;

import io.credence.core.Address;
import io.credence.core.CalendarDate;
import io.credence.core.Call;
import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.genesis.Genesis;
import io.credence.core.types.Param;
import io.credence.core.types.Values;
import io.credence.execution.identity.AccountRole;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Maker-checker: a call of a method that asks for it is only prepared when an OPERATOR sends it; an
 * APPROVER of the same organisation, another account, approves it within {@link #APPROVAL_DAYS_MAX}
 * days and it then runs as the maker's call, or rejects it; the maker may withdraw it. An
 * organisation has at most {@link #PENDING_PER_ORGANISATION_MAX} calls waiting.
 */
public final class Approvals implements Contract {
  public static final String NAME = "approvals";
  public static final int PENDING_PER_ORGANISATION_MAX = 1_000;
  public static final int APPROVAL_DAYS_MAX = 7;

  public static final String APPROVAL_NOT_FOUND = "APPROVAL_NOT_FOUND";
  public static final String APPROVAL_EXPIRED = "APPROVAL_EXPIRED";
  public static final String SAME_ACCOUNT = "SAME_ACCOUNT";
  public static final String TOO_MANY_PENDING = "TOO_MANY_PENDING";

  static final Param<Hash> ID =
      Param.hash("id", "the prepared call: the hash of the transaction that prepared it");
  static final Param<String> REASON = Param.text("reason", 512, "why, in plain words");

  /** A prepared call waiting for its approval. */
  record Pending(Address maker, String organisation, Call call, CalendarDate preparedOn) {
    static final Codec<Pending> CODEC =
        new Codec<>() {
          @Override
          public void write(Writer w, Pending p) {
            p.maker.write(w);
            w.string(p.organisation);
            Call.CODEC.write(w, p.call);
            CalendarDate.CODEC.write(w, p.preparedOn);
          }

          @Override
          public Pending read(Reader r) {
            return new Pending(
                Address.read(r),
                r.string("pending.organisation", 64),
                Call.CODEC.read(r),
                CalendarDate.CODEC.read(r));
          }
        };
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "Maker-checker: approve or reject what an operator prepared";
  }

  @Override
  public void initialise(Genesis genesis, ContractState state) {
    // Nothing waits at genesis.
  }

  @Override
  public List<Method> methods() {
    return List.of(
        Method.named("approve")
            .doc("Approves a prepared call of your organisation: it runs now, as its maker's")
            .args(ID)
            .access(Access.role(AccountRole.APPROVER))
            .handle(this::approve),
        Method.named("reject")
            .doc("Rejects a prepared call (an approver), or withdraws it (its maker)")
            .args(ID, REASON)
            .access(Access.role(AccountRole.APPROVER, AccountRole.OPERATOR))
            .handle(this::reject));
  }

  static byte[] pendingKey(Hash id) {
    return (NAME + "/pending/" + id.hex()).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] countKey(String uscc) {
    return (NAME + "/count/" + uscc).getBytes(StandardCharsets.US_ASCII);
  }

  /** Stores {@code method}'s call as prepared by the frame's sender; the runtime calls this. */
  static Outcome prepare(
      Runtime runtime, Runtime.Frame frame, String contract, Method method, Values args) {
    ScopedState state = new ScopedState(NAME, frame.base(), frame.meter());
    String uscc = frame.organisation().uscc();
    int count = count(state, uscc);
    if (count >= PENDING_PER_ORGANISATION_MAX) {
      return Outcome.failure(
          TOO_MANY_PENDING,
          "organisation %s: has %d calls waiting for approval, the limit is %d",
          uscc,
          count,
          PENDING_PER_ORGANISATION_MAX);
    }
    Hash id = frame.context().transaction();
    Call call =
        new Call(
            contract, method.name(), io.credence.core.types.Types.encode(method.arguments(), args));
    state.put(
        pendingKey(id),
        Pending.CODEC.encode(
            new Pending(frame.context().sender(), uscc, call, frame.context().today())));
    state.put(countKey(uscc), new Writer(4).u32(count + 1).toByteArray());
    Invocation events = new Invocation(runtime, frame, new Values(java.util.Map.of()), state);
    events.emit(
        "Prepared",
        "id",
        id.hex(),
        "contract",
        contract,
        "method",
        method.name(),
        "maker",
        frame.context().sender().hex(),
        "organisation",
        uscc);
    return events.success();
  }

  private static int count(ContractState state, String uscc) {
    byte[] raw = state.get(countKey(uscc));
    return raw == null ? 0 : new Reader(raw).u32();
  }

  private Outcome approve(Invocation call) {
    Hash id = call.arg(ID);
    byte[] raw = call.state().get(pendingKey(id));
    if (raw == null) {
      return call.fail(
          APPROVAL_NOT_FOUND, "id %s: expected a prepared call, found none", id.abbreviated());
    }
    Pending pending = Pending.CODEC.decode(raw);
    if (!pending.organisation().equals(call.organisation().uscc())) {
      return call.fail(
          Runtime.NOT_AUTHORISED,
          "id %s: prepared in organisation %s, the approver belongs to %s",
          id.abbreviated(),
          pending.organisation(),
          call.organisation().uscc());
    }
    if (pending.maker().equals(call.sender())) {
      return call.fail(
          SAME_ACCOUNT,
          "id %s: the maker %s cannot approve its own call",
          id.abbreviated(),
          pending.maker());
    }
    CalendarDate last = pending.preparedOn().plusDays(APPROVAL_DAYS_MAX);
    if (call.today().isAfter(last)) {
      return call.fail(
          APPROVAL_EXPIRED,
          "id %s: expected approval by %s, found %s (reject it to clear it)",
          id.abbreviated(),
          last,
          call.today());
    }
    remove(call, id, pending);
    call.emit("Approved", "id", id.hex(), "approver", call.sender().hex());
    Outcome ran = call.runtime().runApproved(call.frame(), pending.maker(), pending.call());
    if (ran instanceof Outcome.Success s) {
      List<io.credence.core.Event> all = new java.util.ArrayList<>(call.events());
      all.addAll(s.events());
      return new Outcome.Success(all);
    }
    return ran;
  }

  private Outcome reject(Invocation call) {
    Hash id = call.arg(ID);
    byte[] raw = call.state().get(pendingKey(id));
    if (raw == null) {
      return call.fail(
          APPROVAL_NOT_FOUND, "id %s: expected a prepared call, found none", id.abbreviated());
    }
    Pending pending = Pending.CODEC.decode(raw);
    boolean maker = pending.maker().equals(call.sender());
    boolean approver =
        call.account().hasRole(AccountRole.APPROVER)
            && pending.organisation().equals(call.organisation().uscc());
    if (!maker && !approver) {
      return call.fail(
          Runtime.NOT_AUTHORISED,
          "id %s: expected its maker or an approver of organisation %s, found %s",
          id.abbreviated(),
          pending.organisation(),
          call.sender());
    }
    remove(call, id, pending);
    call.emit(
        maker ? "Withdrawn" : "Rejected",
        "id",
        id.hex(),
        "by",
        call.sender().hex(),
        "reason",
        call.arg(REASON));
    return call.success();
  }

  private static void remove(Invocation call, Hash id, Pending pending) {
    call.state().delete(pendingKey(id));
    int count = count(call.state(), pending.organisation());
    call.state()
        .put(
            countKey(pending.organisation()),
            new Writer(4).u32(Math.max(0, count - 1)).toByteArray());
  }
}
