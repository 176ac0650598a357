package io.credence.execution;

import io.credence.core.Address;
import io.credence.core.CalendarDate;
import io.credence.core.Event;
import io.credence.core.types.Param;
import io.credence.core.types.Values;
import io.credence.execution.identity.Account;
import io.credence.execution.identity.Organisation;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A method's call as its handler sees it: the caller (authorised already), the decoded arguments,
 * the contract's own state (writable under its namespace, metered), events to emit, and calls to
 * other contracts inside the same all-or-nothing transaction.
 */
public final class Invocation {
  private final Runtime runtime;
  private final Runtime.Frame frame;
  private final Values args;
  private final ContractState state;
  private final List<Event> events = new ArrayList<>();

  Invocation(Runtime runtime, Runtime.Frame frame, Values args, ContractState state) {
    this.runtime = runtime;
    this.frame = frame;
    this.args = args;
    this.state = state;
  }

  public <T> T arg(Param<T> param) {
    return args.get(param);
  }

  public Values args() {
    return args;
  }

  /** The caller: for a method under maker-checker, the OPERATOR who prepared the call. */
  public Address sender() {
    return frame.context().sender();
  }

  public Account account() {
    return frame.account();
  }

  public Organisation organisation() {
    return frame.organisation();
  }

  /** The APPROVER whose approval made this call take effect, for methods under maker-checker. */
  public java.util.Optional<Address> approver() {
    return java.util.Optional.ofNullable(frame.approver());
  }

  public Context context() {
    return frame.context();
  }

  public long height() {
    return frame.context().height();
  }

  public CalendarDate today() {
    return frame.context().today();
  }

  /** State: reads anywhere, writes under this contract's name only. */
  public ContractState state() {
    return state;
  }

  /** Charges {@code units} of work for what the handler does beyond state access. */
  public void charge(long units, String what) {
    frame.meter().charge(units, what);
  }

  /** Records an event with attributes given as name, value pairs. */
  public void emit(String name, String... attributes) {
    if (attributes.length % 2 != 0) {
      throw new IllegalArgumentException(
          "event " + name + ": attributes come in name, value pairs");
    }
    TreeMap<String, String> map = new TreeMap<>();
    for (int i = 0; i < attributes.length; i += 2) {
      map.put(attributes[i], attributes[i + 1]);
    }
    Event event = new Event(frame.contract(), name, map);
    frame.meter().charge(Meter.EVENT + Meter.bytes(Event.CODEC.encode(event).length), "an event");
    events.add(event);
  }

  /** Success with the events emitted so far. */
  public Outcome success() {
    return new Outcome.Success(events);
  }

  /** A rejection that changes nothing; {@code code} is stable, the message names the field. */
  public Outcome fail(String code, String format, Object... args) {
    return Outcome.failure(code, format, args);
  }

  /**
   * Calls {@code method} of {@code contract} as the same sender, authorised like a call of its own:
   * its writes and events join this call's if it succeeds and are discarded if it fails.
   */
  public Outcome call(String contract, String method, Values arguments) {
    Outcome outcome = runtime.nested(frame, contract, method, arguments);
    if (outcome instanceof Outcome.Success s) {
      events.addAll(s.events());
    }
    return outcome;
  }

  List<Event> events() {
    return events;
  }

  Runtime.Frame frame() {
    return frame;
  }

  Runtime runtime() {
    return runtime;
  }
}
