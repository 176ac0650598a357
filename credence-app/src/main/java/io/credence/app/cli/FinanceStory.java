package io.credence.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.credence.app.client.ApiClient;
import io.credence.core.Amount;
import io.credence.core.CalendarDate;
import io.credence.core.Call;
import io.credence.core.Hex;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.ledger.chain.Transaction;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The demo's business story on a running network (DOMAIN.md): a bank grants the core enterprise a
 * credit line; the core enterprise confirms a 1,000,000 yuan payable to its tier-1 supplier as a
 * receivable certificate; the supplier splits it and passes 300,000 to its own supplier, who sells
 * that piece to the bank; a second use of the same invoice is refused; at maturity clearing pays
 * every holder. Every figure printed is read from the chain's receipts.
 */
final class FinanceStory {
  /** The organisations of the demo consortium, by their place in genesis. */
  static final int CORE = 0;

  static final int TIER1 = 1;
  static final int BANK = 2;
  static final int CLEARING = 3;
  static final int TIER2 = 4;

  static final String INVOICE = "INV-2026-0042";
  static final Amount FACE = Amount.parse("face", "1000000");
  static final Amount PASSED_ON = Amount.parse("piece", "300000");
  static final int TENOR_DAYS = 90;
  static final int ANNUAL_COST_BP = 600;
  static final String REGISTRATION = "DJ-2026-000123";

  private final ApiClient client;
  private final Genesis genesis;
  private final PrintStream out;
  private final Consumer<String> say;
  private final SecureRandom random;
  private final List<KeyPair> admins;
  private KeyPair coreOperator;
  private KeyPair coreApprover;
  private KeyPair bankOperator;
  private KeyPair bankApprover;

  /** What the chain recorded, for the closing account. */
  String line;

  String root;
  String piece;
  String kept;
  CalendarDate maturity;
  Amount advance;
  final Map<String, Amount> paid = new LinkedHashMap<>();

  FinanceStory(
      ApiClient client,
      Genesis genesis,
      List<KeyPair> admins,
      PrintStream out,
      Consumer<String> say,
      SecureRandom random) {
    this.client = client;
    this.genesis = genesis;
    this.admins = admins;
    this.out = out;
    this.say = say;
    this.random = random;
  }

  String name(int org) {
    return genesis.organisations().get(org).name();
  }

  String uscc(int org) {
    return genesis.organisations().get(org).uscc();
  }

