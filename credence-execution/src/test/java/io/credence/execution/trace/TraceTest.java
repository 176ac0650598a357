package io.credence.execution.trace;

import static io.credence.execution.TestChain.code;
import static io.credence.execution.TestChain.message;
import static io.credence.execution.trace.TraceFixture.FARM;
import static io.credence.execution.trace.TraceFixture.OFFICE;
import static io.credence.execution.trace.TraceFixture.PLANT;
import static io.credence.execution.trace.TraceFixture.WAREHOUSE;
import static io.credence.execution.trace.TraceFixture.item;
import static io.credence.execution.trace.TraceFixture.lot;
import static io.credence.execution.trace.TraceFixture.ok;
import static io.credence.execution.trace.TraceFixture.pallet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.execution.Outcome;
import io.credence.execution.TestChain;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Goods on the chain: master data by role, custody in two steps with contents moving with their
 * pallet, a custody chain that names each signer, traces backward and forward, and every refusal
 * the contract makes, each naming the field and leaving the state as it was.
 */
class TraceTest {
  private final TraceFixture f = new TraceFixture();
  private final TestChain c = f.c;

  /** Refused with {@code code}, a message containing {@code says}, and nothing changed. */
  private void refused(String code, String says, Supplier<Outcome> attempt) {
    Map<String, String> before = c.state.snapshot();
    Outcome o = attempt.get();
    assertEquals(code, code(o), o::toString);
    assertTrue(message(o).contains(says), says + " / " + message(o));
    assertEquals(before, c.state.snapshot(), code + ": the state changed");
  }

  @Test
  void masterData_byRole_withCheckDigits() {
    refused(
        "INVALID_ARGUMENT",
        "gtin: check digit of",
        () ->
            c.call(
                c.supplierAdmin, "trace", "registerProduct", "gtin", "4006381333932", "name", "x"));
    refused(
        "PRODUCT_EXISTS",
        "registered by " + c.supplierUscc,
        () ->
            c.call(
                c.coreAdmin,
                "trace",
                "registerProduct",
                "gtin",
                TraceFixture.GTIN_APPLES,
                "name",
                "Apples"));
    // A bank makes no products.
    refused(
        "NOT_AUTHORISED",
        "",
        () ->
            c.call(c.bankAdmin, "trace", "registerProduct", "gtin", "4006381333931", "name", "x"));
    refused(
        "INVALID_ARGUMENT",
        "gln: check digit of 0614141000013: expected",
        () -> f.location(c.bankAdmin, "0614141000013", "x"));
    refused(
        "LOCATION_EXISTS",
        "registered by " + c.supplierUscc,
        () -> f.location(c.bankAdmin, FARM, "x"));
    refused(
        "INVALID_ARGUMENT",
        "gln: expected a GLN or an SGLN, found a SSCC",
        () -> f.location(c.bankAdmin, pallet(1), "x"));
    ok(f.location(c.bankAdmin, "9521234000099", "Branch"));
    assertEquals("Branch", f.query("location", "gln", "9521234000099").get("name"));
  }

