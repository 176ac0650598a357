package io.credence.execution.trace;

import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * One EPCIS 2.0 event as the chain keeps it: its type and action, business step and disposition,
 * when and where, what it names (items, a parent and its children, inputs and outputs, quantities
 * of classes), where it came from and goes to, the business transactions and documents behind it,
 * the organisation that signed it and the height it was recorded at. {@code extensions} holds the
 * event's fields outside the standard's core, as the capturing client gave them (JSON text), so
 * that the chain gives the event back whole.
 */
public record TraceEvent(
    long id,
    Type type,
    Action action,
    String eventId,
    long eventTimeMillis,
    String timeZoneOffset,
    String bizStep,
    String disposition,
    String readPoint,
    String bizLocation,
    List<String> epcs,
    String parent,
    List<String> outputs,
    List<Quantity> quantities,
    List<Quantity> outputQuantities,
    List<Link> sources,
    List<Link> destinations,
    List<Link> bizTransactions,
    List<Hash> documents,
    String signer,
    long height,
    String extensions) {
  /** The EPCIS event types the chain keeps. */
  public enum Type {
    OBJECT,
    AGGREGATION,
    TRANSFORMATION
  }

  /** EPCIS's action: ADD brings into being (or packs), DELETE ends (or unpacks), OBSERVE sees. */
  public enum Action {
    ADD,
    OBSERVE,
    DELETE,
    /** A transformation has none. */
    NONE
  }

  /** A quantity of a class of things (a lot, any item of a product). */
  public record Quantity(String epcClass, String quantity, String uom) {}

  /** A typed reference: a source, a destination or a business transaction. */
  public record Link(String type, String value) {}

  public TraceEvent {
    epcs = List.copyOf(epcs);
    outputs = List.copyOf(outputs);
    quantities = List.copyOf(quantities);
    outputQuantities = List.copyOf(outputQuantities);
    sources = List.copyOf(sources);
    destinations = List.copyOf(destinations);
    bizTransactions = List.copyOf(bizTransactions);
    documents = List.copyOf(documents);
  }

  static final Codec<TraceEvent> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, TraceEvent e) {
          w.u64(e.id).u8(e.type.ordinal()).u8(e.action.ordinal()).string(e.eventId);
          w.u64(e.eventTimeMillis).string(e.timeZoneOffset).string(e.bizStep);
          w.string(e.disposition).string(e.readPoint).string(e.bizLocation);
          TracedObject.strings(w, e.epcs);
          w.string(e.parent);
          TracedObject.strings(w, e.outputs);
          quantities(w, e.quantities);
          quantities(w, e.outputQuantities);
          links(w, e.sources);
          links(w, e.destinations);
          links(w, e.bizTransactions);
          w.varint(e.documents.size());
          e.documents.forEach(h -> h.write(w));
          w.string(e.signer).u64(e.height).string(e.extensions);
        }

        @Override
        public TraceEvent read(Reader r) {
          long id = r.u64();
          int type = r.u8();
          int action = r.u8();
          if (type >= Type.values().length || action >= Action.values().length) {
            throw new CodecException("event.type/action: unknown ordinal " + type + "/" + action);
          }
          String eventId = r.string("event.eventId", Trace.TEXT_CHARS_MAX);
          long time = r.u64();
          String offset = r.string("event.timeZoneOffset", 6);
          String bizStep = r.string("event.bizStep", Trace.TEXT_CHARS_MAX);
          String disposition = r.string("event.disposition", Trace.TEXT_CHARS_MAX);
          String readPoint = r.string("event.readPoint", Trace.EPC_CHARS_MAX);
          String bizLocation = r.string("event.bizLocation", Trace.EPC_CHARS_MAX);
          List<String> epcs = TracedObject.strings(r, "event.epcs", Trace.EPCS_PER_EVENT_MAX);
          String parent = r.string("event.parent", Trace.EPC_CHARS_MAX);
          List<String> outputs = TracedObject.strings(r, "event.outputs", Trace.EPCS_PER_EVENT_MAX);
          List<Quantity> quantities = quantities(r, "event.quantities");
          List<Quantity> outputQuantities = quantities(r, "event.outputQuantities");
          List<Link> sources = links(r, "event.sources");
          List<Link> destinations = links(r, "event.destinations");
          List<Link> transactions = links(r, "event.bizTransactions");
          int n = r.length("event.documents", Trace.DOCUMENTS_MAX);
          List<Hash> documents = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            documents.add(Hash.read(r));
          }
          return new TraceEvent(
              id,
              Type.values()[type],
              Action.values()[action],
              eventId,
              time,
              offset,
              bizStep,
              disposition,
              readPoint,
              bizLocation,
              epcs,
              parent,
              outputs,
              quantities,
              outputQuantities,
              sources,
              destinations,
              transactions,
              documents,
              r.string("event.signer", 18),
              r.u64(),
              r.string("event.extensions", Trace.EXTENSIONS_BYTES_MAX));
        }
      };

  private static void quantities(Writer w, List<Quantity> list) {
    w.varint(list.size());
    list.forEach(q -> w.string(q.epcClass()).string(q.quantity()).string(q.uom()));
  }

  private static List<Quantity> quantities(Reader r, String what) {
    int n = r.length(what, Trace.EPCS_PER_EVENT_MAX);
    List<Quantity> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          new Quantity(
              r.string(what, Trace.EPC_CHARS_MAX),
              r.string(what, Trace.TEXT_CHARS_MAX),
              r.string(what, Trace.TEXT_CHARS_MAX)));
    }
    return out;
  }

  private static void links(Writer w, List<Link> list) {
    w.varint(list.size());
    list.forEach(l -> w.string(l.type()).string(l.value()));
  }

  private static List<Link> links(Reader r, String what) {
    int n = r.length(what, Trace.LINKS_MAX);
    List<Link> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Link(r.string(what, Trace.TEXT_CHARS_MAX), r.string(what, Trace.TEXT_CHARS_MAX)));
    }
    return out;
  }
}