  /** Everything up to and including the financing, on the chain's present day. */
  void beforeMaturity(CalendarDate today) throws IOException, ApiClient.ApiException {
    CryptoSuite suite = genesis.suite();
    say.accept(
        "Staff and checks: "
            + name(CORE)
            + " (the consortium's convenor) marks every member's KYC as verified; the core"
            + " enterprise and the bank each register an operator who prepares decisions and an"
            + " approver who makes them take effect (maker-checker).");
    for (int org = 0; org < genesis.organisations().size(); org++) {
      expectSuccess(
          admins.get(CORE),
          "identity",
          "setKyc",
          "organisation",
          uscc(org),
          "status",
          "VERIFIED",
          "validUntil",
          today.plusDays(730).toString());
    }
    coreOperator = staff(CORE, "OPERATOR");
    coreApprover = staff(CORE, "APPROVER");
    bankOperator = staff(BANK, "OPERATOR");
    bankApprover = staff(BANK, "APPROVER");
    out.printf(
        Locale.ROOT,
        "     KYC verified for %d members; 4 staff accounts registered%n",
        genesis.organisations().size());

    say.accept(
        name(BANK) + " grants " + name(CORE) + " a credit line of 5,000,000 yuan for a year.");
    JsonNode granted =
        decided(
            bankOperator,
            bankApprover,
            "grantLine",
            "obligor",
            uscc(CORE),
            "limit",
            "5000000",
            "validFrom",
            today.toString(),
            "validUntil",
            today.plusDays(365).toString());
    line = event(granted, "LineGranted").get("line");
    out.printf(Locale.ROOT, "     line %s: limit 5,000,000.00, in use 0.00%n", abbreviated(line));

    long received = goods();

    say.accept(
        name(TIER1)
            + " delivered goods to "
            + name(CORE)
            + " and registers its invoice "
            + INVOICE
            + " for 1,000,000 yuan; the contract and the core enterprise's goods receipt are"
            + " anchored by the hashes of their files.");
    expectSuccess(
        admins.get(TIER1),
        "finance",
        "registerInvoice",
        "number",
        INVOICE,
        "buyer",
        uscc(CORE),
        "amount",
        FACE.toString(),
        "issued",
        today.toString(),
        "document",
        fileHash("invoice " + INVOICE));
    expectSuccess(
        admins.get(TIER1),
        "finance",
        "anchorDocument",
        "kind",
        "CONTRACT",
        "document",
        fileHash("purchase contract PC-2026-7"),
        "counterparty",
        uscc(CORE),
        "amount",
        FACE.toString(),
        "invoiceNumber",
        INVOICE);
    expectSuccess(
        admins.get(CORE),
        "finance",
        "anchorDocument",
        "kind",
        "GOODS_RECEIPT",
        "document",
        fileHash("goods receipt GR-2026-311"),
        "counterparty",
        uscc(TIER1),
        "amount",
        FACE.toString(),
        "invoiceNumber",
        INVOICE,
        "receiveEvent",
        Long.toString(received));
    out.println(
        "     invoice registered; contract anchored; the goods receipt cites trace event "
            + received
            + ", "
            + name(CORE)
            + "'s receiving of the pallet "
            + name(TIER1)
            + " shipped");

    maturity = today.plusDays(TENOR_DAYS);
    say.accept(
        name(TIER1)
            + " asks "
            + name(CORE)
            + " to confirm the payable as a receivable certificate due on "
            + maturity
            + " ("
            + TENOR_DAYS
            + " days; the rules allow at most 180); the core enterprise's operator prepares the"
            + " confirmation under the bank's line and its approver approves it.");
    JsonNode submitted =
        expectSuccess(
            admins.get(TIER1),
            "finance",
            "submit",
            "invoiceNumber",
            INVOICE,
            "face",
            FACE.toString(),
            "maturity",
            maturity.toString());
    root = submitted.get("hash").asText();
    decided(coreOperator, coreApprover, "confirm", "certificate", root, "line", line);
    out.printf(
        Locale.ROOT,
        "     certificate %s: 1,000,000.00 owed by %s, held by %s, due %s%n",
        abbreviated(root),
        name(CORE),
        name(TIER1),
        maturity);

    say.accept(
        name(TIER1)
            + " splits it into 700,000 and 300,000 and passes the 300,000 piece to its own"
            + " supplier, "
            + name(TIER2)
            + ", which accepts it.");
    JsonNode split =
        expectSuccess(
            admins.get(TIER1),
            "finance",
            "split",
            "certificate",
            root,
            "parts",
            "[\"700000\",\"300000\"]");
    String[] pieces = event(split, "CertificateSplit").get("pieces").split(",");
    kept = pieces[0];
    piece = pieces[1];
    expectSuccess(
        admins.get(TIER1), "finance", "transfer", "certificate", piece, "to", uscc(TIER2));
    expectSuccess(admins.get(TIER2), "finance", "accept", "certificate", piece);
    out.printf(
        Locale.ROOT,
        "     %s keeps %s (700,000.00); %s holds %s (300,000.00)%n",
        name(TIER1),
        abbreviated(kept),
        name(TIER2),
        abbreviated(piece));

    say.accept(
        name(TIER2)
            + " needs cash now. "
            + name(BANK)
            + " offers to buy its piece at an all-in cost of 6.00% a year, with recourse; "
            + name(TIER2)
            + " takes the offer; the bank pays and records the financing's registration in the"
            + " national movable-property financing registry.");
    JsonNode offered =
        decided(
            bankOperator,
            bankApprover,
            "offer",
            "certificate",
            piece,
            "annualCostBp",
            Integer.toString(ANNUAL_COST_BP),
            "recourse",
            "true",
            "validUntil",
            today.plusDays(5).toString());
    String offer = event(offered, "FinancingOffered").get("offer");
    expectSuccess(
        admins.get(TIER2), "finance", "requestFinancing", "certificate", piece, "offer", offer);
    JsonNode financed =
        decided(
            bankOperator,
            bankApprover,
            "approveFinancing",
            "certificate",
            piece,
            "registrationNumber",
            REGISTRATION,
            "registrationDate",
            today.toString());
    advance = Amount.parse("advance", event(financed, "CertificateFinanced").get("advance"));
    out.printf(
        Locale.ROOT,
        "     %s paid %s yuan today for 300,000.00 due in %d days; the bank now holds the piece"
            + " (registry %s)%n",
        name(BANK),
        yuan(advance),
        TENOR_DAYS,
        REGISTRATION);

    say.accept(
        "Could "
            + name(TIER1)
            + " finance the same trade twice? It tries to register invoice "
            + INVOICE
            + " again, then to have a second certificate confirmed on it. Both are refused.");
    expectFailure(
        "DUPLICATE_INVOICE",
        admins.get(TIER1),
        "finance",
        "registerInvoice",
        "number",
        INVOICE,
        "buyer",
        uscc(CORE),
        "amount",
        FACE.toString(),
        "issued",
        today.toString(),
        "document",
        fileHash("invoice " + INVOICE + " (copy)"));
    expectFailure(
        "OVER_THE_INVOICE",
        admins.get(TIER1),
        "finance",
        "submit",
        "invoiceNumber",
        INVOICE,
        "face",
        PASSED_ON.toString(),
        "maturity",
        maturity.toString());
  }