  @Test
  void custodyHandsOverInTwoSteps_contentsMoveWithThePallet_andTheChainNamesEachSigner() {
    String a = item("1", "1");
    String b = item("1", "2");
    ok(f.commission(FARM, a, b).by(c.supplierAdmin));
    ok(f.pack(FARM, pallet(7), a, b).by(c.supplierAdmin));
    ok(f.ship(WAREHOUSE, pallet(7)).by(c.supplierAdmin));
    Map<String, Object> inTransit = f.query("object", "epc", a);
    assertEquals("IN_TRANSIT", inTransit.get("status").toString());
    assertEquals(c.coreUscc, inTransit.get("inTransitTo"));
    assertEquals(pallet(7), inTransit.get("parent"));
    // Nobody but the party it was sent to takes it in.
    refused(
        "NOT_THE_RECEIVER",
        "in transit to " + c.bankUscc + ", found it IN_TRANSIT to " + c.coreUscc,
        () -> f.receive(OFFICE, pallet(7)).by(c.bankAdmin));
    refused(
        "NOT_YOUR_LOCATION",
        "a location of " + c.supplierUscc,
        () -> f.receive(FARM, pallet(7)).by(c.coreAdmin));
    refused(
        "ALREADY_PACKED",
        "found " + a + " packed in " + pallet(7) + "; receive that",
        () -> f.receive(WAREHOUSE, a).by(c.coreAdmin));
    ok(f.receive(WAREHOUSE, pallet(7)).by(c.coreAdmin));
    Map<String, Object> arrived = f.query("object", "epc", b);
    assertEquals("ACTIVE", arrived.get("status").toString());
    assertEquals(c.coreUscc, arrived.get("holder"));
    assertEquals(WAREHOUSE, arrived.get("location"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> steps =
        (List<Map<String, Object>>) f.query("custody", "epc", a).get("steps");
    assertEquals(
        List.of("commissioning", "packing", "shipping", "receiving"),
        steps.stream().map(s -> s.get("bizStep")).toList());
    assertEquals(
        List.of(c.supplierUscc, c.supplierUscc, c.supplierUscc, c.coreUscc),
        steps.stream().map(s -> s.get("signer")).toList());
    // A Digital Link names the same thing.
    assertEquals(
        c.coreUscc,
        f.query("object", "epc", "https://id.gs1.org/01/" + TraceFixture.GTIN_APPLES + "/21/1")
            .get("holder"));
  }

  @Test
  void anUnansweredShipment_staysInTransit_andNoOneElseMovesIt() {
    String a = item("1", "9");
    ok(f.commission(FARM, a).by(c.supplierAdmin));
    ok(f.ship(WAREHOUSE, a).by(c.supplierAdmin));
    refused(
        "WRONG_STATE",
        "found it IN_TRANSIT to " + c.coreUscc,
        () -> f.ship(OFFICE, a).by(c.supplierAdmin));
    c.skipHeights(1_000);
    assertEquals("IN_TRANSIT", f.query("object", "epc", a).get("status").toString());
  }

  @Test
  void transformation_tracesBackToTheFarmsLots_andForwardToEveryHolder() {
    String apples = lot("1", "A1");
    String pears = lot("1", "P1");
    String juice = lot("2", "J1");
    ok(f.commission(FARM).lots("quantityList", apples, pears).by(c.supplierAdmin));
    ok(f.transform(FARM, List.of(apples, pears), List.of(juice)).by(c.supplierAdmin));
    ok(f.ship(WAREHOUSE).lots("quantityList", juice).by(c.supplierAdmin));
    Map<String, Object> back = f.query("backward", "epc", juice, "depthMax", 8L, "nodesMax", 100L);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> reached = (List<Map<String, Object>>) back.get("reached");
    assertEquals(List.of(apples, pears), reached.stream().map(r -> r.get("epc")).toList());
    assertEquals(FARM, reached.get(0).get("commissionedAt"));
    assertEquals(c.supplierUscc, reached.get(0).get("commissionedBy"));
    assertEquals(false, back.get("cut"));
    Map<String, Object> forward =
        f.query("forward", "epc", apples, "depthMax", 8L, "nodesMax", 100L);
    assertEquals(List.of(c.coreUscc), forward.get("holders"));
    // A limit cuts the answer and says so.
    Map<String, Object> cut = f.query("backward", "epc", juice, "depthMax", 8L, "nodesMax", 1L);
    assertEquals(true, cut.get("cut"));
    assertEquals("nodesMax 1 reached", cut.get("cutBecause"));
  }

  @Test
  void everyRefusal_namesTheFieldAndChangesNothing() {
    String a = item("1", "1");
    String b = item("1", "2");
    ok(f.commission(FARM, a, b).by(c.supplierAdmin));
    refused(
        "OBJECT_EXISTS",
        "epcList[0]: expected a thing new to the chain",
        () -> f.commission(FARM, a).by(c.supplierAdmin));
    refused(
        "PRODUCT_NOT_FOUND",
        "expected a product registered by its GTIN",
        () -> f.commission(FARM, "urn:epc:id:sgtin:0614141.307346.1").by(c.supplierAdmin));
    refused(
        "LOCATION_NOT_FOUND",
        "bizLocation: expected a registered location",
        () -> f.commission("urn:epc:id:sgln:0614141.00099.0", item("1", "5")).by(c.supplierAdmin));
    refused(
        "NOT_YOUR_LOCATION",
        "bizLocation: expected a location of " + c.supplierUscc,
        () -> f.commission(WAREHOUSE, item("1", "5")).by(c.supplierAdmin));
    refused(
        "OBJECT_NOT_FOUND",
        "epcList[0]: expected a thing commissioned on the chain",
        () -> f.ship(WAREHOUSE, item("1", "6")).by(c.supplierAdmin));
    refused(
        "NOT_THE_HOLDER",
        "held by " + c.coreUscc + ", found it held by " + c.supplierUscc,
        () -> f.ship(OFFICE, a).by(c.coreAdmin));
    // Shipping that names no receiving party is an observation: custody stays.
    ok(f.ship(WAREHOUSE, a).set("destinationList", List.of()).by(c.supplierAdmin));
    assertEquals("ACTIVE", f.query("object", "epc", a).get("status").toString());
    refused(
        "LOCATION_NOT_FOUND",
        "destinationList[0].value: expected a party's registered GLN",
        () -> f.ship("urn:epc:id:sgln:0614141.00099.0", a).by(c.supplierAdmin));
    refused(
        "INVALID_ARGUMENT",
        "epcList: expected each thing once",
        () -> f.ship(WAREHOUSE, a, a).by(c.supplierAdmin));
    refused(
        "INVALID_ARGUMENT",
        "epcList[0]: expected an EPC URI",
        () -> f.ship(WAREHOUSE, "pallet-7").by(c.supplierAdmin));
    refused(
        "INVALID_ARGUMENT",
        "timeZoneOffset: expected +HH:MM",
        () -> f.ship(WAREHOUSE, a).set("timeZoneOffset", "8").by(c.supplierAdmin));
    refused(
        "INVALID_ARGUMENT",
        "action: expected NONE for a TRANSFORMATION event",
        () -> f.transform(PLANT, List.of(), List.of()).set("action", "ADD").by(c.supplierAdmin));
    refused(
        "INVALID_ARGUMENT",
        "quantityList[0].quantity: expected a decimal",
        () ->
            f.commission(FARM)
                .set(
                    "quantityList",
                    List.of(Map.of("epcClass", lot("1", "Z"), "quantity", "lots", "uom", "")))
                .by(c.supplierAdmin));
    ok(f.pack(FARM, pallet(1), a).by(c.supplierAdmin));
    refused(
        "ALREADY_PACKED",
        "found " + a + " packed in " + pallet(1),
        () -> f.ship(WAREHOUSE, a).by(c.supplierAdmin));
    refused(
        "ALREADY_PACKED",
        "expected a thing not packed yet",
        () -> f.pack(FARM, pallet(2), a).by(c.supplierAdmin));
    refused(
        "NOT_PACKED",
        "expected a thing packed in " + pallet(1),
        () -> f.unpack(pallet(1), b).by(c.supplierAdmin));
    // A pallet packed into a case it holds would be a loop.
    ok(f.pack(FARM, pallet(3), pallet(1)).by(c.supplierAdmin));
    refused(
        "CYCLE",
        "expected a thing not holding " + pallet(1),
        () -> f.pack(FARM, pallet(1), pallet(3)).by(c.supplierAdmin));
    RuntimeException tooDeep =
        org.junit.jupiter.api.Assertions.assertThrows(
            RuntimeException.class,
            () -> f.query("backward", "epc", a, "depthMax", 65L, "nodesMax", 10L));
    assertTrue(
        tooDeep.getMessage().contains("depthMax: expected 1 to 64, found 65"),
        tooDeep.getMessage());
  }

  @Test
  void aUnitHoldsAtMostItsLimit_andAnEventNamesAtMostItsOwn() {
    java.util.List<String> items = new java.util.ArrayList<>();
    for (int i = 0; i < Trace.CHILDREN_MAX + 1; i++) {
      items.add(item("1", "m" + i));
    }
    ok(f.commission(FARM, items.subList(0, 200).toArray(new String[0])).by(c.supplierAdmin));
    ok(
        f.commission(FARM, items.subList(200, items.size()).toArray(new String[0]))
            .by(c.supplierAdmin));
    ok(f.pack(FARM, pallet(9), items.subList(0, 200).toArray(new String[0])).by(c.supplierAdmin));
    refused(
        "LIMIT_REACHED",
        "epcList: expected at most "
            + Trace.CHILDREN_MAX
            + " things in "
            + pallet(9)
            + ", found "
            + (Trace.CHILDREN_MAX + 1),
        () ->
            f.pack(FARM, pallet(9), items.subList(200, items.size()).toArray(new String[0]))
                .by(c.supplierAdmin));
  }

  @Test
  void everyTraceCode_isMetByACase() throws Exception {
    // The codes this class and TradeBackingTest (NOT_THE_OWNER) meet, each with the state
    // unchanged; a new code without a case fails here.
    java.util.Set<String> met =
        java.util.Set.of(
            "INVALID_ARGUMENT",
            "PRODUCT_EXISTS",
            "PRODUCT_NOT_FOUND",
            "LOCATION_EXISTS",
            "LOCATION_NOT_FOUND",
            "NOT_YOUR_LOCATION",
            "OBJECT_EXISTS",
            "OBJECT_NOT_FOUND",
            "NOT_THE_HOLDER",
            "NOT_THE_RECEIVER",
            "WRONG_STATE",
            "ALREADY_PACKED",
            "NOT_PACKED",
            "CYCLE",
            "LIMIT_REACHED",
            "NOT_THE_OWNER");
    java.util.Set<String> declared = new java.util.TreeSet<>();
    for (java.lang.reflect.Field field : Trace.class.getFields()) {
      if (java.lang.reflect.Modifier.isStatic(field.getModifiers())
          && field.getType() == String.class) {
        String value = (String) field.get(null);
        if (value.matches("[A-Z][A-Z_]+")) {
          declared.add(value);
        }
      }
    }
    declared.removeAll(met);
    assertEquals(java.util.Set.of(), declared, "codes with no case");
  }

  @Test
  void aThingsHistory_andWhatALotIsMadeInto_haveTheirLimits() {
    // Moves recorded per thing: pack and unpack one item until its history is full.
    String a = item("1", "h");
    ok(f.commission(FARM, a).by(c.supplierAdmin));
    int moves = 1;
    int n = 0;
    while (moves + 2 <= Trace.EVENTS_PER_OBJECT_MAX) {
      ok(f.pack(FARM, pallet(100 + n), a).by(c.supplierAdmin));
      ok(f.unpack(pallet(100 + n), a).by(c.supplierAdmin));
      moves += 2;
      n++;
    }
    // The maximum is even: 1 + 2k moves so far, one pack fills it, and the unpack is refused.
    final String last = pallet(100 + n);
    ok(f.pack(FARM, last, a).by(c.supplierAdmin));
    assertEquals(Trace.EVENTS_PER_OBJECT_MAX, moves + 1);
    refused(
        "LIMIT_REACHED",
        "expected fewer than " + Trace.EVENTS_PER_OBJECT_MAX + " events that move it",
        () -> f.unpack(last, a).by(c.supplierAdmin));
    refused(
        "LIMIT_REACHED",
        "expected fewer than " + Trace.EVENTS_PER_OBJECT_MAX + " events that move it",
        () -> f.new Event("OBJECT", "DELETE").epcs(a).by(c.supplierAdmin));
    // What one lot is made into: two outputs a batch until the list is full.
    String flour = lot("1", "F1");
    ok(f.commission(FARM).lots("quantityList", flour).by(c.supplierAdmin));
    int made = 0;
    for (int batch = 0; made + 2 <= Trace.MADE_INTO_MAX; batch++) {
      ok(
          f.transform(FARM, List.of(flour), List.of(lot("2", "B" + batch), lot("2", "C" + batch)))
              .by(c.supplierAdmin));
      made += 2;
    }
    refused(
        "LIMIT_REACHED",
        "made into at most " + Trace.MADE_INTO_MAX + " things",
        () ->
            f.transform(FARM, List.of(flour), List.of(lot("2", "X1"), lot("2", "X2")))
                .by(c.supplierAdmin));
  }

  @Test
  void oneShipmentMovesAtMostItsLimit_contentsIncluded() {
    // Cases of 256 items each on one pallet, until the pallet holds more than one event may move.
    int cases = Trace.MOVED_MAX / Trace.CHILDREN_MAX + 1;
    List<String> caseIds = new java.util.ArrayList<>();
    for (int k = 0; k < cases; k++) {
      String[] items = new String[Trace.CHILDREN_MAX];
      for (int i = 0; i < items.length; i++) {
        items[i] = item("1", "k" + k + "-" + i);
      }
      ok(f.commission(FARM, items).by(c.supplierAdmin));
      String box = pallet(5_000 + k);
      ok(f.pack(FARM, box, items).by(c.supplierAdmin));
      caseIds.add(box);
    }
    ok(f.pack(FARM, pallet(4_999), caseIds.toArray(new String[0])).by(c.supplierAdmin));
    refused(
        "LIMIT_REACHED",
        "expected at most " + Trace.MOVED_MAX + " things moved by one event",
        () -> f.ship(WAREHOUSE, pallet(4_999)).by(c.supplierAdmin));
  }

  @Test
  void oneEventNamesAtMostItsLimit_itemsAndLotsTogether() {
    String[] items = new String[200];
    for (int i = 0; i < items.length; i++) {
      items[i] = item("1", "n" + i);
    }
    String[] lots = new String[Trace.EPCS_PER_EVENT_MAX - items.length + 1];
    for (int i = 0; i < lots.length; i++) {
      lots[i] = lot("1", "N" + i);
    }
    refused(
        "LIMIT_REACHED",
        "epcList: expected at most " + Trace.EPCS_PER_EVENT_MAX + " things named by one event",
        () -> f.commission(FARM, items).lots("quantityList", lots).by(c.supplierAdmin));
  }

  @Test
  void aRecall_canBeKeptSmall_andSaysWhenItWasCut() {
    String apples = lot("1", "R1");
    String juice = lot("2", "R2");
    String cider = lot("2", "R3");
    ok(f.commission(FARM).lots("quantityList", apples).by(c.supplierAdmin));
    ok(f.transform(FARM, List.of(apples), List.of(juice, cider)).by(c.supplierAdmin));
    refused(
        "INVALID_ARGUMENT",
        "depthMax, nodesMax: expected 1 to 64 and 1 to 1000, found 0 and 1000",
        () ->
            c.call(
                c.supplierAdmin, "trace", "recall", "epc", apples, "reason", "x", "depthMax", 0L));
    Outcome small =
        c.call(c.supplierAdmin, "trace", "recall", "epc", apples, "reason", "x", "nodesMax", 1L);
    ok(small);
    var issued = ((Outcome.Success) small).events().get(0).attributes();
    assertEquals("true", issued.get("cut"));
    assertEquals("2", issued.get("things"));
  }
}
