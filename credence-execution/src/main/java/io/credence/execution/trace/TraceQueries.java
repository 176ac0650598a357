package io.credence.execution.trace;

import io.credence.core.gs1.Epc;
import io.credence.core.types.Param;
import io.credence.core.types.Type;
import io.credence.core.types.Types;
import io.credence.core.types.Values;
import io.credence.execution.ContractState;
import io.credence.execution.Query;
import io.credence.execution.QueryCall;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the traceability contract answers: a product, a location, a thing (where it is, who holds
 * it), an event, a thing's custody chain, and traces backward (what went into it) and forward
 * (where it went, with every current holder: a recall list). A trace walks at most {@code depthMax}
 * steps and visits at most {@code nodesMax} things, both capped by the contract's named limits, and
 * says whether it was cut and why.
 */
final class TraceQueries {
  private TraceQueries() {}

  private static final Param<?>[] OBJECT_FIELDS = {
    Trace.EPC,
    Param.text("holder", 18, "the organisation that holds it (or held it last)"),
    Param.text("location", Trace.EPC_CHARS_MAX, "where it is (an SGLN)"),
    Param.choice("status", TracedObject.Status.class, ""),
    Param.text("inTransitTo", 18, "the party it was shipped to, while in transit"),
    Param.text("parent", Trace.EPC_CHARS_MAX, "the unit it is packed in, or empty"),
    Param.list(
        "children",
        Param.text("epc", Trace.EPC_CHARS_MAX, ""),
        Trace.CHILDREN_MAX,
        "what is packed in it"),
    Param.list(
        "madeFrom",
        Param.text("epc", Trace.EPC_CHARS_MAX, ""),
        Trace.EPCS_PER_EVENT_MAX,
        "what it was made from"),
    Param.list(
        "madeInto",
        Param.text("epc", Trace.EPC_CHARS_MAX, ""),
        Trace.MADE_INTO_MAX,
        "what it was made into"),
    Param.list(
        "events",
        Param.u64("event", ""),
        Trace.EVENTS_PER_OBJECT_MAX,
        "the events that moved it, in order"),
    Param.u64("height", "the height it was commissioned at")
  };

  static final Type OBJECT_ANSWER = record(OBJECT_FIELDS);

  private static final Param<Values> REACHED =
      Param.record(
          "thing",
          "",
          Trace.EPC,
          Param.u64("depth", "steps from the thing asked about"),
          Param.text("holder", 18, ""),
          Param.text("location", Trace.EPC_CHARS_MAX, ""),
          Param.choice("status", TracedObject.Status.class, ""),
          Param.text("inTransitTo", 18, ""),
          Param.text("commissionedBy", 18, "who brought it onto the chain"),
          Param.text("commissionedAt", Trace.EPC_CHARS_MAX, "where"));

  static final Type TRACE_ANSWER =
      Types.record(
          Trace.EPC.field(),
          Param.list("reached", REACHED, Trace.TRACE_NODES_MAX, "in the order walked").field(),
          Param.list(
                  "holders",
                  Param.text("holder", 18, ""),
                  Trace.TRACE_NODES_MAX,
                  "every organisation holding one of them now, or receiving one in transit")
              .field(),
          Param.bool("cut", "true when a limit stopped the walk: the answer is partial").field(),
          Param.text("cutBecause", 128, "which limit, or empty").field());

  private static final Param<Values> STEP =
      Param.record(
          "step",
          "",
          Trace.EVENT,
          Param.text("bizStep", Trace.TEXT_CHARS_MAX, ""),
          Param.text("signer", 18, "the organisation that signed it"),
          Param.text("bizLocation", Trace.EPC_CHARS_MAX, ""),
          Param.u64("eventTime", ""),
          Param.u64("height", "where the chain recorded it"));

  static final Type CUSTODY_ANSWER =
      Types.record(
          Trace.EPC.field(),
          Param.list("steps", STEP, Trace.EVENTS_PER_OBJECT_MAX, "oldest first").field(),
          Param.choice("status", TracedObject.Status.class, "where it stands now").field());

  private static Type record(Param<?>... fields) {
    Type.Field[] list = new Type.Field[fields.length];
    for (int i = 0; i < fields.length; i++) {
      list[i] = fields[i].field();
    }
    return Types.record(list);
  }