  static final String MILL = "urn:epc:id:sgln:6901234.00001.0";
  static final String PLANT = "urn:epc:id:sgln:6902345.00001.0";
  static final String WAREHOUSE = "urn:epc:id:sgln:6903456.00001.0";
  static final String COIL = "urn:epc:class:lgtin:6901234.000001.COIL-2026-07";
  static final String PALLET = "urn:epc:id:sscc:6902345.0000000001";

  private static String bracket(int n) {
    return "urn:epc:id:sgtin:6902345.000002." + n;
  }

  private static String brackets() {
    return "[\"" + bracket(1) + "\",\"" + bracket(2) + "\",\"" + bracket(3) + "\"]";
  }

  private long capture(KeyPair key, String... args) throws IOException, ApiClient.ApiException {
    String[] all = java.util.Arrays.copyOf(args, args.length + 4);
    all[args.length] = "eventTime";
    all[args.length + 1] =
        Long.toString(client.get("/v1/status").path("headTimestampMillis").asLong());
    all[args.length + 2] = "timeZoneOffset";
    all[args.length + 3] = "+08:00";
    JsonNode answer = expectSuccess(key, "trace", "capture", all);
    return Long.parseLong(event(answer, "EventCaptured").get("event"));
  }

  private static String quantity(String epcClass, String amount, String uom) {
    return "[{\"epcClass\":\""
        + epcClass
        + "\",\"quantity\":\""
        + amount
        + "\",\"uom\":\""
        + uom
        + "\"}]";
  }

  private static String to(String party) {
    return "[{\"type\":\"owning_party\",\"value\":\"" + party + "\"}]";
  }

  private static String gtin(String body) {
    return io.credence.core.gs1.Gs1Key.complete(io.credence.core.gs1.Gs1Key.Kind.GTIN, body)
        .digits();
  }

