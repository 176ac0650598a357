package io.credence.api.epcis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GS1 EPCIS 2.0 JSON(-LD), in and out: an EPCIS document (or one event) read into the arguments of
 * {@code trace.capture}, one call per event; and events the chain recorded ({@code trace.event}
 * answers) written back as an EPCIS document. Written by hand on Jackson: the maintained Java model
 * (openepcis-model-epcis 0.9.2) depends on a snapshot artifact Maven Central does not serve, and
 * the standard's JSON binding is small. The terms are the standard context's; JSON-LD contexts are
 * not expanded (a document's own prefixes, such as {@code example:}, stay as written). Fields
 * outside the core (ilmd, sensor data, extensions) are kept as the event's extensions and written
 * back as they came. What changes on the way: eventTime is written at the event's own offset, to
 * the millisecond, and identifiers in their EPC URI form (a Digital Link in, the same thing out on
 * id.gs1.org).
 */
public final class Epcis {
  private Epcis() {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The most events one capture document may hold. */
  public static final int EVENTS_PER_DOCUMENT_MAX = 1_000;

  /** A document or event that cannot be read, naming where and what was expected. */
  public static final class EpcisException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public EpcisException(String message) {
      super(message);
    }
  }

  private static final Map<String, String> TYPES =
      Map.of(
          "ObjectEvent", "OBJECT",
          "AggregationEvent", "AGGREGATION",
          "TransformationEvent", "TRANSFORMATION");

  // The core fields read into the chain's event; any other field is an extension.
  private static final Set<String> CORE =
      Set.of(
          "type",
          "isA",
          "action",
          "eventID",
          "eventTime",
          "eventTimeZoneOffset",
          "bizStep",
          "disposition",
          "readPoint",
          "bizLocation",
          "epcList",
          "childEPCs",
          "inputEPCList",
          "parentID",
          "outputEPCList",
          "quantityList",
          "childQuantityList",
          "inputQuantityList",
          "outputQuantityList",
          "sourceList",
          "destinationList",
          "bizTransactionList");

  /** The events of an EPCIS document, a query document, or a single event, with their paths. */
  public static List<Map<String, Object>> captureArguments(JsonNode document) {
    if (document == null || !document.isObject()) {
      throw new EpcisException("document: expected a JSON object, found " + kind(document));
    }
    String type = typeOf(document, "document");
    JsonNode list;
    String path;
    if (TYPES.containsKey(type)) {
      return List.of(event(document, "event"));
    } else if (type.equals("EPCISDocument")) {
      list = document.path("epcisBody").path("eventList");
      path = "epcisBody.eventList";
    } else if (type.equals("EPCISQueryDocument")) {
      list = document.path("epcisBody").path("queryResults").path("resultsBody").path("eventList");
      path = "epcisBody.queryResults.resultsBody.eventList";
    } else {
      throw new EpcisException(
          "document.type: expected EPCISDocument, EPCISQueryDocument or one ObjectEvent,"
              + " AggregationEvent or TransformationEvent, found '"
              + type
              + "'");
    }
    if (!list.isArray()) {
      throw new EpcisException(path + ": expected a list of events, found " + kind(list));
    }
    if (list.size() > EVENTS_PER_DOCUMENT_MAX) {
      throw new EpcisException(
          path + ": expected at most " + EVENTS_PER_DOCUMENT_MAX + " events, found " + list.size());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(event(list.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  /** One event's {@code trace.capture} arguments; {@code path} names it in errors. */
  static Map<String, Object> event(JsonNode e, String path) {
    if (!e.isObject()) {
      throw new EpcisException(path + ": expected an event object, found " + kind(e));
    }
    String isA = typeOf(e, path);
    String type = TYPES.get(isA);
    if (type == null) {
      throw new EpcisException(
          path
              + ".type: expected ObjectEvent, AggregationEvent or TransformationEvent, found '"
              + isA
              + "'");
    }
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("type", type);
    if (type.equals("TRANSFORMATION")) {
      a.put("action", "NONE");
    } else {
      String action = text(e, "action", path, true);
      if (!Set.of("ADD", "OBSERVE", "DELETE").contains(action)) {
        throw new EpcisException(
            path + ".action: expected ADD, OBSERVE or DELETE, found '" + action + "'");
      }
      a.put("action", action);
    }
    a.put("eventId", text(e, "eventID", path, false));
    String time = text(e, "eventTime", path, true);
    try {
      a.put("eventTime", OffsetDateTime.parse(time).toInstant().toEpochMilli());
    } catch (DateTimeParseException bad) {
      throw new EpcisException(
          path + ".eventTime: expected a date and time with its offset, found '" + time + "'");
    }
    String offset = text(e, "eventTimeZoneOffset", path, true);
    a.put("timeZoneOffset", offset.equals("Z") ? "+00:00" : offset);
    a.put("bizStep", text(e, "bizStep", path, false));
    a.put("disposition", text(e, "disposition", path, false));
    a.put("readPoint", place(e, "readPoint", path));
    a.put("bizLocation", place(e, "bizLocation", path));
    String things = thingsField(type);
    String quantities = quantitiesField(type);
    a.put("epcList", strings(e, things, path));
    a.put("parentId", text(e, "parentID", path, false));
    a.put("outputEpcList", strings(e, "outputEPCList", path));
    a.put("quantityList", quantities(e, quantities, path));
    a.put("outputQuantityList", quantities(e, "outputQuantityList", path));
    a.put("sourceList", links(e, "sourceList", "source", path));
    a.put("destinationList", links(e, "destinationList", "destination", path));
    a.put("bizTransactionList", links(e, "bizTransactionList", "bizTransaction", path));
    a.put("documents", List.of());
    ObjectNode extensions = MAPPER.createObjectNode();
    for (Map.Entry<String, JsonNode> f : e.properties()) {
      if (!CORE.contains(f.getKey())) {
        extensions.set(f.getKey(), f.getValue());
      }
    }
    a.put("extensions", extensions.isEmpty() ? "" : extensions.toString());
    return a;
  }

  /** Where an event of {@code type} lists its things: epcList, childEPCs or inputEPCList. */
  private static String thingsField(String type) {
    return switch (type) {
      case "AGGREGATION" -> "childEPCs";
      case "TRANSFORMATION" -> "inputEPCList";
      default -> "epcList";
    };
  }

  /** Where an event of {@code type} lists its quantities of classes. */
  private static String quantitiesField(String type) {
    return switch (type) {
      case "AGGREGATION" -> "childQuantityList";
      case "TRANSFORMATION" -> "inputQuantityList";
      default -> "quantityList";
    };
  }

  /** A node's type: {@code type}, or {@code isA} as earlier drafts of the standard wrote it. */
  private static String typeOf(JsonNode node, String path) {
    String type = text(node, "type", path, false);
    return type.isEmpty() ? text(node, "isA", path, false) : type;
  }

  private static String text(JsonNode e, String field, String path, boolean required) {
    JsonNode v = e.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new EpcisException(path + "." + field + ": expected a value, found none");
      }
      return "";
    }
    if (!v.isTextual()) {
      throw new EpcisException(path + "." + field + ": expected text, found " + kind(v));
    }
    return v.asText();
  }

  private static String place(JsonNode e, String field, String path) {
    JsonNode v = e.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isObject() || !v.path("id").isTextual()) {
      throw new EpcisException(
          path + "." + field + ": expected {\"id\": an SGLN}, found " + kind(v));
    }
    return v.get("id").asText();
  }

  private static List<String> strings(JsonNode e, String field, String path) {
    JsonNode v = list(e, field, path);
    if (v == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        throw new EpcisException(
            path + "." + field + "[" + i + "]: expected an identifier, found " + kind(v.get(i)));
      }
      out.add(v.get(i).asText());
    }
    return out;
  }

  /** The list {@code field} of {@code e}, or null if it is absent; anything else is refused. */
  private static JsonNode list(JsonNode e, String field, String path) {
    JsonNode v = e.get(field);
    if (v != null && !v.isArray()) {
      throw new EpcisException(path + "." + field + ": expected a list, found " + kind(v));
    }
    return v;
  }

  private static List<Map<String, Object>> quantities(JsonNode e, String field, String path) {
    JsonNode v = list(e, field, path);
    if (v == null) {
      return List.of();
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      String where = path + "." + field + "[" + i + "]";
      JsonNode q = v.get(i);
      String epcClass = text(q, "epcClass", where, true);
      JsonNode quantity = q.get("quantity");
      if (quantity == null || !quantity.isNumber() || quantity.decimalValue().signum() < 0) {
        throw new EpcisException(
            where + ".quantity: expected a number of at least 0, found " + kind(quantity));
      }
      out.add(
          Map.of(
              "epcClass",
              epcClass,
              "quantity",
              quantity.decimalValue().stripTrailingZeros().toPlainString(),
              "uom",
              text(q, "uom", where, false)));
    }
    return out;
  }

  private static List<Map<String, Object>> links(
      JsonNode e, String field, String valueField, String path) {
    JsonNode v = list(e, field, path);
    if (v == null) {
      return List.of();
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      String where = path + "." + field + "[" + i + "]";
      out.add(
          Map.of(
              "type",
              text(v.get(i), "type", where, false),
              "value",
              text(v.get(i), valueField, where, true)));
    }
    return out;
  }

  private static String kind(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "none";
    }
    return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  // ---------------------------------------------------------------- out

  /** An EPCIS document of {@code events}, each a {@code trace.event} answer in plain form. */
  public static ObjectNode document(List<? extends Map<String, Object>> events, Instant created) {
    ObjectNode doc = MAPPER.createObjectNode();
    ArrayNode context = doc.putArray("@context");
    context.add("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld");
    context.addObject().put("credence", "https://credence.dev/epcis/");
    doc.put("type", "EPCISDocument");
    doc.put("schemaVersion", "2.0");
    doc.put("creationDate", created.toString());
    ArrayNode list = doc.putObject("epcisBody").putArray("eventList");
    for (Map<String, Object> e : events) {
      list.add(event(e));
    }
    return doc;
  }

  /** One recorded event as EPCIS JSON, with the chain's own facts under {@code credence:}. */
  public static ObjectNode event(Map<String, Object> e) {
    ObjectNode out = MAPPER.createObjectNode();
    String type = s(e.get("type"));
    String isA =
        TYPES.entrySet().stream()
            .filter(t -> t.getValue().equals(type))
            .findFirst()
            .orElseThrow()
            .getKey();
    out.put("type", isA);
    put(out, "eventID", e.get("eventId"));
    ZoneOffset offset = ZoneOffset.of(s(e.get("timeZoneOffset")));
    out.put(
        "eventTime",
        OffsetDateTime.ofInstant(
                Instant.ofEpochMilli(((Number) e.get("eventTime")).longValue()), offset)
            .toString());
    out.put("eventTimeZoneOffset", s(e.get("timeZoneOffset")));
    if (!type.equals("TRANSFORMATION")) {
      out.put("action", s(e.get("action")));
    }
    put(out, "bizStep", e.get("bizStep"));
    put(out, "disposition", e.get("disposition"));
    String things = thingsField(type);
    String quantities = quantitiesField(type);
    put(out, "parentID", e.get("parentId"));
    strings(out, things, e.get("epcList"));
    strings(out, "outputEPCList", e.get("outputEpcList"));
    quantities(out, quantities, e.get("quantityList"));
    quantities(out, "outputQuantityList", e.get("outputQuantityList"));
    if (!s(e.get("readPoint")).isEmpty()) {
      out.putObject("readPoint").put("id", s(e.get("readPoint")));
    }
    if (!s(e.get("bizLocation")).isEmpty()) {
      out.putObject("bizLocation").put("id", s(e.get("bizLocation")));
    }
    links(out, "sourceList", "source", e.get("sourceList"));
    links(out, "destinationList", "destination", e.get("destinationList"));
    links(out, "bizTransactionList", "bizTransaction", e.get("bizTransactionList"));
    String extensions = s(e.get("extensions"));
    if (!extensions.isEmpty()) {
      try {
        MAPPER.readTree(extensions).properties().forEach(f -> out.set(f.getKey(), f.getValue()));
      } catch (JsonProcessingException bad) {
        out.put("credence:extensions", extensions);
      }
    }
    out.put("credence:event", ((Number) e.get("event")).longValue());
    out.put("credence:signer", s(e.get("signer")));
    out.put("credence:height", ((Number) e.get("height")).longValue());
    return out;
  }

  private static String s(Object value) {
    return value == null ? "" : value.toString();
  }

  private static void put(ObjectNode out, String field, Object value) {
    if (!s(value).isEmpty()) {
      out.put(field, s(value));
    }
  }

  private static void strings(ObjectNode out, String field, Object value) {
    List<?> list = (List<?>) value;
    if (list != null && !list.isEmpty()) {
      ArrayNode a = out.putArray(field);
      list.forEach(x -> a.add(s(x)));
    }
  }

  private static void quantities(ObjectNode out, String field, Object value) {
    List<?> list = (List<?>) value;
    if (list == null || list.isEmpty()) {
      return;
    }
    ArrayNode a = out.putArray(field);
    for (Object o : list) {
      Map<?, ?> q = (Map<?, ?>) o;
      ObjectNode n = a.addObject();
      n.put("epcClass", s(q.get("epcClass")));
      try {
        n.set("quantity", MAPPER.readTree(s(q.get("quantity"))));
      } catch (JsonProcessingException bad) {
        n.put("quantity", new BigDecimal(s(q.get("quantity"))));
      }
      if (!s(q.get("uom")).isEmpty()) {
        n.put("uom", s(q.get("uom")));
      }
    }
  }

  private static void links(ObjectNode out, String field, String valueField, Object value) {
    List<?> list = (List<?>) value;
    if (list == null || list.isEmpty()) {
      return;
    }
    ArrayNode a = out.putArray(field);
    for (Object o : list) {
      Map<?, ?> l = (Map<?, ?>) o;
      ObjectNode n = a.addObject();
      if (!s(l.get("type")).isEmpty()) {
        n.put("type", s(l.get("type")));
      }
      n.put(valueField, s(l.get("value")));
    }
  }
}
