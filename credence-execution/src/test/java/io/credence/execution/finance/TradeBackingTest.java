package io.credence.execution.finance;

import static io.credence.execution.TestChain.code;
import static io.credence.execution.TestChain.message;
import static io.credence.execution.finance.FinanceFixture.attribute;
import static io.credence.execution.finance.FinanceFixture.expectSuccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Hash;
import io.credence.core.gs1.Gs1Key;
import io.credence.execution.Outcome;
import io.credence.execution.TestChain;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The trade behind a certificate: a goods receipt cites the buyer's receiving of goods the seller
 * shipped, the certificate shows it is backed, a bank's offer can require it, and a recall of the
 * goods marks the certificate and names it among those touched.
 */
class TradeBackingTest {
  private final FinanceFixture f = new FinanceFixture();
  private final TestChain c = f.chain;
  private static final String FARM = "urn:epc:id:sgln:0614141.00001.0";
  private static final String DEPOT = "urn:epc:id:sgln:0614142.00001.0";
  private static final String WAREHOUSE = "urn:epc:id:sgln:4012345.00001.0";
  private static final String LOT = "urn:epc:class:lgtin:0614141.107346.L1";
  private static final String OTHER_LOT = "urn:epc:class:lgtin:0614142.107346.L9";
  private static final String PALLET = "urn:epc:id:sscc:0614141.1000000001";

  private Outcome trace(FinanceFixture.Party p, String method, Object... args) {
    return c.call(p.operator(), "trace", method, args);
  }

  private long capture(FinanceFixture.Party p, Object... args) {
    Object[] all = Arrays.copyOf(args, args.length + 4);
    all[args.length] = "eventTime";
    all[args.length + 1] = 1_700_000_000_000L;
    all[args.length + 2] = "timeZoneOffset";
    all[args.length + 3] = "+08:00";
    return Long.parseLong(attribute(trace(p, "capture", all), "EventCaptured", "event"));
  }

  private static List<Map<String, Object>> lot(String epcClass) {
    return List.of(Map.of("epcClass", epcClass, "quantity", "500", "uom", "KGM"));
  }

  private static List<Map<String, Object>> to(String party) {
    return List.of(Map.of("type", "owning_party", "value", party));
  }

  /** The tier-1 supplier's goods commissioned, packed, shipped to the core enterprise. */
  private long shipAndReceive(FinanceFixture.Party seller, String at, String epcClass) {
    capture(
        seller,
        "type",
        "OBJECT",
        "action",
        "ADD",
        "bizStep",
        "commissioning",
        "bizLocation",
        at,
        "quantityList",
        lot(epcClass));
    capture(
        seller,
        "type",
        "OBJECT",
        "action",
        "OBSERVE",
        "bizStep",
        "shipping",
        "quantityList",
        lot(epcClass),
        "destinationList",
        to(WAREHOUSE));
    return capture(
        f.core,
        "type",
        "OBJECT",
        "action",
        "OBSERVE",
        "bizStep",
        "receiving",
        "bizLocation",
        WAREHOUSE,
        "quantityList",
        lot(epcClass));
  }

  private Outcome goodsReceipt(FinanceFixture.Party seller, String kind, long event) {
    return goodsReceipt(seller, kind, event, "INV-1");
  }

  private Outcome goodsReceipt(
      FinanceFixture.Party seller, String kind, long event, String invoice) {
    return f.act(
        f.core,
        "anchorDocument",
        "kind",
        kind,
        "document",
        Hash.of(Arrays.copyOf(("receipt " + kind + event).getBytes(), Hash.LENGTH)).hex(),
        "counterparty",
        seller.uscc(),
        "amount",
        "1000.00",
        "invoiceNumber",
        invoice,
        "receiveEvent",
        event);
  }

  private void refused(String code, String says, Supplier<Outcome> attempt) {
    Map<String, String> before = c.state.snapshot();
    Outcome o = attempt.get();
    assertEquals(code, code(o), o::toString);
    assertTrue(message(o).contains(says), says + " / " + message(o));
    assertEquals(before, c.state.snapshot(), code + ": the state changed");
  }

