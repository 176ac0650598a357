package io.credence.execution.trace;

import io.credence.core.crypto.KeyPair;
import io.credence.core.gs1.Gs1Key;
import io.credence.execution.Outcome;
import io.credence.execution.TestChain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chain with traceability's master data: the supplier's farm and plant, the core enterprise's
 * warehouse and the bank's office as locations (each also the party's GLN), products of the
 * supplier, and a builder for EPCIS events with the fields a test does not care about left empty.
 */
final class TraceFixture {
  final TestChain c = new TestChain();
  static final String FARM = "urn:epc:id:sgln:0614141.00001.0";
  static final String PLANT = "urn:epc:id:sgln:0614141.00002.0";
  static final String WAREHOUSE = "urn:epc:id:sgln:4012345.00001.0";
  static final String OFFICE = "urn:epc:id:sgln:9521234.00001.0";

  /** Company prefix 0614141 (the supplier's), item references 107346 and 207346. */
  static final String GTIN_APPLES = gtin("1", "0614141", "07346");

  static final String GTIN_JUICE = gtin("2", "0614141", "07346");

  TraceFixture() {
    ok(c.call(c.supplierAdmin, "trace", "registerProduct", "gtin", GTIN_APPLES, "name", "Apples"));
    ok(c.call(c.supplierAdmin, "trace", "registerProduct", "gtin", GTIN_JUICE, "name", "Juice"));
    ok(location(c.supplierAdmin, FARM, "Orchard"));
    ok(location(c.supplierAdmin, PLANT, "Press"));
    ok(location(c.coreAdmin, WAREHOUSE, "Central warehouse"));
    ok(location(c.bankAdmin, OFFICE, "Head office"));
  }

  /** The GTIN-14 of indicator {@code indicator}, company prefix and item reference. */
  static String gtin(String indicator, String prefix, String item) {
    return Gs1Key.complete(Gs1Key.Kind.GTIN, indicator + prefix + item).digits();
  }

  static String item(String indicator, String serial) {
    return "urn:epc:id:sgtin:0614141." + indicator + "07346." + serial;
  }

  static String lot(String indicator, String lot) {
    return "urn:epc:class:lgtin:0614141." + indicator + "07346." + lot;
  }

  static String pallet(int n) {
    return String.format(java.util.Locale.ROOT, "urn:epc:id:sscc:0614141.%010d", n);
  }

  Outcome location(KeyPair admin, String gln, String name) {
    return c.call(admin, "trace", "registerLocation", "gln", gln, "name", name);
  }

  static Outcome ok(Outcome o) {
    if (!(o instanceof Outcome.Success)) {
      throw new AssertionError("expected success, found " + o);
    }
    return o;
  }

  /** An EPCIS event under construction: set what matters, the rest stays empty. */
  final class Event {
    final Map<String, Object> args = new LinkedHashMap<>();

    Event(String type, String action) {
      args.put("type", type);
      args.put("action", action);
      args.put("eventId", "");
      args.put("eventTime", 1_700_000_000_000L);
      args.put("timeZoneOffset", "+08:00");
      args.put("bizStep", "");
      args.put("disposition", "");
      args.put("readPoint", "");
      args.put("bizLocation", "");
      args.put("epcList", List.of());
      args.put("parentId", "");
      args.put("outputEpcList", List.of());
      args.put("quantityList", List.of());
      args.put("outputQuantityList", List.of());
      args.put("sourceList", List.of());
      args.put("destinationList", List.of());
      args.put("bizTransactionList", List.of());
      args.put("documents", List.of());
      args.put("extensions", "");
    }

    Event set(String name, Object value) {
      args.put(name, value);
      return this;
    }

    Event epcs(String... epcs) {
      return set("epcList", List.of(epcs));
    }

    Event lots(String field, String... lots) {
      List<Map<String, Object>> q = new ArrayList<>();
      for (String l : lots) {
        q.add(Map.of("epcClass", l, "quantity", "100", "uom", "KGM"));
      }
      return set(field, q);
    }

    Event to(String party) {
      return set("destinationList", List.of(Map.of("type", "owning_party", "value", party)));
    }

    Outcome by(KeyPair sender) {
      Object[] nameValues = new Object[args.size() * 2];
      int i = 0;
      for (Map.Entry<String, Object> e : args.entrySet()) {
        nameValues[i++] = e.getKey();
        nameValues[i++] = e.getValue();
      }
      return c.call(sender, "trace", "capture", nameValues);
    }
  }

  Event commission(String at, String... epcs) {
    return new Event("OBJECT", "ADD")
        .set("bizStep", "commissioning")
        .set("bizLocation", at)
        .epcs(epcs);
  }

  Event ship(String to, String... epcs) {
    return new Event("OBJECT", "OBSERVE").set("bizStep", "shipping").to(to).epcs(epcs);
  }

  Event receive(String at, String... epcs) {
    return new Event("OBJECT", "OBSERVE")
        .set("bizStep", "receiving")
        .set("bizLocation", at)
        .epcs(epcs);
  }

  Event pack(String at, String parent, String... children) {
    return new Event("AGGREGATION", "ADD")
        .set("bizStep", "packing")
        .set("bizLocation", at)
        .set("parentId", parent)
        .epcs(children);
  }

  Event unpack(String parent, String... children) {
    return new Event("AGGREGATION", "DELETE")
        .set("bizStep", "unpacking")
        .set("parentId", parent)
        .epcs(children);
  }

  Event transform(String at, List<String> inputLots, List<String> outputLots) {
    return new Event("TRANSFORMATION", "NONE")
        .set("bizStep", "commissioning")
        .set("bizLocation", at)
        .lots("quantityList", inputLots.toArray(new String[0]))
        .lots("outputQuantityList", outputLots.toArray(new String[0]));
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> query(String name, Object... nameValues) {
    Map<String, Object> args = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      args.put((String) nameValues[i], nameValues[i + 1]);
    }
    return (Map<String, Object>)
        c.runtime.query("trace", name, args, c.state, c.height(), c.today()).plain();
  }
}