  static List<Query> all() {
    return List.of(
        Query.named("product")
            .doc("A product registered by its GTIN")
            .args(Trace.GTIN)
            .answers(
                record(
                    Param.text("gtin", 14, ""),
                    Param.text("name", 128, ""),
                    Param.text("owner", 18, "")))
            .handle(
                q -> {
                  String gtin = q.arg(Trace.GTIN);
                  String gtin14 = "0".repeat(Math.max(0, 14 - gtin.length())) + gtin;
                  Trace.Product p =
                      Trace.product(q.state(), gtin14)
                          .orElseThrow(
                              () ->
                                  q.none(
                                      "NOT_FOUND",
                                      "gtin: expected a registered product, found no %s",
                                      gtin));
                  return values("gtin", p.gtin(), "name", p.name(), "owner", p.owner());
                }),
        Query.named("location")
            .doc("A location or party registered by its GLN")
            .args(Trace.GLN)
            .answers(
                record(
                    Param.text("gln", Trace.EPC_CHARS_MAX, ""),
                    Param.text("name", 128, ""),
                    Param.text("owner", 18, "")))
            .handle(
                q -> {
                  String text = q.arg(Trace.GLN);
                  String identity =
                      text.length() == 13 ? "414/" + text : parse(q, text, "gln").identity();
                  Trace.Location l =
                      Trace.location(q.state(), identity)
                          .orElseThrow(
                              () ->
                                  q.none(
                                      "NOT_FOUND",
                                      "gln: expected a registered location, found no %s",
                                      text));
                  return values("gln", l.epc(), "name", l.name(), "owner", l.owner());
                }),
        Query.named("object")
            .doc("A thing: who holds it, where, in transit to whom, what it holds and came from")
            .args(Trace.EPC)
            .answers(OBJECT_ANSWER)
            .handle(q -> object(q, found(q))),
        Query.named("event")
            .doc("An event as recorded, with its signer and height")
            .args(Trace.EVENT)
            .answers(EVENT_ANSWER)
            .handle(
                q ->
                    Trace.event(q.state(), q.arg(Trace.EVENT))
                        .map(TraceQueries::event)
                        .orElseThrow(
                            () ->
                                q.none(
                                    "NOT_FOUND",
                                    "event: expected the number of a recorded event, found %d",
                                    q.arg(Trace.EVENT)))),
        Query.named("custody")
            .doc("A thing's custody chain: each event that moved it, who signed it, where")
            .args(Trace.EPC)
            .answers(CUSTODY_ANSWER)
            .handle(
                q -> {
                  TracedObject o = found(q);
                  List<Values> steps = new ArrayList<>();
                  for (long id : o.events()) {
                    TraceEvent e = Trace.event(q.state(), id).orElseThrow();
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("event", id);
                    v.put("bizStep", Trace.shortName(e.bizStep()));
                    v.put("signer", e.signer());
                    v.put("bizLocation", e.bizLocation());
                    v.put("eventTime", e.eventTimeMillis());
                    v.put("height", e.height());
                    steps.add(new Values(v));
                  }
                  return values("epc", o.epc(), "steps", steps, "status", o.status());
                }),
        Query.named("backward")
            .doc(
                "Backward trace: every thing that went into this one (lots, farms' harvests),"
                    + " with who commissioned each and where")
            .args(Trace.EPC, Trace.DEPTH, Trace.NODES)
            .answers(TRACE_ANSWER)
            .handle(q -> walk(q, false)),
        Query.named("forward")
            .doc(
                "Forward trace: every thing made from this one or packed with it, and who holds"
                    + " each now: the recall list")
            .args(Trace.EPC, Trace.DEPTH, Trace.NODES)
            .answers(TRACE_ANSWER)
            .handle(q -> walk(q, true)));
  }