  /**
   * The trade's goods on the chain, as GS1 EPCIS events: the tier-2 supplier's steel coil lot goes
   * to the tier-1 supplier, who makes brackets of it, packs them on a pallet and ships the pallet
   * to the core enterprise, who receives it. The receiving event's number, which the goods receipt
   * cites.
   */
  long goods() throws IOException, ApiClient.ApiException {
    say.accept(
        "The goods first, as GS1 EPCIS events each party signs: "
            + name(TIER2)
            + " ships a lot of steel coil to "
            + name(TIER1)
            + ", who makes brackets of it, packs them on a pallet and ships the pallet to "
            + name(CORE)
            + ", whose warehouse receives it. Custody hands over in two steps: ship, then"
            + " receive.");
    KeyPair mill = admins.get(TIER2);
    KeyPair plant = admins.get(TIER1);
    expectSuccess(
        mill, "trace", "registerProduct", "gtin", gtin("0690123400001"), "name", "Steel coil");
    expectSuccess(
        plant,
        "trace",
        "registerProduct",
        "gtin",
        gtin("0690234500002"),
        "name",
        "Mounting bracket");
    expectSuccess(mill, "trace", "registerLocation", "gln", MILL, "name", "Mill");
    expectSuccess(plant, "trace", "registerLocation", "gln", PLANT, "name", "Plant");
    expectSuccess(
        admins.get(CORE), "trace", "registerLocation", "gln", WAREHOUSE, "name", "Warehouse");
    String coil = quantity(COIL, "20", "TNE");
    capture(
        mill,
        "type",
        "OBJECT",
        "action",
        "ADD",
        "bizStep",
        "commissioning",
        "bizLocation",
        MILL,
        "quantityList",
        coil);
    capture(
        mill,
        "type",
        "OBJECT",
        "action",
        "OBSERVE",
        "bizStep",
        "shipping",
        "quantityList",
        coil,
        "destinationList",
        to(PLANT));
    capture(
        plant,
        "type",
        "OBJECT",
        "action",
        "OBSERVE",
        "bizStep",
        "receiving",
        "bizLocation",
        PLANT,
        "quantityList",
        coil);
    capture(
        plant,
        "type",
        "TRANSFORMATION",
        "action",
        "NONE",
        "bizStep",
        "commissioning",
        "bizLocation",
        PLANT,
        "quantityList",
        coil,
        "outputEpcList",
        brackets());
    capture(
        plant,
        "type",
        "AGGREGATION",
        "action",
        "ADD",
        "bizStep",
        "packing",
        "bizLocation",
        PLANT,
        "parentId",
        PALLET,
        "epcList",
        brackets());
    long shipped =
        capture(
            plant,
            "type",
            "OBJECT",
            "action",
            "OBSERVE",
            "bizStep",
            "shipping",
            "epcList",
            "[\"" + PALLET + "\"]",
            "destinationList",
            to(WAREHOUSE));
    JsonNode inTransit = client.get("/v1/query/trace/object?epc=" + PALLET).path("answer");
    out.printf(
        Locale.ROOT,
        "     pallet %s of 3 brackets: %s to %s (trace event %d)%n",
        PALLET,
        inTransit.path("status").asText().toLowerCase(Locale.ROOT).replace('_', ' '),
        nameOf(inTransit.path("inTransitTo").asText()),
        shipped);
    long received =
        capture(
            admins.get(CORE),
            "type",
            "OBJECT",
            "action",
            "OBSERVE",
            "bizStep",
            "receiving",
            "bizLocation",
            WAREHOUSE,
            "epcList",
            "[\"" + PALLET + "\"]");
    out.printf(
        Locale.ROOT,
        "     received by %s at its warehouse (trace event %d); the brackets went with the"
            + " pallet%n",
        name(CORE),
        received);
    return received;
  }

  /** A recall of the coil lot: who holds what was made of it, and which certificates it touches. */
  void recall() throws IOException, ApiClient.ApiException {
    say.accept(
        name(TIER2)
            + " finds a defect in coil lot COIL-2026-07 and recalls it. The chain follows the lot"
            + " forward (into the brackets, onto the pallet), names who holds each now, and marks"
            + " the certificates whose trade those goods were.");
    JsonNode issued =
        expectSuccess(
            admins.get(TIER2), "trace", "recall", "epc", COIL, "reason", "hardness below spec");
    String recall = event(issued, "RecallIssued").get("recall");
    JsonNode r = client.get("/v1/query/finance/recall?recall=" + recall).path("answer");
    List<String> holders = new ArrayList<>();
    r.path("holders").forEach(h -> holders.add(nameOf(h.asText())));
    out.printf(
        Locale.ROOT,
        "     recall %s reached %d things; holders to contact: %s%n",
        recall,
        r.path("things").asLong(),
        String.join(", ", holders));
    for (JsonNode c : r.path("certificates")) {
      JsonNode cert =
          client.get("/v1/query/finance/certificate?certificate=" + c.asText()).path("answer");
      out.printf(
          Locale.ROOT,
          "     certificate %s (%s yuan, owed by %s) is marked: recall %s%n",
          abbreviated(c.asText()),
          yuan(Amount.parse("face", cert.path("face").asText())),
          nameOf(cert.path("obligor").asText()),
          cert.path("recall").asText());
    }
  }

