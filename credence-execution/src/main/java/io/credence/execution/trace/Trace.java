package io.credence.execution.trace;

import io.credence.core.Hash;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.gs1.Epc;
import io.credence.core.gs1.Gs1Key;
import io.credence.core.types.Param;
import io.credence.core.types.Values;
import io.credence.execution.Access;
import io.credence.execution.Contract;
import io.credence.execution.ContractState;
import io.credence.execution.Invocation;
import io.credence.execution.Method;
import io.credence.execution.Outcome;
import io.credence.execution.Query;
import io.credence.execution.identity.AccountRole;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Traceability, modelled on GS1 EPCIS 2.0 (DOMAIN.md): master data (products by GTIN, locations and
 * parties by GLN) and events (commission, ship, receive, pack and unpack, transform, observe and
 * decommission), each with its time, place, business step, disposition, documents and signer.
 * Custody hands over in two steps: the holder's shipping event names the receiving party (an owning
 * or possessing party in its destinations) and puts the thing in transit to it, and that party's
 * receiving event takes it in; an unanswered shipment stays in transit. A shipping event that names
 * no party is an observation (custody stays); a holder receiving its own goods moves them to its
 * location. What the chain refuses is told with a code, the field, what was expected and what was
 * found, and changes nothing. Queries trace backward (what went into a thing) and forward (where it
 * went: the recall list), within named limits ({@link #TRACE_DEPTH_MAX}, {@link #TRACE_NODES_MAX}),
 * and say when an answer is cut.
 */
public final class Trace implements Contract {
  public static final String NAME = "trace";

  /** The longest identifier kept, in characters. */
  public static final int EPC_CHARS_MAX = Epc.CHARS_MAX;

  /** The longest business step, disposition, type or quantity text kept. */
  public static final int TEXT_CHARS_MAX = 256;

  /** Identifiers one event may name in each of its lists. */
  public static final int EPCS_PER_EVENT_MAX = 256;

  /** Things one logistic unit may hold at once. */
  public static final int CHILDREN_MAX = 256;

  /** Things one thing may be made into (a lot used in many batches). */
  public static final int MADE_INTO_MAX = 256;

  /** Events that move one thing (observations are not counted). */
  public static final int EVENTS_PER_OBJECT_MAX = 256;

  /** Things one shipment or receipt may move with their contents. */
  public static final int MOVED_MAX = 4_096;

  /** Sources, destinations or business transactions in one event. */
  public static final int LINKS_MAX = 16;

  /** Document hashes in one event. */
  public static final int DOCUMENTS_MAX = 16;

  /** The event's other fields, kept as JSON text. */
  public static final int EXTENSIONS_BYTES_MAX = 4_096;

  /** The deepest a trace walks, in steps. */
  public static final int TRACE_DEPTH_MAX = 64;

  /** The most things one trace visits. */
  public static final int TRACE_NODES_MAX = 1_000;

  public static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";
  public static final String PRODUCT_EXISTS = "PRODUCT_EXISTS";
  public static final String PRODUCT_NOT_FOUND = "PRODUCT_NOT_FOUND";
  public static final String LOCATION_EXISTS = "LOCATION_EXISTS";
  public static final String LOCATION_NOT_FOUND = "LOCATION_NOT_FOUND";
  public static final String NOT_YOUR_LOCATION = "NOT_YOUR_LOCATION";
  public static final String OBJECT_EXISTS = "OBJECT_EXISTS";
  public static final String OBJECT_NOT_FOUND = "OBJECT_NOT_FOUND";
  public static final String NOT_THE_HOLDER = "NOT_THE_HOLDER";
  public static final String NOT_THE_RECEIVER = "NOT_THE_RECEIVER";
  public static final String WRONG_STATE = "WRONG_STATE";
  public static final String ALREADY_PACKED = "ALREADY_PACKED";
  public static final String NOT_PACKED = "NOT_PACKED";
  public static final String CYCLE = "CYCLE";
  public static final String LIMIT_REACHED = "LIMIT_REACHED";
  public static final String NOT_THE_OWNER = "NOT_THE_OWNER";

  public static final String CAPTURED = "EventCaptured";

  // ---------------------------------------------------------------- arguments

  static final Param<String> GTIN =
      Param.text("gtin", 14, "the product's GTIN (8, 12, 13 or 14 digits, with its check digit)");
  static final Param<String> GLN =
      Param.text(
          "gln",
          EPC_CHARS_MAX,
          "the location's or party's GLN (13 digits), or its SGLN (urn:epc:id:sgln:... or a"
              + " Digital Link /414/...)");
  static final Param<String> NAME_ARG = Param.text("name", 128, "its name, for people");
  static final Param<TraceEvent.Type> TYPE =
      Param.choice("type", TraceEvent.Type.class, "OBJECT, AGGREGATION or TRANSFORMATION");
  static final Param<TraceEvent.Action> ACTION =
      Param.choice(
          "action",
          TraceEvent.Action.class,
          "ADD (commission, or pack), OBSERVE, DELETE (decommission, or unpack); NONE for a"
              + " transformation");
  static final Param<String> EVENT_ID =
      Param.text("eventId", TEXT_CHARS_MAX, "the capturing system's id of the event, or empty")
          .withDefault("");
  static final Param<Long> EVENT_TIME =
      Param.u64("eventTime", "when it happened, milliseconds since 1970-01-01T00:00Z");
  static final Param<String> TIME_ZONE =
      Param.text("timeZoneOffset", 6, "the local offset where it happened, +08:00");
  static final Param<String> BIZ_STEP =
      Param.text(
              "bizStep",
              TEXT_CHARS_MAX,
              "the CBV business step (commissioning, shipping, receiving, packing, ...), short or"
                  + " as a URI")
          .withDefault("");
  static final Param<String> DISPOSITION =
      Param.text("disposition", TEXT_CHARS_MAX, "the CBV disposition (in_transit, ...), or empty")
          .withDefault("");
  static final Param<String> READ_POINT =
      Param.text("readPoint", EPC_CHARS_MAX, "where it was seen (an SGLN), or empty")
          .withDefault("");
  static final Param<String> BIZ_LOCATION =
      Param.text("bizLocation", EPC_CHARS_MAX, "where the things are after it (an SGLN), or empty")
          .withDefault("");
  static final Param<List<String>> EPC_LIST =
      Param.list(
              "epcList",
              Param.text("epc", EPC_CHARS_MAX, ""),
              EPCS_PER_EVENT_MAX,
              "the things it names: an object event's items, an aggregation's children, a"
                  + " transformation's inputs")
          .withDefault(List.of());
  static final Param<String> PARENT =
      Param.text("parentId", EPC_CHARS_MAX, "an aggregation's parent (an SSCC), or empty")
          .withDefault("");
  static final Param<List<String>> OUTPUT_LIST =
      Param.list(
              "outputEpcList",
              Param.text("epc", EPC_CHARS_MAX, ""),
              EPCS_PER_EVENT_MAX,
              "a transformation's outputs")
          .withDefault(List.of());
  private static final Param<Values> QUANTITY =
      Param.record(
          "quantity",
          "",
          Param.text("epcClass", EPC_CHARS_MAX, "a lot (LGTIN) or a product pattern"),
          Param.text("quantity", 32, "how much, a decimal"),
          Param.text("uom", 8, "its UN/ECE unit, or empty for a count"));
  static final Param<List<Values>> QUANTITY_LIST =
      Param.list(
              "quantityList",
              QUANTITY,
              EPCS_PER_EVENT_MAX,
              "quantities of classes: an object event's, an aggregation's children, a"
                  + " transformation's inputs")
          .withDefault(List.of());
  static final Param<List<Values>> OUTPUT_QUANTITY_LIST =
      Param.list("outputQuantityList", QUANTITY, EPCS_PER_EVENT_MAX, "a transformation's outputs")
          .withDefault(List.of());
  private static final Param<Values> LINK =
      Param.record(
          "link",
          "",
          Param.text("type", TEXT_CHARS_MAX, "its CBV type"),
          Param.text("value", TEXT_CHARS_MAX, "the party, location or transaction"));
  static final Param<List<Values>> SOURCES =
      Param.list("sourceList", LINK, LINKS_MAX, "where it came from (owning_party, location, ...)")
          .withDefault(List.of());
  static final Param<List<Values>> DESTINATIONS =
      Param.list(
              "destinationList",
              LINK,
              LINKS_MAX,
              "where it goes; a shipment names the receiving party (owning_party or"
                  + " possessing_party: a GLN registered by the receiver)")
          .withDefault(List.of());
  static final Param<List<Values>> TRANSACTIONS =
      Param.list(
              "bizTransactionList", LINK, LINKS_MAX, "the purchase orders, invoices it belongs to")
          .withDefault(List.of());
  static final Param<List<Hash>> DOCUMENTS =
      Param.list(
              "documents",
              Param.hash("document", "a document's SHA-256"),
              DOCUMENTS_MAX,
              "the hashes of its documents (delivery note, certificate of origin, ...)")
          .withDefault(List.of());
  static final Param<String> EXTENSIONS =
      Param.text(
              "extensions",
              EXTENSIONS_BYTES_MAX,
              "the event's other fields as a JSON object (ilmd, sensor data, extensions), or empty")
          .withDefault("");
  static final Param<String> EPC =
      Param.text("epc", EPC_CHARS_MAX, "a thing's EPC URI or Digital Link");
  static final Param<Long> EVENT = Param.u64("event", "the event's number on the chain");
  static final Param<String> REASON = Param.text("reason", 512, "why, in words");
  static final Param<Long> RECALL_DEPTH =
      Param.u64("depthMax", "the most steps a recall walks (default and at most 64)")
          .withDefault((long) 64);
  static final Param<Long> RECALL_NODES =
      Param.u64(
              "nodesMax",
              "the most things a recall marks (default and at most 1000; a smaller walk fits a"
                  + " lower work limit, and a second recall can start where it was cut)")
          .withDefault((long) 1_000);
  static final Param<Long> DEPTH =
      Param.u64("depthMax", "the most steps to walk (at most " + TRACE_DEPTH_MAX + ")");
  static final Param<Long> NODES =
      Param.u64("nodesMax", "the most things to visit (at most " + TRACE_NODES_MAX + ")");

  private static final Pattern TIME_ZONE_FORMAT = Pattern.compile("[+-](0[0-9]|1[0-4]):[0-5][0-9]");
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,18}(\\.[0-9]{1,6})?");

  // ---------------------------------------------------------------- declaration

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "Traceability (GS1 EPCIS 2.0): products, locations, and the events that move goods";
  }

  @Override
  public List<Method> methods() {
    Access staff = Access.role(AccountRole.ADMIN, AccountRole.OPERATOR);
    return List.of(
        Method.named("registerProduct")
            .doc("A manufacturer (core enterprise or supplier) registers a product by its GTIN")
            .args(GTIN, NAME_ARG)
            .access(staff.in(OrganisationRole.CORE_ENTERPRISE, OrganisationRole.SUPPLIER))
            .handle(this::registerProduct),
        Method.named("registerLocation")
            .doc("A member registers one of its locations (or itself as a party) by its GLN")
            .args(GLN, NAME_ARG)
            .access(staff)
            .handle(this::registerLocation),
        Method.named("capture")
            .doc(
                "Records an EPCIS event signed by the sender's organisation: commissioning,"
                    + " shipping, receiving, packing, unpacking, transformation, observation")
            .args(
                TYPE,
                ACTION,
                EVENT_ID,
                EVENT_TIME,
                TIME_ZONE,
                BIZ_STEP,
                DISPOSITION,
                READ_POINT,
                BIZ_LOCATION,
                EPC_LIST,
                PARENT,
                OUTPUT_LIST,
                QUANTITY_LIST,
                OUTPUT_QUANTITY_LIST,
                SOURCES,
                DESTINATIONS,
                TRANSACTIONS,
                DOCUMENTS,
                EXTENSIONS)
            .access(staff)
            .handle(this::capture),
        Method.named("recall")
            .doc(
                "Recalls a thing and everything made from it or shipped with it: records who holds"
                    + " each, and marks them (a product's owner, or a regulator)")
            .args(EPC, REASON, RECALL_DEPTH, RECALL_NODES)
            .access(staff)
            .handle(this::recall));
  }

  @Override
  public List<Query> queries() {
    return TraceQueries.all();
  }

  @Override
  public void initialise(Genesis genesis, ContractState state) {
    // Nothing at genesis: products, locations and events come with the members.
  }

  // ---------------------------------------------------------------- state

  public static byte[] key(String kind, String id) {
    return ("trace/" + kind + "/" + id).getBytes(StandardCharsets.UTF_8);
  }

  private static final byte[] NEXT_EVENT = "trace/next-event".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NEXT_RECALL = "trace/next-recall".getBytes(StandardCharsets.US_ASCII);

  /** A recall: the thing recalled, why, by whom, what it reached, who held those, if cut. */
  public record Recall(
      long id,
      String epc,
      String reason,
      String signer,
      long height,
      List<String> reached,
      List<String> holders,
      boolean cut) {}

  /** The recall numbered {@code id}, if issued. */
  public static Optional<Recall> recall(ContractState state, long id) {
    byte[] raw = state.get(key("recall", Long.toString(id)));
    if (raw == null) {
      return Optional.empty();
    }
    Reader r = new Reader(raw);
    String epc = r.string("recall.epc", EPC_CHARS_MAX);
    String reason = r.string("recall.reason", 512);
    String signer = r.string("recall.signer", 18);
    long height = r.u64();
    List<String> reached = TracedObject.strings(r, "recall.reached", TRACE_NODES_MAX + 1);
    List<String> holders = TracedObject.strings(r, "recall.holders", TRACE_NODES_MAX);
    return Optional.of(new Recall(id, epc, reason, signer, height, reached, holders, r.bool()));
  }

  /** The recall that reached the thing {@code identity}, the latest if several; empty if none. */
  public static Optional<Long> recalledBy(ContractState state, String identity) {
    byte[] raw = state.get(key("recalled", identity));
    return raw == null ? Optional.empty() : Optional.of(new Reader(raw).u64());
  }

  /** A product: its GTIN (14 digits), name and the organisation that registered it. */
  public record Product(String gtin, String name, String owner) {}

  /** A location or party: its SGLN as written, name and owner. */
  public record Location(String epc, String name, String owner) {}

  public static Optional<Product> product(ContractState state, String gtin14) {
    byte[] raw = state.get(key("product", gtin14));
    if (raw == null) {
      return Optional.empty();
    }
    Reader r = new Reader(raw);
    return Optional.of(
        new Product(gtin14, r.string("product.name", 128), r.string("product.owner", 18)));
  }

  static Optional<Location> location(ContractState state, String identity) {
    byte[] raw = state.get(key("location", identity));
    if (raw == null) {
      return Optional.empty();
    }
    Reader r = new Reader(raw);
    return Optional.of(
        new Location(
            r.string("location.epc", EPC_CHARS_MAX),
            r.string("location.name", 128),
            r.string("location.owner", 18)));
  }

  /** The thing of {@code identity} ({@link Epc#identity()}), if the chain traces it. */
  public static Optional<TracedObject> object(ContractState state, String identity) {
    byte[] raw = state.get(key("object", identity));
    return raw == null ? Optional.empty() : Optional.of(TracedObject.CODEC.decode(raw));
  }

  /** The event numbered {@code id}, if recorded. */
  public static Optional<TraceEvent> event(ContractState state, long id) {
    byte[] raw = state.get(key("event", Long.toString(id)));
    return raw == null ? Optional.empty() : Optional.of(TraceEvent.CODEC.decode(raw));
  }

  // ---------------------------------------------------------------- master data

  private Outcome registerProduct(Invocation call) {
    String gtin = call.arg(GTIN);
    Optional<String> bad = Gs1Key.problem(Gs1Key.Kind.GTIN, gtin);
    if (bad.isPresent()) {
      return call.fail(INVALID_ARGUMENT, "gtin: %s", bad.get());
    }
    String gtin14 = new Gs1Key(Gs1Key.Kind.GTIN, gtin).gtin14();
    Optional<Product> known = product(call.state(), gtin14);
    if (known.isPresent()) {
      return call.fail(
          PRODUCT_EXISTS,
          "gtin: expected a product not registered yet, found %s registered by %s as '%s'",
          gtin14,
          known.get().owner(),
          known.get().name());
    }
    String owner = call.organisation().uscc();
    call.state()
        .put(
            key("product", gtin14),
            new Writer().string(call.arg(NAME_ARG)).string(owner).toByteArray());
    call.emit("ProductRegistered", "gtin", gtin14, "name", call.arg(NAME_ARG), "owner", owner);
    return call.success();
  }

  private Outcome registerLocation(Invocation call) {
    String text = call.arg(GLN);
    Epc gln;
    if (text.length() == 13 && text.chars().allMatch(Character::isDigit)) {
      Optional<String> bad = Gs1Key.problem(Gs1Key.Kind.GLN, text);
      if (bad.isPresent()) {
        return call.fail(INVALID_ARGUMENT, "gln: %s", bad.get());
      }
      gln = new Epc(Epc.Kind.SGLN, new Gs1Key(Gs1Key.Kind.GLN, text), "", 0);
    } else {
      Optional<String> bad = Epc.problem(text);
      if (bad.isPresent()) {
        return call.fail(INVALID_ARGUMENT, "gln: %s", bad.get());
      }
      gln = Epc.parse("gln", text);
      if (gln.kind() != Epc.Kind.SGLN) {
        return call.fail(
            INVALID_ARGUMENT, "gln: expected a GLN or an SGLN, found a %s (%s)", gln.kind(), text);
      }
    }
    Optional<Location> known = location(call.state(), gln.identity());
    if (known.isPresent()) {
      return call.fail(
          LOCATION_EXISTS,
          "gln: expected a location not registered yet, found %s registered by %s as '%s'",
          gln,
          known.get().owner(),
          known.get().name());
    }
    String owner = call.organisation().uscc();
    call.state()
        .put(
            key("location", gln.identity()),
            new Writer()
                .string(gln.toString())
                .string(call.arg(NAME_ARG))
                .string(owner)
                .toByteArray());
    call.emit(
        "LocationRegistered", "gln", gln.toString(), "name", call.arg(NAME_ARG), "owner", owner);
    return call.success();
  }

  // ---------------------------------------------------------------- recalls

  private Outcome recall(Invocation call) {
    String text = call.arg(EPC);
    Optional<String> bad = Epc.problem(text);
    if (bad.isPresent()) {
      return call.fail(INVALID_ARGUMENT, "epc: %s", bad.get());
    }
    Epc e = Epc.parse("epc", text);
    Optional<TracedObject> start = object(call.state(), e.identity());
    if (start.isEmpty()) {
      return call.fail(
          OBJECT_NOT_FOUND, "epc: expected a thing commissioned on the chain, found no %s", e);
    }
    String signer = call.organisation().uscc();
    boolean regulator = call.organisation().role() == OrganisationRole.REGULATOR;
    boolean owner =
        e.kind() != Epc.Kind.SSCC
            && product(call.state(), e.key().gtin14())
                .map(p -> p.owner().equals(signer))
                .orElse(false);
    if (!regulator && !owner) {
      return call.fail(
          NOT_THE_OWNER,
          "epc: expected a product of %s (or a regulator's recall), found %s of %s",
          signer,
          e,
          e.kind() == Epc.Kind.SSCC
              ? "no product"
              : product(call.state(), e.key().gtin14()).map(Product::owner).orElse("nobody"));
    }
    long depthMax = call.arg(RECALL_DEPTH);
    long nodesMax = call.arg(RECALL_NODES);
    if (depthMax < 1 || depthMax > TRACE_DEPTH_MAX || nodesMax < 1 || nodesMax > TRACE_NODES_MAX) {
      return call.fail(
          INVALID_ARGUMENT,
          "depthMax, nodesMax: expected 1 to %d and 1 to %d, found %d and %d",
          TRACE_DEPTH_MAX,
          TRACE_NODES_MAX,
          depthMax,
          nodesMax);
    }
    TraceQueries.Walked walked =
        TraceQueries.forward(call.state(), e.identity(), depthMax, nodesMax);
    byte[] raw = call.state().get(NEXT_RECALL);
    long id = raw == null ? 1 : new Reader(raw).u64();
    List<String> reached = new ArrayList<>(List.of(e.identity()));
    reached.addAll(walked.identities());
    java.util.TreeSet<String> holders = new java.util.TreeSet<>(walked.holders());
    TracedObject s = start.get();
    if (s.status() != TracedObject.Status.INACTIVE) {
      holders.add(s.status() == TracedObject.Status.IN_TRANSIT ? s.inTransitTo() : s.holder());
    }
    Writer w =
        new Writer()
            .string(e.toString())
            .string(call.arg(REASON))
            .string(signer)
            .u64(call.height());
    TracedObject.strings(w, reached);
    TracedObject.strings(w, new ArrayList<>(holders));
    w.bool(walked.cut());
    call.state().put(key("recall", Long.toString(id)), w.toByteArray());
    call.state().put(NEXT_RECALL, new Writer().u64(id + 1).toByteArray());
    byte[] mark = new Writer().u64(id).toByteArray();
    for (String identity : reached) {
      call.state().put(key("recalled", identity), mark);
    }
    call.emit(
        "RecallIssued",
        "recall",
        Long.toString(id),
        "epc",
        e.toString(),
        "things",
        Integer.toString(reached.size()),
        "holders",
        String.join(",", holders),
        "cut",
        Boolean.toString(walked.cut()));
    return call.success();
  }

  // ---------------------------------------------------------------- events

  /** A refusal, carried out of the checks; nothing is written until every check passed. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String code;

    Refused(String code, String format, Object... args) {
      super(String.format(java.util.Locale.ROOT, format, args), null, false, false);
      this.code = code;
    }
  }

  /** The business step's short CBV name ("shipping"), from any of the forms EPCIS allows. */
  public static String shortName(String cbv) {
    for (String prefix :
        List.of(
            "urn:epcglobal:cbv:bizstep:",
            "https://ref.gs1.org/cbv/BizStep-",
            "urn:epcglobal:cbv:sdt:",
            "https://ref.gs1.org/cbv/SDT-",
            "urn:epcglobal:cbv:disp:",
            "https://ref.gs1.org/cbv/Disp-")) {
      if (cbv.startsWith(prefix)) {
        return cbv.substring(prefix.length());
      }
    }
    return cbv;
  }

  private Outcome capture(Invocation call) {
    try {
      return captured(call, new Changes(call.state()));
    } catch (Refused r) {
      return call.fail(r.code, "%s", r.getMessage());
    }
  }

  /** Objects read and changed by one event: written together once every check passed. */
  private static final class Changes {
    final ContractState state;
    final Map<String, TracedObject> touched = new LinkedHashMap<>();

    Changes(ContractState state) {
      this.state = state;
    }

    Optional<TracedObject> get(String identity) {
      TracedObject t = touched.get(identity);
      return t != null ? Optional.of(t) : object(state, identity);
    }

    TracedObject existing(String field, Epc epc) {
      return get(epc.identity())
          .orElseThrow(
              () ->
                  new Refused(
                      OBJECT_NOT_FOUND,
                      "%s: expected a thing commissioned on the chain, found no %s",
                      field,
                      epc));
    }

    void put(String identity, TracedObject o) {
      touched.put(identity, o);
    }

    void write() {
      touched.forEach((id, o) -> state.put(key("object", id), TracedObject.CODEC.encode(o)));
    }
  }

  private Outcome captured(Invocation call, Changes changes) {
    String signer = call.organisation().uscc();
    TraceEvent.Type type = call.arg(TYPE);
    TraceEvent.Action action = call.arg(ACTION);
    if ((type == TraceEvent.Type.TRANSFORMATION) != (action == TraceEvent.Action.NONE)) {
      throw new Refused(
          INVALID_ARGUMENT,
          "action: expected %s for a %s event, found %s",
          type == TraceEvent.Type.TRANSFORMATION ? "NONE" : "ADD, OBSERVE or DELETE",
          type,
          action);
    }
    String offset = call.arg(TIME_ZONE);
    if (!TIME_ZONE_FORMAT.matcher(offset).matches()) {
      throw new Refused(
          INVALID_ARGUMENT, "timeZoneOffset: expected +HH:MM or -HH:MM, found '%s'", offset);
    }
    String bizStep = shortName(call.arg(BIZ_STEP));
    Optional<Epc> readPoint = place(call.arg(READ_POINT), "readPoint");
    Optional<Epc> bizLocation = place(call.arg(BIZ_LOCATION), "bizLocation");
    List<Epc> epcs = things(call.arg(EPC_LIST), "epcList", false);
    List<Epc> outputs = things(call.arg(OUTPUT_LIST), "outputEpcList", false);
    List<TraceEvent.Quantity> quantities = quantities(call.arg(QUANTITY_LIST), "quantityList");
    List<TraceEvent.Quantity> outputQuantities =
        quantities(call.arg(OUTPUT_QUANTITY_LIST), "outputQuantityList");
    Optional<Epc> parent =
        call.arg(PARENT).isEmpty()
            ? Optional.empty()
            : Optional.of(thing(call.arg(PARENT), "parentId", false));
    if (type != TraceEvent.Type.AGGREGATION && parent.isPresent()) {
      throw new Refused(
          INVALID_ARGUMENT, "parentId: expected none for a %s event, found %s", type, parent.get());
    }
    if (type != TraceEvent.Type.TRANSFORMATION
        && (!outputs.isEmpty() || !outputQuantities.isEmpty())) {
      throw new Refused(
          INVALID_ARGUMENT,
          "outputEpcList: expected no outputs for a %s event, found %d",
          type,
          outputs.size() + outputQuantities.size());
    }
    List<TraceEvent.Link> destinations = links(call.arg(DESTINATIONS));
    long id = nextEvent(call.state());
    // The lots named by quantity lists are traced like items.
    List<Epc> lots = lots(quantities, "quantityList");
    List<Epc> outputLots = lots(outputQuantities, "outputQuantityList");
    List<Epc> named = new ArrayList<>(epcs);
    named.addAll(lots);
    distinct(named, "epcList");
    if (named.size() > EPCS_PER_EVENT_MAX) {
      throw new Refused(
          LIMIT_REACHED,
          "epcList: expected at most %d things named by one event, items and lots together,"
              + " found %d",
          EPCS_PER_EVENT_MAX,
          named.size());
    }
    // A shipping event that names its receiving party hands custody over; one that does not is
    // an observation.
    Optional<String> shippedTo =
        type == TraceEvent.Type.OBJECT
                && action == TraceEvent.Action.OBSERVE
                && bizStep.equals("shipping")
            ? receiver(call, destinations)
            : Optional.empty();
    String custody;
    switch (type) {
      case OBJECT -> {
        if (action == TraceEvent.Action.ADD) {
          custody = "COMMISSIONED";
          Epc at = ownLocation(call, bizLocation, "bizLocation");
          for (int i = 0; i < named.size(); i++) {
            create(call, changes, named.get(i), "epcList[" + i + "]", signer, at, List.of(), id);
          }
        } else if (action == TraceEvent.Action.DELETE) {
          custody = "DECOMMISSIONED";
          for (int i = 0; i < named.size(); i++) {
            TracedObject o = held(changes, named.get(i), "epcList[" + i + "]", signer);
            changes.put(
                named.get(i).identity(),
                recorded(o.with(o.holder(), o.location(), TracedObject.Status.INACTIVE, ""), id));
          }
        } else if (shippedTo.isPresent()) {
          custody = "SHIPPED";
          String to = shippedTo.get();
          for (int i = 0; i < named.size(); i++) {
            TracedObject o = held(changes, named.get(i), "epcList[" + i + "]", signer);
            if (!o.parent().isEmpty()) {
              throw new Refused(
                  ALREADY_PACKED,
                  "epcList[%d]: expected a thing not packed in another, found %s packed in %s;"
                      + " ship that, or unpack it first",
                  i,
                  named.get(i),
                  changes.get(o.parent()).map(TracedObject::epc).orElse(o.parent()));
            }
            move(
                changes,
                named.get(i).identity(),
                id,
                x -> x.with(x.holder(), x.location(), TracedObject.Status.IN_TRANSIT, to));
          }
        } else if (bizStep.equals("receiving")) {
          custody = "RECEIVED";
          Epc at = ownLocation(call, bizLocation, "bizLocation");
          for (int i = 0; i < named.size(); i++) {
            TracedObject o = changes.existing("epcList[" + i + "]", named.get(i));
            if (!o.parent().isEmpty()) {
              throw new Refused(
                  ALREADY_PACKED,
                  "epcList[%d]: expected a thing not packed in another, found %s packed in %s;"
                      + " receive that",
                  i,
                  named.get(i),
                  changes.get(o.parent()).map(TracedObject::epc).orElse(o.parent()));
            }
            if (o.status() == TracedObject.Status.ACTIVE && o.holder().equals(signer)) {
              // The holder receiving its own goods at one of its locations: they move there.
              move(
                  changes,
                  named.get(i).identity(),
                  id,
                  x -> x.with(signer, at.identity(), TracedObject.Status.ACTIVE, ""));
              continue;
            }
            if (o.status() != TracedObject.Status.IN_TRANSIT || !o.inTransitTo().equals(signer)) {
              throw new Refused(
                  NOT_THE_RECEIVER,
                  "epcList[%d]: expected %s in transit to %s, found it %s%s",
                  i,
                  named.get(i),
                  signer,
                  o.status(),
                  o.status() == TracedObject.Status.IN_TRANSIT ? " to " + o.inTransitTo() : "");
            }
            move(
                changes,
                named.get(i).identity(),
                id,
                x -> x.with(signer, at.identity(), TracedObject.Status.ACTIVE, ""));
          }
        } else {
          custody = "OBSERVED";
          for (int i = 0; i < named.size(); i++) {
            changes.existing("epcList[" + i + "]", named.get(i));
          }
        }
      }
      case AGGREGATION -> {
        Epc p =
            parent.orElseThrow(
                () ->
                    new Refused(
                        INVALID_ARGUMENT,
                        "parentId: expected the parent of an aggregation, found none"));
        if (action == TraceEvent.Action.ADD) {
          custody = "PACKED";
          pack(call, changes, p, epcs, bizLocation, signer, id);
        } else if (action == TraceEvent.Action.DELETE) {
          custody = "UNPACKED";
          unpack(changes, p, epcs, signer, id);
        } else {
          custody = "OBSERVED";
          changes.existing("parentId", p);
        }
      }
      default -> {
        custody = "TRANSFORMED";
        transform(call, changes, named, outputs, outputLots, bizLocation, signer, id);
      }
    }
    TraceEvent event =
        new TraceEvent(
            id,
            type,
            action,
            call.arg(EVENT_ID),
            call.arg(EVENT_TIME),
            offset,
            call.arg(BIZ_STEP),
            call.arg(DISPOSITION),
            readPoint.map(Epc::toString).orElse(""),
            bizLocation.map(Epc::toString).orElse(""),
            epcs.stream().map(Epc::toString).toList(),
            parent.map(Epc::toString).orElse(""),
            outputs.stream().map(Epc::toString).toList(),
            quantities,
            outputQuantities,
            links(call.arg(SOURCES)),
            destinations,
            links(call.arg(TRANSACTIONS)),
            call.arg(DOCUMENTS),
            signer,
            call.height(),
            call.arg(EXTENSIONS));
    changes.write();
    call.state().put(key("event", Long.toString(id)), TraceEvent.CODEC.encode(event));
    call.state().put(NEXT_EVENT, new Writer().u64(id + 1).toByteArray());
    call.emit(
        CAPTURED,
        "event",
        Long.toString(id),
        "type",
        type.name(),
        "custody",
        custody,
        "bizStep",
        bizStep,
        "signer",
        signer);
    return call.success();
  }

  private static long nextEvent(ContractState state) {
    byte[] raw = state.get(NEXT_EVENT);
    return raw == null ? 1 : new Reader(raw).u64();
  }

  private static Optional<Epc> place(String text, String field) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(thing(text, field, true));
  }

  /** {@code text} as an identifier: a place (SGLN) if {@code place}, else a thing (not a class). */
  private static Epc thing(String text, String field, boolean place) {
    Optional<String> bad = Epc.problem(text);
    if (bad.isPresent()) {
      throw new Refused(INVALID_ARGUMENT, "%s: %s", field, bad.get());
    }
    Epc e = Epc.parse(field, text);
    if (place != (e.kind() == Epc.Kind.SGLN) || e.kind().isClass()) {
      throw new Refused(
          INVALID_ARGUMENT,
          "%s: expected %s, found a %s (%s)",
          field,
          place ? "a location (SGLN)" : "an item (SGTIN) or a logistic unit (SSCC)",
          e.kind(),
          text);
    }
    return e;
  }

  private static List<Epc> things(List<String> texts, String field, boolean place) {
    List<Epc> out = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      out.add(thing(texts.get(i), field + "[" + i + "]", place));
    }
    return out;
  }

  private static List<TraceEvent.Quantity> quantities(List<Values> raw, String field) {
    List<TraceEvent.Quantity> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      Map<String, Object> v = raw.get(i).asMap();
      String epcClass = (String) v.get("epcClass");
      String quantity = (String) v.get("quantity");
      String where = field + "[" + i + "]";
      Optional<String> bad = Epc.problem(epcClass);
      if (bad.isPresent()) {
        throw new Refused(INVALID_ARGUMENT, "%s.epcClass: %s", where, bad.get());
      }
      if (!Epc.parse(where, epcClass).kind().isClass()) {
        throw new Refused(
            INVALID_ARGUMENT,
            "%s.epcClass: expected a class (a lot, urn:epc:class:lgtin:..., or a product pattern),"
                + " found an item %s",
            where,
            epcClass);
      }
      if (!DECIMAL.matcher(quantity).matches()) {
        throw new Refused(
            INVALID_ARGUMENT,
            "%s.quantity: expected a decimal such as 200 or 200.5, found '%s'",
            where,
            quantity);
      }
      out.add(
          new TraceEvent.Quantity(
              Epc.parse(where, epcClass).toString(), quantity, (String) v.get("uom")));
    }
    return out;
  }

  /** The lots among {@code quantities}: traced like items (a product pattern is not). */
  private static List<Epc> lots(List<TraceEvent.Quantity> quantities, String field) {
    List<Epc> out = new ArrayList<>();
    for (int i = 0; i < quantities.size(); i++) {
      Epc e = Epc.parse(field + "[" + i + "]", quantities.get(i).epcClass());
      if (e.kind() == Epc.Kind.LGTIN) {
        out.add(e);
      }
    }
    return out;
  }

  private static void distinct(List<Epc> epcs, String field) {
    Set<String> seen = new HashSet<>();
    for (Epc e : epcs) {
      if (!seen.add(e.identity())) {
        throw new Refused(
            INVALID_ARGUMENT, "%s: expected each thing once, found %s twice", field, e);
      }
    }
  }

  private static List<TraceEvent.Link> links(List<Values> raw) {
    List<TraceEvent.Link> out = new ArrayList<>();
    for (Values v : raw) {
      out.add(new TraceEvent.Link((String) v.asMap().get("type"), (String) v.asMap().get("value")));
    }
    return out;
  }

  /** The place {@code at}, which must be a location the sender's organisation registered. */
  private static Epc ownLocation(Invocation call, Optional<Epc> at, String field) {
    Epc where =
        at.orElseThrow(
            () ->
                new Refused(
                    INVALID_ARGUMENT,
                    "%s: expected where the things are after it, found none",
                    field));
    Location l =
        location(call.state(), where.identity())
            .orElseThrow(
                () ->
                    new Refused(
                        LOCATION_NOT_FOUND,
                        "%s: expected a registered location, found no %s",
                        field,
                        where));
    String signer = call.organisation().uscc();
    if (!l.owner().equals(signer)) {
      throw new Refused(
          NOT_YOUR_LOCATION,
          "%s: expected a location of %s, found %s, a location of %s",
          field,
          signer,
          where,
          l.owner());
    }
    return where;
  }

  /**
   * The party a shipment goes to: the organisation that registered the GLN of the first owning or
   * possessing party in {@code destinations}; empty if they name none (then it is an observation).
   */
  private static Optional<String> receiver(Invocation call, List<TraceEvent.Link> destinations) {
    for (int i = 0; i < destinations.size(); i++) {
      TraceEvent.Link d = destinations.get(i);
      String kind = shortName(d.type());
      if (kind.equals("owning_party") || kind.equals("possessing_party")) {
        String field = "destinationList[" + i + "].value";
        Epc party = thing(d.value(), field, true);
        return Optional.of(
            location(call.state(), party.identity())
                .orElseThrow(
                    () ->
                        new Refused(
                            LOCATION_NOT_FOUND,
                            "%s: expected a party's registered GLN, found no %s",
                            field,
                            party))
                .owner());
      }
    }
    return Optional.empty();
  }

  private static void create(
      Invocation call,
      Changes changes,
      Epc e,
      String field,
      String holder,
      Epc at,
      List<String> madeFrom,
      long id) {
    if (changes.get(e.identity()).isPresent()) {
      throw new Refused(
          OBJECT_EXISTS, "%s: expected a thing new to the chain, found %s commissioned", field, e);
    }
    if (e.kind() != Epc.Kind.SSCC && product(call.state(), e.key().gtin14()).isEmpty()) {
      throw new Refused(
          PRODUCT_NOT_FOUND,
          "%s: expected a product registered by its GTIN, found no %s (of %s)",
          field,
          e.key().gtin14(),
          e);
    }
    changes.put(
        e.identity(),
        new TracedObject(
            e.toString(),
            holder,
            at.identity(),
            TracedObject.Status.ACTIVE,
            "",
            "",
            List.of(),
            madeFrom,
            List.of(),
            List.of(id),
            call.height()));
  }

  /** The thing {@code e}, which the signer must hold here (active, not in transit). */
  private static TracedObject held(Changes changes, Epc e, String field, String signer) {
    TracedObject o = changes.existing(field, e);
    if (o.status() != TracedObject.Status.ACTIVE) {
      throw new Refused(
          WRONG_STATE,
          "%s: expected %s active, found it %s%s",
          field,
          e,
          o.status(),
          o.status() == TracedObject.Status.IN_TRANSIT ? " to " + o.inTransitTo() : "");
    }
    if (!o.holder().equals(signer)) {
      throw new Refused(
          NOT_THE_HOLDER,
          "%s: expected %s held by %s, found it held by %s",
          field,
          e,
          signer,
          o.holder());
    }
    return o;
  }

  /** Applies {@code change} to a thing and everything packed in it, recording the event. */
  private static void move(
      Changes changes,
      String identity,
      long id,
      java.util.function.UnaryOperator<TracedObject> change) {
    List<String> todo = new ArrayList<>(List.of(identity));
    int moved = 0;
    while (!todo.isEmpty()) {
      String next = todo.remove(todo.size() - 1);
      if (++moved > MOVED_MAX) {
        throw new Refused(
            LIMIT_REACHED,
            "epcList: expected at most %d things moved by one event, contents included, found"
                + " more",
            MOVED_MAX);
      }
      TracedObject o = changes.get(next).orElseThrow();
      changes.put(next, recorded(change.apply(o), id));
      todo.addAll(o.children());
    }
  }

  private static TracedObject recorded(TracedObject o, long id) {
    if (o.events().size() >= EVENTS_PER_OBJECT_MAX) {
      throw new Refused(
          LIMIT_REACHED,
          "%s: expected fewer than %d events that move it, found %d; decommission it and"
              + " commission a new one",
          o.epc(),
          EVENTS_PER_OBJECT_MAX,
          o.events().size());
    }
    return o.withEvent(id);
  }

  private static void pack(
      Invocation call,
      Changes changes,
      Epc parent,
      List<Epc> children,
      Optional<Epc> bizLocation,
      String signer,
      long id) {
    Epc at = ownLocation(call, bizLocation, "bizLocation");
    if (children.isEmpty()) {
      throw new Refused(INVALID_ARGUMENT, "epcList: expected the children packed, found none");
    }
    distinct(children, "epcList");
    TracedObject p;
    if (changes.get(parent.identity()).isEmpty()) {
      create(call, changes, parent, "parentId", signer, at, List.of(), id);
      p = changes.get(parent.identity()).orElseThrow();
    } else {
      p = recorded(held(changes, parent, "parentId", signer), id);
    }
    List<String> contents = new ArrayList<>(p.children());
    for (int i = 0; i < children.size(); i++) {
      Epc c = children.get(i);
      String field = "epcList[" + i + "]";
      TracedObject o = held(changes, c, field, signer);
      if (!o.parent().isEmpty()) {
        throw new Refused(
            ALREADY_PACKED,
            "%s: expected a thing not packed yet, found %s packed in %s",
            field,
            c,
            changes.get(o.parent()).map(TracedObject::epc).orElse(o.parent()));
      }
      // Packing a unit into one it holds, at any depth, would make a loop.
      for (String up = parent.identity(); !up.isEmpty(); ) {
        if (up.equals(c.identity())) {
          throw new Refused(
              CYCLE, "%s: expected a thing not holding %s, found it holds it", field, parent);
        }
        up = changes.get(up).map(TracedObject::parent).orElse("");
      }
      changes.put(c.identity(), recorded(o.withParent(parent.identity()), id));
      contents.add(c.identity());
    }
    if (contents.size() > CHILDREN_MAX) {
      throw new Refused(
          LIMIT_REACHED,
          "epcList: expected at most %d things in %s, found %d",
          CHILDREN_MAX,
          parent,
          contents.size());
    }
    changes.put(parent.identity(), p.withChildren(contents));
  }

  private static void unpack(
      Changes changes, Epc parent, List<Epc> children, String signer, long id) {
    TracedObject p = recorded(held(changes, parent, "parentId", signer), id);
    List<String> contents = new ArrayList<>(p.children());
    List<String> out = new ArrayList<>();
    if (children.isEmpty()) {
      out.addAll(contents);
    } else {
      distinct(children, "epcList");
      for (int i = 0; i < children.size(); i++) {
        if (!contents.contains(children.get(i).identity())) {
          throw new Refused(
              NOT_PACKED,
              "epcList[%d]: expected a thing packed in %s, found %s not in it",
              i,
              parent,
              children.get(i));
        }
        out.add(children.get(i).identity());
      }
    }
    contents.removeAll(out);
    changes.put(parent.identity(), p.withChildren(contents));
    for (String c : out) {
      changes.put(c, recorded(changes.get(c).orElseThrow().withParent(""), id));
    }
  }

  private static void transform(
      Invocation call,
      Changes changes,
      List<Epc> inputs,
      List<Epc> outputs,
      List<Epc> outputLots,
      Optional<Epc> bizLocation,
      String signer,
      long id) {
    // Where the outputs are: the business location, or where it was seen if none is given.
    Epc at =
        ownLocation(
            call,
            bizLocation.isPresent() ? bizLocation : place(call.arg(READ_POINT), "readPoint"),
            bizLocation.isPresent() ? "bizLocation" : "readPoint");
    List<Epc> made = new ArrayList<>(outputs);
    made.addAll(outputLots);
    if (inputs.isEmpty() || made.isEmpty()) {
      throw new Refused(
          INVALID_ARGUMENT,
          "epcList: expected inputs and outputs of a transformation, found %d inputs and %d"
              + " outputs",
          inputs.size(),
          made.size());
    }
    distinct(made, "outputEpcList");
    List<String> from = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Epc in = inputs.get(i);
      TracedObject o = held(changes, in, "epcList[" + i + "]", signer);
      if (!o.parent().isEmpty()) {
        throw new Refused(
            ALREADY_PACKED,
            "epcList[%d]: expected a thing not packed in another, found %s packed; unpack it"
                + " first",
            i,
            in);
      }
      List<String> into = new ArrayList<>(o.madeInto());
      made.forEach(m -> into.add(m.identity()));
      if (into.size() > MADE_INTO_MAX) {
        throw new Refused(
            LIMIT_REACHED,
            "epcList[%d]: expected %s made into at most %d things, found %d",
            i,
            in,
            MADE_INTO_MAX,
            into.size());
      }
      // An item is used up; a lot gives part of itself and stays.
      TracedObject.Status after =
          in.kind() == Epc.Kind.LGTIN ? TracedObject.Status.ACTIVE : TracedObject.Status.INACTIVE;
      changes.put(
          in.identity(),
          recorded(o.withMadeInto(into).with(o.holder(), o.location(), after, ""), id));
      from.add(in.identity());
    }
    for (int i = 0; i < made.size(); i++) {
      // New things only: a thing made cannot be one it was made from, so no loop can form.
      create(call, changes, made.get(i), "outputEpcList[" + i + "]", signer, at, from, id);
    }
  }
}