  private static Values values(Object... nameValues) {
    Map<String, Object> v = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      v.put((String) nameValues[i], nameValues[i + 1]);
    }
    return new Values(v);
  }

  private static Epc parse(QueryCall q, String text, String field) {
    java.util.Optional<String> bad = Epc.problem(text);
    if (bad.isPresent()) {
      throw q.none("INVALID_ARGUMENT", "%s: %s", field, bad.get());
    }
    return Epc.parse(field, text);
  }

  private static TracedObject found(QueryCall q) {
    Epc e = parse(q, q.arg(Trace.EPC), "epc");
    return Trace.object(q.state(), e.identity())
        .orElseThrow(
            () -> q.none("NOT_FOUND", "epc: expected a thing on the chain, found no %s", e));
  }

  private static String epcOf(ContractState state, String identity) {
    return Trace.object(state, identity).map(TracedObject::epc).orElse(identity);
  }

  private static String locationOf(ContractState state, String identity) {
    return identity.isEmpty()
        ? ""
        : Trace.location(state, identity).map(Trace.Location::epc).orElse(identity);
  }

  private static Values object(QueryCall q, TracedObject o) {
    ContractState s = q.state();
    return values(
        "epc",
        o.epc(),
        "holder",
        o.holder(),
        "location",
        locationOf(s, o.location()),
        "status",
        o.status(),
        "inTransitTo",
        o.inTransitTo(),
        "parent",
        o.parent().isEmpty() ? "" : epcOf(s, o.parent()),
        "children",
        o.children().stream().map(c -> epcOf(s, c)).toList(),
        "madeFrom",
        o.madeFrom().stream().map(c -> epcOf(s, c)).toList(),
        "madeInto",
        o.madeInto().stream().map(c -> epcOf(s, c)).toList(),
        "events",
        o.events(),
        "height",
        o.height());
  }

  /** A thing a walk reached, and how many steps from where it started. */
  record Reached(String identity, TracedObject thing, long depth) {}

  /** What a walk reached, the holders of those still held, and why it stopped early, if it did. */
  record Walked(List<Reached> reached, TreeSet<String> holders, String cutBecause) {
    List<String> identities() {
      return reached.stream().map(Reached::identity).toList();
    }

    boolean cut() {
      return !cutBecause.isEmpty();
    }
  }

  /** A forward walk from the thing {@code identity}, which must be on the chain. */
  static Walked forward(ContractState s, String identity, long depthMax, long nodesMax) {
    return walk(s, identity, Trace.object(s, identity).orElseThrow(), true, depthMax, nodesMax);
  }

  /**
   * Breadth-first from {@code startId}: backward along what each was made from; forward along what
   * each was made into, what it holds and what holds it (a recalled lot's cases on a pallet make
   * the pallet part of the recall).
   */
  static Walked walk(
      ContractState s,
      String startId,
      TracedObject start,
      boolean forward,
      long depthMax,
      long nodesMax) {
    Set<String> seen = new HashSet<>(List.of(startId));
    ArrayDeque<Reached> queue = new ArrayDeque<>();
    queue.add(new Reached(startId, start, 0));
    List<Reached> reached = new ArrayList<>();
    TreeSet<String> holders = new TreeSet<>();
    String cut = "";
    while (!queue.isEmpty() && !cut.startsWith("nodesMax")) {
      Reached next = queue.poll();
      TracedObject o = next.thing();
      List<String> onward = new ArrayList<>();
      if (forward) {
        onward.addAll(o.madeInto());
        onward.addAll(o.children());
        if (!o.parent().isEmpty()) {
          onward.add(o.parent());
        }
      } else {
        onward.addAll(o.madeFrom());
      }
      for (String id : onward) {
        if (!seen.add(id)) {
          continue;
        }
        if (next.depth() + 1 > depthMax) {
          cut = "depthMax " + depthMax + " reached";
          continue;
        }
        if (reached.size() >= nodesMax) {
          cut = "nodesMax " + nodesMax + " reached";
          break;
        }
        TracedObject t = Trace.object(s, id).orElseThrow();
        Reached r = new Reached(id, t, next.depth() + 1);
        reached.add(r);
        if (t.status() != TracedObject.Status.INACTIVE) {
          holders.add(t.status() == TracedObject.Status.IN_TRANSIT ? t.inTransitTo() : t.holder());
        }
        queue.add(r);
      }
    }
    return new Walked(reached, holders, cut);
  }

  private static Values walk(QueryCall q, boolean forward) {
    long depthMax = q.arg(Trace.DEPTH);
    long nodesMax = q.arg(Trace.NODES);
    if (depthMax < 1 || depthMax > Trace.TRACE_DEPTH_MAX) {
      throw q.none(
          "INVALID_ARGUMENT",
          "depthMax: expected 1 to %d, found %d",
          Trace.TRACE_DEPTH_MAX,
          depthMax);
    }
    if (nodesMax < 1 || nodesMax > Trace.TRACE_NODES_MAX) {
      throw q.none(
          "INVALID_ARGUMENT",
          "nodesMax: expected 1 to %d, found %d",
          Trace.TRACE_NODES_MAX,
          nodesMax);
    }
    TracedObject start = found(q);
    ContractState s = q.state();
    String startId = Epc.parse("epc", q.arg(Trace.EPC)).identity();
    Walked w = walk(s, startId, start, forward, depthMax, nodesMax);
    List<Values> reached = new ArrayList<>();
    for (Reached r : w.reached()) {
      TracedObject t = r.thing();
      TraceEvent first = Trace.event(s, t.events().get(0)).orElseThrow();
      reached.add(
          values(
              "epc",
              t.epc(),
              "depth",
              r.depth(),
              "holder",
              t.holder(),
              "location",
              locationOf(s, t.location()),
              "status",
              t.status(),
              "inTransitTo",
              t.inTransitTo(),
              "commissionedBy",
              first.signer(),
              "commissionedAt",
              first.bizLocation()));
    }
    return values(
        "epc",
        start.epc(),
        "reached",
        reached,
        "holders",
        new ArrayList<>(w.holders()),
        "cut",
        w.cut(),
        "cutBecause",
        w.cutBecause());
  }

  /** The answer of {@code trace.event}: the event as captured, with its signer and height. */
  static final Type EVENT_ANSWER =
      Types.record(
          Trace.EVENT.field(),
          Trace.TYPE.field(),
          Trace.ACTION.field(),
          Trace.EVENT_ID.field(),
          Trace.EVENT_TIME.field(),
          Trace.TIME_ZONE.field(),
          Trace.BIZ_STEP.field(),
          Trace.DISPOSITION.field(),
          Trace.READ_POINT.field(),
          Trace.BIZ_LOCATION.field(),
          Trace.EPC_LIST.field(),
          Trace.PARENT.field(),
          Trace.OUTPUT_LIST.field(),
          Trace.QUANTITY_LIST.field(),
          Trace.OUTPUT_QUANTITY_LIST.field(),
          Trace.SOURCES.field(),
          Trace.DESTINATIONS.field(),
          Trace.TRANSACTIONS.field(),
          Trace.DOCUMENTS.field(),
          Param.text("signer", 18, "the organisation that signed it").field(),
          Param.u64("height", "where the chain recorded it").field(),
          Trace.EXTENSIONS.field());

  static Values event(TraceEvent e) {
    return values(
        "event",
        e.id(),
        "type",
        e.type(),
        "action",
        e.action(),
        "eventId",
        e.eventId(),
        "eventTime",
        e.eventTimeMillis(),
        "timeZoneOffset",
        e.timeZoneOffset(),
        "bizStep",
        e.bizStep(),
        "disposition",
        e.disposition(),
        "readPoint",
        e.readPoint(),
        "bizLocation",
        e.bizLocation(),
        "epcList",
        e.epcs(),
        "parentId",
        e.parent(),
        "outputEpcList",
        e.outputs(),
        "quantityList",
        e.quantities().stream()
            .map(x -> values("epcClass", x.epcClass(), "quantity", x.quantity(), "uom", x.uom()))
            .toList(),
        "outputQuantityList",
        e.outputQuantities().stream()
            .map(x -> values("epcClass", x.epcClass(), "quantity", x.quantity(), "uom", x.uom()))
            .toList(),
        "sourceList",
        e.sources().stream().map(l -> values("type", l.type(), "value", l.value())).toList(),
        "destinationList",
        e.destinations().stream().map(l -> values("type", l.type(), "value", l.value())).toList(),
        "bizTransactionList",
        e.bizTransactions().stream()
            .map(l -> values("type", l.type(), "value", l.value()))
            .toList(),
        "documents",
        e.documents(),
        "signer",
        e.signer(),
        "height",
        e.height(),
        "extensions",
        e.extensions());
  }
}
