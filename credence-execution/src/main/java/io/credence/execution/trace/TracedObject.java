package io.credence.execution.trace;

import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * A thing the chain traces: a serialised item, a lot, a logistic unit. Who holds it and where, in
 * transit to whom, what it is packed in and holds, what it was made from and into, and the events
 * that moved it (commissioning, shipping, receiving, packing, transformation), in order.
 */
public record TracedObject(
    String epc,
    String holder,
    String location,
    Status status,
    String inTransitTo,
    String parent,
    List<String> children,
    List<String> madeFrom,
    List<String> madeInto,
    List<Long> events,
    long height) {
  /** Where the thing stands. */
  public enum Status {
    /** Held by {@code holder} at {@code location}. */
    ACTIVE,
    /** Shipped by {@code holder} to {@code inTransitTo}, not yet received. */
    IN_TRANSIT,
    /** Decommissioned, or consumed by a transformation. */
    INACTIVE
  }

  public TracedObject {
    children = List.copyOf(children);
    madeFrom = List.copyOf(madeFrom);
    madeInto = List.copyOf(madeInto);
    events = List.copyOf(events);
  }

  TracedObject with(String holder, String location, Status status, String inTransitTo) {
    return new TracedObject(
        epc,
        holder,
        location,
        status,
        inTransitTo,
        parent,
        children,
        madeFrom,
        madeInto,
        events,
        height);
  }

  TracedObject withParent(String next) {
    return new TracedObject(
        epc,
        holder,
        location,
        status,
        inTransitTo,
        next,
        children,
        madeFrom,
        madeInto,
        events,
        height);
  }

  TracedObject withChildren(List<String> next) {
    return new TracedObject(
        epc,
        holder,
        location,
        status,
        inTransitTo,
        parent,
        next,
        madeFrom,
        madeInto,
        events,
        height);
  }

  TracedObject withMadeInto(List<String> next) {
    return new TracedObject(
        epc,
        holder,
        location,
        status,
        inTransitTo,
        parent,
        children,
        madeFrom,
        next,
        events,
        height);
  }

  TracedObject withEvent(long event) {
    List<Long> next = new ArrayList<>(events);
    next.add(event);
    return new TracedObject(
        epc,
        holder,
        location,
        status,
        inTransitTo,
        parent,
        children,
        madeFrom,
        madeInto,
        next,
        height);
  }

  static final Codec<TracedObject> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, TracedObject o) {
          w.string(o.epc).string(o.holder).string(o.location).u8(o.status.ordinal());
          w.string(o.inTransitTo).string(o.parent);
          strings(w, o.children);
          strings(w, o.madeFrom);
          strings(w, o.madeInto);
          w.varint(o.events.size());
          o.events.forEach(w::u64);
          w.u64(o.height);
        }

        @Override
        public TracedObject read(Reader r) {
          String epc = r.string("object.epc", Trace.EPC_CHARS_MAX);
          String holder = r.string("object.holder", 18);
          String location = r.string("object.location", Trace.EPC_CHARS_MAX);
          int status = r.u8();
          if (status >= Status.values().length) {
            throw new CodecException("object.status: unknown ordinal " + status);
          }
          String inTransitTo = r.string("object.inTransitTo", 18);
          String parent = r.string("object.parent", Trace.EPC_CHARS_MAX);
          List<String> children = strings(r, "object.children", Trace.CHILDREN_MAX);
          List<String> madeFrom = strings(r, "object.madeFrom", Trace.EPCS_PER_EVENT_MAX);
          List<String> madeInto = strings(r, "object.madeInto", Trace.MADE_INTO_MAX);
          int n = r.length("object.events", Trace.EVENTS_PER_OBJECT_MAX);
          List<Long> events = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            events.add(r.u64());
          }
          return new TracedObject(
              epc,
              holder,
              location,
              Status.values()[status],
              inTransitTo,
              parent,
              children,
              madeFrom,
              madeInto,
              events,
              r.u64());
        }
      };

  static void strings(Writer w, List<String> list) {
    w.varint(list.size());
    list.forEach(w::string);
  }

  static List<String> strings(Reader r, String what, int max) {
    int n = r.length(what, max);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(r.string(what, Trace.EPC_CHARS_MAX));
    }
    return out;
  }
}
