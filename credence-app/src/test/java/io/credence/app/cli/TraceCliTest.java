package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credence.app.client.ApiClient;
import io.credence.core.gs1.Epc;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EPCIS 2.0 in and out through the CLI and the HTTP API: the standard's own example documents
 * (GS1's EPCIS repository, JSON/Example_9.6.1 to 9.6.4, kept as test data) are captured by {@code
 * credence trace capture} on a running node and read back from {@code GET /v1/epcis/events/N} equal
 * to what went in; malformed documents are refused naming the field.
 */
class TraceCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] EXAMPLES = {
    "Example_9.6.1-ObjectEvent.jsonld",
    "Example_9.6.2-ObjectEvent.jsonld",
    "Example_9.6.3-AggregationEvent.jsonld",
    "Example_9.6.4-TransformationEvent.jsonld"
  };
  private static final String AT = "urn:epc:id:sgln:0614141.00888.0";

  private DevNode dev;

  @AfterEach
  void close() {
    if (dev != null) {
      dev.close();
    }
  }

  private CliRun trace(int exit, Path key, String... args) {
    List<String> all = new ArrayList<>(List.of("trace", args[0], "--node", dev.url()));
    if (key != null) {
      all.addAll(List.of("--key", key.toString()));
    }
    all.addAll(List.of(args).subList(1, args.length));
    CliRun r = CliRun.of(all.toArray(new String[0]));
    assertEquals(exit, r.exit(), String.join(" ", all) + "\n" + r.out() + r.err());
    return r;
  }

  private static JsonNode example(String name) throws Exception {
    try (InputStream in = TraceCliTest.class.getResourceAsStream("/epcis/" + name)) {
      return JSON.readTree(in);
    }
  }

  /** The event as the standard wrote it: eventTime as an instant, the chain's facts left out. */
  private static JsonNode comparable(JsonNode event) {
    ObjectNode copy = event.deepCopy();
    copy.put(
        "eventTime", OffsetDateTime.parse(copy.get("eventTime").asText()).toInstant().toString());
    List<String> ours = new ArrayList<>();
    copy.fieldNames()
        .forEachRemaining(
            f -> {
              if (f.startsWith("credence:")) {
                ours.add(f);
              }
            });
    copy.remove(ours);
    return copy;
  }

  @Test
  void theStandardsExamples_captured_andReadBackAsTheyWent(@TempDir Path dir) throws Exception {
    dev = new DevNode(dir.resolve("c"), 3);
    Path supplier = dev.layout.adminKeys().get(1);
    // Master data: every product and location the examples name, the supplier's.
    List<String> gtins = new ArrayList<>();
    for (String name : EXAMPLES) {
      Matcher m =
          Pattern.compile("urn:epc:(id:sgtin|class:lgtin):[0-9.]+\\.[A-Za-z0-9]+")
              .matcher(example(name).toString());
      while (m.find()) {
        String gtin = Epc.parse("epc", m.group()).key().gtin14();
        if (!gtins.contains(gtin)) {
          gtins.add(gtin);
          trace(0, supplier, "product", "--gtin", gtin, "--name", "product " + gtin);
        }
      }
    }
    for (String gln :
        List.of(AT, "urn:epc:id:sgln:0012345.11111.0", "urn:epc:id:sgln:4012345.00001.0")) {
      trace(0, supplier, "location", "--gln", gln, "--name", gln);
    }
    // What the examples observe must be on the chain first: commissioned here by the supplier.
    Path setup = dir.resolve("commission.json");
    Files.writeString(
        setup,
        "{\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"epcisBody\":{\"eventList\":[{"
            + "\"type\":\"ObjectEvent\",\"action\":\"ADD\",\"bizStep\":\"commissioning\","
            + "\"eventTime\":\"2005-01-01T00:00:00Z\",\"eventTimeZoneOffset\":\"+00:00\","
            + "\"bizLocation\":{\"id\":\""
            + AT
            + "\"},\"epcList\":[\"urn:epc:id:sgtin:0614141.107346.2017\","
            + "\"urn:epc:id:sgtin:0614141.107346.2018\",\"urn:epc:id:sscc:0614141.1234567890\","
            + "\"urn:epc:id:sgtin:4012345.011122.25\",\"urn:epc:id:sgtin:4000001.065432.99886655\"],"
            + "\"quantityList\":["
            + "{\"epcClass\":\"urn:epc:class:lgtin:4012345.012345.998877\",\"quantity\":500,\"uom\":\"KGM\"},"
            + "{\"epcClass\":\"urn:epc:class:lgtin:4012345.011111.4444\",\"quantity\":50,\"uom\":\"KGM\"},"
            + "{\"epcClass\":\"urn:epc:class:lgtin:0614141.077777.987\",\"quantity\":90}]}]}}",
        StandardCharsets.UTF_8);
    CliRun commissioned = trace(0, supplier, "capture", "--file", setup.toString());
    assertTrue(
        commissioned.out().contains("recorded as trace event 1 (commissioned"), commissioned.out());

    ApiClient api = new ApiClient(dev.url());
    long next = 2;
    for (String name : EXAMPLES) {
      Path file = dir.resolve(name);
      try (InputStream in = TraceCliTest.class.getResourceAsStream("/epcis/" + name)) {
        Files.copy(in, file);
      }
      CliRun captured = trace(0, supplier, "capture", "--file", file.toString());
      for (JsonNode original : example(name).path("epcisBody").path("eventList")) {
        JsonNode back = api.get("/v1/epcis/events/" + next);
        assertEquals("EPCISDocument", back.path("type").asText());
        JsonNode event = back.path("epcisBody").path("eventList").get(0);
        assertEquals(next, event.path("credence:event").asLong());
        assertEquals(
            dev.layout.genesis().organisations().get(1).uscc(),
            event.path("credence:signer").asText());
        assertEquals(comparable(original), comparable(event), name + "\n" + captured.out());
        next++;
      }
    }
    // The custody of one item, as EPCIS: commissioned, then received where it is now (9.6.1's
    // shipping names no receiving party: an observation, which moves nothing).
    JsonNode custody = api.get("/v1/epcis/events?epc=urn:epc:id:sgtin:0614141.107346.2018");
    JsonNode moved = custody.path("epcisBody").path("eventList");
    assertEquals(2, moved.size(), custody.toString());
    assertEquals("commissioning", moved.get(0).path("bizStep").asText());
    assertEquals("receiving", moved.get(1).path("bizStep").asText());
    // The same with proofs: every state value read is checked against the block header.
    JsonNode proven =
        api.get("/v1/query/trace/custody?epc=urn:epc:id:sgtin:0614141.107346.2018&proof=true");
    assertTrue(proven.path("proofs").size() > 0, proven.toString());
    trace(0, null, "custody", "--proof", "--epc", "urn:epc:id:sgtin:0614141.107346.2018");
    // Its events are indexed and streamed like every other: the signer's, by name.
    JsonNode listed =
        api.get(
            "/v1/events?contract=trace&attribute=signer&value="
                + dev.layout.genesis().organisations().get(1).uscc());
    assertEquals(next - 1, listed.path("events").size(), listed.toString());
    assertEquals("EventCaptured", listed.path("events").get(0).path("name").asText());
    CliRun where = trace(0, null, "custody", "--epc", "urn:epc:id:sgtin:0614141.107346.2018");
    assertTrue(
        where
            .out()
            .contains(
                "held by "
                    + dev.layout.genesis().organisations().get(1).uscc()
                    + " at urn:epc:id:sgln:0012345.11111.0"),
        where.out());
    // What the transformation made traces back to the lots and items that went in.
    CliRun back = trace(0, null, "backward", "--epc", "urn:epc:id:sgtin:4012345.077889.25");
    assertTrue(back.out().contains("urn:epc:class:lgtin:4012345.011111.4444"), back.out());
    assertTrue(back.out().contains("urn:epc:id:sgtin:4000001.065432.99886655"), back.out());
    // A recall of a lot that went in: the recall list first, then the recall itself.
    String lot = "urn:epc:class:lgtin:4012345.011111.4444";
    CliRun forward = trace(0, null, "forward", "--epc", lot);
    assertTrue(forward.out().contains("urn:epc:id:sgtin:4012345.077889.28"), forward.out());
    String supplierUscc = dev.layout.genesis().organisations().get(1).uscc();
    assertTrue(forward.out().contains("holders to contact: " + supplierUscc), forward.out());
    CliRun recalled = trace(0, supplier, "recall", "--epc", lot, "--reason", "a bad batch");
    assertTrue(
        recalled.out().contains("recall 1: 5 things; holders to contact: " + supplierUscc),
        recalled.out());
    // Only the product's owner (or a regulator) recalls: the bank may not.
    CliRun notOwner =
        trace(
            Failures.EXIT_REFUSED,
            dev.layout.adminKeys().get(2),
            "recall",
            "--epc",
            lot,
            "--reason",
            "x");
    assertTrue(notOwner.out().contains("refused (NOT_THE_OWNER)"), notOwner.out());
  }

  @Test
  void aGoodsReceipt_citesTheBuyersReceivingOfTheSellersGoods(@TempDir Path dir) throws Exception {
    dev = new DevNode(dir.resolve("c"), 3);
    Path core = dev.layout.adminKeys().get(0);
    Path supplier = dev.layout.adminKeys().get(1);
    String coreUscc = dev.layout.genesis().organisations().get(0).uscc();
    String supplierUscc = dev.layout.genesis().organisations().get(1).uscc();
    String lot = "urn:epc:class:lgtin:0614141.107346.L1";
    String warehouse = "urn:epc:id:sgln:4012345.00001.0";
    trace(0, supplier, "product", "--gtin", Epc.parse("e", lot).key().gtin14(), "--name", "Apples");
    trace(0, supplier, "location", "--gln", AT, "--name", "Orchard");
    trace(0, core, "location", "--gln", warehouse, "--name", "Warehouse");
    String event =
        "{\"type\":\"ObjectEvent\",\"action\":\"%s\",\"bizStep\":\"%s\","
            + "\"eventTime\":\"2026-11-01T08:00:00+08:00\",\"eventTimeZoneOffset\":\"+08:00\","
            + "%s\"quantityList\":[{\"epcClass\":\""
            + lot
            + "\",\"quantity\":500,\"uom\":\"KGM\"}]}";
    Path commission = dir.resolve("commission.json");
    Files.writeString(
        commission,
        String.format(event, "ADD", "commissioning", "\"bizLocation\":{\"id\":\"" + AT + "\"},"));
    Path ship = dir.resolve("ship.json");
    Files.writeString(
        ship,
        String.format(
            event,
            "OBSERVE",
            "shipping",
            "\"destinationList\":[{\"type\":\"owning_party\",\"destination\":\""
                + warehouse
                + "\"}],"));
    Path receive = dir.resolve("receive.json");
    Files.writeString(
        receive,
        String.format(
            event, "OBSERVE", "receiving", "\"bizLocation\":{\"id\":\"" + warehouse + "\"},"));
    trace(0, supplier, "capture", "--file", commission.toString());
    trace(0, supplier, "capture", "--file", ship.toString());
    CliRun received = trace(0, core, "capture", "--file", receive.toString());
    assertTrue(received.out().contains("recorded as trace event 3 (received"), received.out());
    for (String uscc : List.of(coreUscc, supplierUscc)) {
      CliRun kyc =
          CliRun.of(
              "tx",
              "--node",
              dev.url(),
              "--key",
              core.toString(),
              "identity.setKyc",
              "organisation=" + uscc,
              "status=VERIFIED",
              "validUntil=2099-12-31");
      assertEquals(0, kyc.exit(), kyc.out() + kyc.err());
    }
    CliRun invoice =
        CliRun.of(
            "finance",
            "invoice",
            "register",
            "--node",
            dev.url(),
            "--key",
            supplier.toString(),
            "--number",
            "INV-1",
            "--buyer",
            coreUscc,
            "--amount",
            "1000",
            "--issued",
            "2026-11-01",
            "--document",
            "ab".repeat(32));
    assertEquals(0, invoice.exit(), invoice.out() + invoice.err());
    String[] receipt = {
      "finance",
      "document",
      "--node",
      dev.url(),
      "--key",
      core.toString(),
      "--kind",
      "goods-receipt",
      "--document",
      "cd".repeat(32),
      "--counterparty",
      supplierUscc,
      "--amount",
      "1000",
      "--invoice",
      "INV-1",
      "--receive-event"
    };
    // Its own shipment is not a receipt of the sale: refused, naming the event.
    List<String> wrong = new ArrayList<>(List.of(receipt));
    wrong.add("2");
    CliRun refused = CliRun.of(wrong.toArray(new String[0]));
    assertEquals(Failures.EXIT_REFUSED, refused.exit(), refused.out() + refused.err());
    assertTrue(refused.out().contains("refused (NOT_A_RECEIPT): receiveEvent 2"), refused.out());
    List<String> right = new ArrayList<>(List.of(receipt));
    right.add("3");
    CliRun anchored = CliRun.of(right.toArray(new String[0]));
    assertEquals(0, anchored.exit(), anchored.out() + anchored.err());
  }

  @Test
  void malformedDocuments_areRefusedNamingTheField(@TempDir Path dir) throws Exception {
    dev = new DevNode(dir.resolve("c"), 3);
    Path supplier = dev.layout.adminKeys().get(1);
    Path noTime = dir.resolve("no-time.json");
    ObjectNode doc = (ObjectNode) example("Example_9.6.1-ObjectEvent.jsonld");
    ((ObjectNode) doc.path("epcisBody").path("eventList").get(1)).remove("eventTime");
    Files.writeString(noTime, doc.toString());
    CliRun refused = trace(2, supplier, "capture", "--file", noTime.toString());
    assertTrue(
        refused.err().contains("epcisBody.eventList[1].eventTime: expected a value, found none"),
        refused.err());
    Path badType = dir.resolve("bad-type.json");
    Files.writeString(
        badType, "{\"type\":\"AssociationEvent\",\"eventTime\":\"2020-01-01T00:00Z\"}");
    refused = trace(2, supplier, "capture", "--file", badType.toString());
    assertTrue(
        refused
            .err()
            .contains(
                "document.type: expected EPCISDocument, EPCISQueryDocument or one ObjectEvent,"
                    + " AggregationEvent or TransformationEvent, found 'AssociationEvent'"),
        refused.err());
    Path huge = dir.resolve("huge.json");
    Files.write(huge, new byte[(int) TraceCommand.DOCUMENT_BYTES_MAX + 1]);
    refused = trace(2, supplier, "capture", "--file", huge.toString());
    assertTrue(
        refused.err().contains("--file: expected at most " + TraceCommand.DOCUMENT_BYTES_MAX),
        refused.err());
    // The chain's own refusal names the argument: an identifier that is none.
    Path badEpc = dir.resolve("bad-epc.json");
    Files.writeString(
        badEpc,
        "{\"type\":\"ObjectEvent\",\"action\":\"OBSERVE\",\"eventTime\":\"2020-01-01T00:00Z\","
            + "\"eventTimeZoneOffset\":\"+00:00\",\"epcList\":[\"bottle-17\"]}");
    refused = trace(Failures.EXIT_REFUSED, supplier, "capture", "--file", badEpc.toString());
    assertTrue(
        refused.out().contains("refused (INVALID_ARGUMENT): epcList[0]: expected an EPC URI"),
        refused.out());
    assertTrue(refused.out().contains("0 of 1 events recorded before it"), refused.out());
  }
}
