package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credence.api.epcis.Epcis;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * EPCIS JSON read into capture arguments: the document limit, and each malformed field named by its
 * path with what was expected and found.
 */
class EpcisMappingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode event() {
    ObjectNode e = JSON.createObjectNode();
    e.put("type", "ObjectEvent");
    e.put("action", "OBSERVE");
    e.put("eventTime", "2026-11-01T08:00:00+08:00");
    e.put("eventTimeZoneOffset", "+08:00");
    return e;
  }

  private static ObjectNode document(int events) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("type", "EPCISDocument");
    ArrayNode list = doc.putObject("epcisBody").putArray("eventList");
    for (int i = 0; i < events; i++) {
      list.add(event());
    }
    return doc;
  }

  private static String refusal(ObjectNode doc) {
    return assertThrows(Epcis.EpcisException.class, () -> Epcis.captureArguments(doc)).getMessage();
  }

  @Test
  void aDocumentOfAtMostItsLimit_isRead_oneMoreIsRefused() {
    assertEquals(
        Epcis.EVENTS_PER_DOCUMENT_MAX,
        Epcis.captureArguments(document(Epcis.EVENTS_PER_DOCUMENT_MAX)).size());
    assertEquals(
        "epcisBody.eventList: expected at most 1000 events, found 1001",
        refusal(document(Epcis.EVENTS_PER_DOCUMENT_MAX + 1)));
  }

  @Test
  void malformedFields_areNamedByTheirPath() {
    ObjectNode doc = document(2);
    ((ObjectNode) doc.at("/epcisBody/eventList/1")).put("action", "MOVE");
    assertEquals(
        "epcisBody.eventList[1].action: expected ADD, OBSERVE or DELETE, found 'MOVE'",
        refusal(doc));
    doc = document(1);
    ((ObjectNode) doc.at("/epcisBody/eventList/0")).put("eventTime", "yesterday");
    assertEquals(
        "epcisBody.eventList[0].eventTime: expected a date and time with its offset, found"
            + " 'yesterday'",
        refusal(doc));
    doc = document(1);
    ((ObjectNode) doc.at("/epcisBody/eventList/0"))
        .putArray("quantityList")
        .addObject()
        .put("epcClass", "urn:epc:class:lgtin:4012345.012345.998877")
        .put("quantity", "lots");
    assertEquals(
        "epcisBody.eventList[0].quantityList[0].quantity: expected a number of at least 0, found"
            + " string",
        refusal(doc));
    doc = document(1);
    ((ObjectNode) doc.at("/epcisBody/eventList/0")).put("readPoint", "urn:epc:id:sgln:1.2.3");
    assertEquals(
        "epcisBody.eventList[0].readPoint: expected {\"id\": an SGLN}, found string", refusal(doc));
  }

  @Test
  void extensions_areKeptAsTheyCame() {
    ObjectNode doc = document(1);
    ObjectNode e = (ObjectNode) doc.at("/epcisBody/eventList/0");
    e.putObject("ilmd").put("example:batch", "XYZ");
    e.put("example:myField", "a vendor's field");
    Map<String, Object> args = Epcis.captureArguments(doc).get(0);
    assertEquals(
        "{\"ilmd\":{\"example:batch\":\"XYZ\"},\"example:myField\":\"a vendor's field\"}",
        args.get("extensions"));
    assertEquals(List.of(), args.get("epcList"));
  }
}