  /** Clearing pays every holder; the chain's day is now the maturity or later. */
  void atMaturity() throws IOException, ApiClient.ApiException {
    say.accept(
        name(CLEARING)
            + " collects 1,000,000 from "
            + name(CORE)
            + " and pays whoever holds each piece on the day: one call settles the whole tree.");
    JsonNode settled =
        expectSuccess(admins.get(CLEARING), "finance", "settle", "certificate", root);
    for (JsonNode e : settled.path("receipt").path("events")) {
      if (e.path("name").asText().equals("CertificatePaid")) {
        String holder = e.path("attributes").path("holder").asText();
        Amount amount = Amount.parse("amount", e.path("attributes").path("amount").asText());
        paid.merge(holder, amount, Amount::plus);
        out.printf(
            Locale.ROOT,
            "     paid %s yuan to %s for piece %s%n",
            yuan(amount),
            nameOf(holder),
            abbreviated(e.path("attributes").path("certificate").asText()));
      }
    }
    JsonNode lineNow = client.get("/v1/query/finance/line?line=" + line).path("answer");
    out.printf(
        Locale.ROOT,
        "     %s's line: in use %s, available %s again%n",
        name(CORE),
        yuan(Amount.parse("used", lineNow.path("used").asText())),
        yuan(Amount.parse("available", lineNow.path("available").asText())));
  }

  /** The core enterprise's repayment record as the chain keeps it, what a bank reads first. */
  void repaymentRecord() throws IOException, ApiClient.ApiException {
    say.accept(
        "Every bank reads "
            + name(CORE)
            + "'s repayment record from the chain before it finances its certificates"
            + " (credence finance repayment --obligor USCC).");
    JsonNode r = client.get("/v1/query/finance/repayment?obligor=" + uscc(CORE)).path("answer");
    out.println("     " + io.credence.app.client.ChainOutcomes.repaymentLine(name(CORE), r));
  }

  /**
   * What the analyser learns from this chain's own certificate history (credence analyse
   * --from-chain URL): a sample of one is printed with the analyser's own warning.
   */
  void estimateFromChain(String url) {
    say.accept(
        "The analyser can estimate the obligor's default rate from the chain's own history"
            + " (credence analyse --from-chain "
            + url
            + ").");
    try {
      io.credence.analysis.calibration.RiskEstimate e =
          io.credence.analysis.calibration.Calibration.estimate(
              new io.credence.app.client.ChainOutcomes(url),
              new io.credence.analysis.calibration.Calibration.Selection.All());
      out.printf(
          Locale.ROOT,
          "     %d certificate(s) settled or past due, %d default(s): annual PD %.2f%% (95%%"
              + " interval %.2f%% to %.2f%%)%n",
          e.loans(),
          e.defaults(),
          e.pdAnnual().doubleValue() * 100,
          e.pdInterval().low().doubleValue() * 100,
          e.pdInterval().high().doubleValue() * 100);
      for (String warning : e.warnings()) {
        out.println("     " + warning);
      }
    } catch (io.credence.analysis.scenario.ScenarioException e) {
      throw new IllegalStateException("the estimate from the chain failed: " + e.getMessage(), e);
    }
  }

  /** Who gained what, from the chain's own records. */
  void account() {
    Amount cost = PASSED_ON.minus(advance);
    out.printf(
        Locale.ROOT,
        "     %-24s paid %s at maturity, as agreed: no earlier, no more%n",
        name(CORE),
        yuan(FACE));
    out.printf(
        Locale.ROOT,
        "     %-24s received %s at maturity and settled a 300,000.00 debt to its supplier"
            + " with a piece of the certificate instead of cash%n",
        name(TIER1),
        yuan(paid.getOrDefault(uscc(TIER1), Amount.ZERO)));
    out.printf(
        Locale.ROOT,
        "     %-24s had %s in cash on day 0 instead of 300,000.00 after %d days: it paid %s"
            + " (6.00%% a year) and borrowed on %s's credit, not its own%n",
        name(TIER2),
        yuan(advance),
        TENOR_DAYS,
        yuan(cost),
        name(CORE));
    out.printf(
        Locale.ROOT,
        "     %-24s lent %s for %d days and was paid %s by clearing: it earned %s on a core"
            + " enterprise's promise, with the trade's invoice, contract and receipt on record%n",
        name(BANK),
        yuan(advance),
        TENOR_DAYS,
        yuan(paid.getOrDefault(uscc(BANK), Amount.ZERO)),
        yuan(cost));
  }

  private String nameOf(String uscc) {
    for (Genesis.Organisation o : genesis.organisations()) {
      if (o.uscc().equals(uscc)) {
        return o.name();
      }
    }
    return uscc;
  }