  @Test
  void aReceiptOfTheSellersGoods_backsTheCertificate_banksCanRequireIt_andARecallMarksIt() {
    expectSuccess(
        trace(
            f.tier1,
            "registerProduct",
            "gtin",
            Gs1Key.complete(Gs1Key.Kind.GTIN, "1061414107346").digits(),
            "name",
            "Apples"));
    expectSuccess(
        trace(
            f.tier2,
            "registerProduct",
            "gtin",
            Gs1Key.complete(Gs1Key.Kind.GTIN, "1061414207346").digits(),
            "name",
            "Pears"));
    expectSuccess(trace(f.tier1, "registerLocation", "gln", FARM, "name", "Orchard"));
    expectSuccess(trace(f.tier2, "registerLocation", "gln", DEPOT, "name", "Depot"));
    expectSuccess(trace(f.core, "registerLocation", "gln", WAREHOUSE, "name", "Warehouse"));
    long received = shipAndReceive(f.tier1, FARM, LOT);
    long othersGoods = shipAndReceive(f.tier2, DEPOT, OTHER_LOT);

    Hash line = f.grantLine(f.bank, f.core, "1000000.00", "2026-01-01", "2027-12-31");
    f.registerInvoice(f.tier1, "INV-1", f.core, "1000.00");
    Hash cert = f.issue(f.tier1, "INV-1", "1000.00", c.today().plusDays(90), line);
    assertEquals(false, f.query(cert).get("tradeBacked"));
    Hash offer =
        Hash.parse(
            "offer",
            attribute(
                f.act(
                    f.bank,
                    "offer",
                    "certificate",
                    cert.hex(),
                    "annualCostBp",
                    600L,
                    "recourse",
                    false,
                    "validUntil",
                    c.today().plusDays(30).toString(),
                    "tradeBackedOnly",
                    true),
                "FinancingOffered",
                "offer"));
    refused(
        "TRADE_NOT_BACKED",
        "as " + f.bank.uscc() + " requires",
        () -> f.act(f.tier1, "requestFinancing", "certificate", cert.hex(), "offer", offer.hex()));

    // What does not back the sale is refused.
    refused(
        "RECEIVE_EVENT_NOT_FOUND",
        "found no event 99",
        () -> goodsReceipt(f.tier1, "GOODS_RECEIPT", 99));
    refused(
        "NOT_A_RECEIPT",
        "expected a receiving event signed by "
            + f.core.uscc()
            + ", the buyer, found a OBJECT shipping event signed by "
            + f.tier1.uscc(),
        () -> goodsReceipt(f.tier1, "GOODS_RECEIPT", received - 1));
    refused(
        "NOT_A_RECEIPT",
        "expected goods "
            + f.tier1.uscc()
            + " shipped to "
            + f.core.uscc()
            + ", found "
            + OTHER_LOT
            + " shipped by "
            + f.tier2.uscc(),
        () -> goodsReceipt(f.tier1, "GOODS_RECEIPT", othersGoods));
    refused(
        "INVALID_ARGUMENT",
        "receiveEvent: expected only on a GOODS_RECEIPT",
        () -> goodsReceipt(f.tier1, "GOODS_RECEIPT", received, ""));

    // A seller cannot back its own invoice: it ships its goods to itself and signs the receipt.
    String own = "urn:epc:class:lgtin:0614141.107346.SELF";
    capture(
        f.tier1,
        "type",
        "OBJECT",
        "action",
        "ADD",
        "bizStep",
        "commissioning",
        "bizLocation",
        FARM,
        "quantityList",
        lot(own));
    capture(
        f.tier1,
        "type",
        "OBJECT",
        "action",
        "OBSERVE",
        "bizStep",
        "shipping",
        "quantityList",
        lot(own),
        "destinationList",
        to(FARM));
    long toItself =
        capture(
            f.tier1,
            "type",
            "OBJECT",
            "action",
            "OBSERVE",
            "bizStep",
            "receiving",
            "bizLocation",
            FARM,
            "quantityList",
            lot(own));
    refused(
        "NOT_A_RECEIPT",
        "expected the goods receipt of " + f.core.uscc() + ", the invoice's buyer",
        () ->
            f.act(
                f.tier1,
                "anchorDocument",
                "kind",
                "GOODS_RECEIPT",
                "document",
                Hash.of(Arrays.copyOf("self".getBytes(), Hash.LENGTH)).hex(),
                "counterparty",
                f.tier1.uscc(),
                "amount",
                "1000.00",
                "invoiceNumber",
                "INV-1",
                "receiveEvent",
                toItself));

    expectSuccess(goodsReceipt(f.tier1, "GOODS_RECEIPT", received));
    // One receiving backs one invoice: a second invoice cannot cite it again.
    f.registerInvoice(f.tier1, "INV-2", f.core, "500.00");
    refused(
        "NOT_A_RECEIPT",
        "expected a receiving no goods receipt cited yet, found it backing",
        () ->
            f.act(
                f.core,
                "anchorDocument",
                "kind",
                "GOODS_RECEIPT",
                "document",
                Hash.of(Arrays.copyOf("again".getBytes(), Hash.LENGTH)).hex(),
                "counterparty",
                f.tier1.uscc(),
                "amount",
                "500.00",
                "invoiceNumber",
                "INV-2",
                "receiveEvent",
                received));
    Map<String, Object> backed = f.query(cert);
    assertEquals(true, backed.get("tradeBacked"));
    assertEquals(received, backed.get("receiveEvent"));
    assertEquals(0L, backed.get("recall"));
    expectSuccess(
        f.act(f.tier1, "requestFinancing", "certificate", cert.hex(), "offer", offer.hex()));

    // A recall of the lot: only its product's owner (or a regulator) may; it marks the
    // certificate and names it among those touched.
    refused(
        "NOT_THE_OWNER",
        "expected a product of " + f.bank.uscc(),
        () -> trace(f.bank, "recall", "epc", LOT, "reason", "x"));
    Outcome recalled = trace(f.tier1, "recall", "epc", LOT, "reason", "listeria in lot L1");
    assertEquals("1", attribute(recalled, "RecallIssued", "recall"));
    assertEquals(f.core.uscc(), attribute(recalled, "RecallIssued", "holders"));
    assertEquals(1L, f.query(cert).get("recall"));
    @SuppressWarnings("unchecked")
    Map<String, Object> touched =
        (Map<String, Object>)
            c.runtime
                .query("finance", "recall", Map.of("recall", 1L), c.state, c.height(), c.today())
                .plain();
    assertEquals(List.of(cert.hex()), touched.get("certificates"));
    assertEquals(List.of(f.core.uscc()), touched.get("holders"));
    // The regulator may recall what is not its own.
    expectSuccess(trace(f.regulator, "recall", "epc", OTHER_LOT, "reason", "a check"));
  }
}