  private KeyPair staff(int org, String role) throws IOException, ApiClient.ApiException {
    KeyPair key = genesis.suite().generate(random);
    expectSuccess(
        admins.get(org),
        "identity",
        "register",
        "publicKey",
        Hex.of(key.publicKey()),
        "roles",
        role);
    return key;
  }

  /** The operator prepares {@code method}; the approver approves it. The approval's answer. */
  private JsonNode decided(KeyPair operator, KeyPair approver, String method, String... args)
      throws IOException, ApiClient.ApiException {
    JsonNode prepared = expectSuccess(operator, "finance", method, args);
    return expectSuccess(approver, "approvals", "approve", "id", prepared.get("hash").asText());
  }

  private JsonNode expectSuccess(KeyPair key, String contract, String method, String... args)
      throws IOException, ApiClient.ApiException {
    JsonNode answer = submit(key, contract, method, args);
    JsonNode receipt = answer.path("receipt");
    if (!"SUCCESS".equals(receipt.path("status").asText())) {
      throw new IllegalStateException(
          "the demo expected "
              + contract
              + "."
              + method
              + " to succeed, but: "
              + receipt.path("rejectionCode").asText()
              + ": "
              + receipt.path("rejectionMessage").asText());
    }
    return answer;
  }

  private void expectFailure(
      String code, KeyPair key, String contract, String method, String... args)
      throws IOException, ApiClient.ApiException {
    JsonNode receipt = submit(key, contract, method, args).path("receipt");
    if (!code.equals(receipt.path("rejectionCode").asText())) {
      throw new IllegalStateException(
          "the demo expected "
              + contract
              + "."
              + method
              + " to be refused with "
              + code
              + ", but: "
              + receipt.path("status").asText()
              + " "
              + receipt.path("rejectionCode").asText());
    }
    out.printf(
        Locale.ROOT, "     refused: %s: %s%n", code, receipt.path("rejectionMessage").asText());
  }

  private JsonNode submit(KeyPair key, String contract, String method, String... nameValues)
      throws IOException, ApiClient.ApiException {
    Map<String, Object> args = new TreeMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      String value = nameValues[i + 1];
      args.put(
          nameValues[i],
          value.startsWith("[{") || value.startsWith("[\"")
              ? io.credence.api.Json.MAPPER.readValue(value, Object.class)
              : value.startsWith("[") ? parseList(value) : value);
    }
    Call call = io.credence.execution.Runtime.encodeCall(contract, method, args);
    Transaction tx = signed(client, genesis, key, call, random);
    return client.submit(tx, true);
  }

  /** {@code call} signed by {@code key} with its next nonce, expiring 100 blocks from now. */
  static Transaction signed(
      ApiClient client, Genesis genesis, KeyPair key, Call call, SecureRandom random)
      throws IOException, ApiClient.ApiException {
    long height = client.get("/v1/status").get("height").asLong();
    String address = genesis.suite().address(key.publicKey()).hex();
    long nonce;
    try {
      nonce = client.get("/v1/accounts/" + address).get("nextNonce").asLong();
    } catch (ApiClient.ApiException e) {
      nonce = 0; // not registered: the node will say so
    }
    return Transaction.sign(
        key.suite().signer(key.privateKey(), random), genesis.chainId(), nonce, height + 100, call);
  }

  private static List<String> parseList(String json) {
    List<String> out = new ArrayList<>();
    for (String part : json.substring(1, json.length() - 1).split(",")) {
      out.add(part.trim().replace("\"", ""));
    }
    return out;
  }

  private static Map<String, String> event(JsonNode answer, String name) {
    for (JsonNode e : answer.path("receipt").path("events")) {
      if (e.path("name").asText().equals(name)) {
        Map<String, String> attributes = new LinkedHashMap<>();
        e.path("attributes")
            .properties()
            .forEach(f -> attributes.put(f.getKey(), f.getValue().asText()));
        return attributes;
      }
    }
    throw new IllegalStateException("the demo expected a " + name + " event in " + answer);
  }

  private String fileHash(String content) {
    return genesis.suite().hash(content.getBytes(StandardCharsets.UTF_8)).hex();
  }

  /** Yuan as people write them: 1,000,000.00. */
  static String yuan(Amount a) {
    return String.format(Locale.ROOT, "%,d.%02d", a.fen() / 100, a.fen() % 100);
  }

  private static String abbreviated(String hex) {
    return hex.substring(0, 12) + "…";
  }
}
