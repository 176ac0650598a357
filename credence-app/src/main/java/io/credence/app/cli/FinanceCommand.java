package io.credence.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.credence.app.client.ApiClient;
import io.credence.app.config.ConfigException;
import io.credence.app.config.KeyFileIo;
import io.credence.core.Amount;
import io.credence.core.CalendarDate;
import io.credence.core.Call;
import io.credence.core.Hash;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Uscc;
import io.credence.execution.finance.FinanceQueries;
import io.credence.ledger.chain.Transaction;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Receivable certificates in business words: each step is one {@code finance} transaction signed,
 * submitted and described like {@code credence tx} does it; each read is one or more pages of a
 * {@code finance} query, proven like {@code credence query call --proof} does it, printed in plain
 * words (or {@code --json}).
 */
@Command(
    name = "finance",
    description =
        "Receivable certificates in business words.%n"
            + "Example: credence finance submit --key supplier.pem --invoice INV-1 --face 1,000,000"
            + " --maturity 2027-03-01",
    subcommands = {
      FinanceCommand.InvoiceGroup.class,
      FinanceCommand.AnchorDocument.class,
      FinanceCommand.Submit.class,
      FinanceCommand.Withdraw.class,
      FinanceCommand.Confirm.class,
      FinanceCommand.Reject.class,
      FinanceCommand.Split.class,
      FinanceCommand.Transfer.class,
      FinanceCommand.Accept.class,
      FinanceCommand.Decline.class,
      FinanceCommand.Offer.class,
      FinanceCommand.RequestFinancing.class,
      FinanceCommand.ApproveFinancing.class,
      FinanceCommand.DeclineFinancing.class,
      FinanceCommand.Pledge.class,
      FinanceCommand.Release.class,
      FinanceCommand.Freeze.class,
      FinanceCommand.Unfreeze.class,
      FinanceCommand.Settle.class,
      FinanceCommand.EarlyPayment.class,
      FinanceCommand.Recourse.class,
      FinanceCommand.WriteOff.class,
      FinanceCommand.Approve.class,
      FinanceCommand.Holdings.class,
      FinanceCommand.History.class,
      FinanceCommand.Lineage.class,
      FinanceCommand.Calendar.class,
      FinanceCommand.CertificateRead.class,
      FinanceCommand.Repayment.class
    })
public final class FinanceCommand implements Runnable {
  /** Pages one read follows at most before it stops and says where to go on. */
  static final int READ_PAGES_MAX = 20;

  /** Settlement calls one {@code settle} makes at most (each pays up to 256 pieces). */
  static final int SETTLE_CALLS_MAX = 1_000;

  /** Pieces one split makes at most (the contract's own bound). */
  static final int SPLIT_PARTS_MAX = 16;

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  // ------------------------------------------------------------------ arguments

  /**
   * An amount in yuan as people write it: {@code 1,000,000}, {@code 1000000.00}, {@code 300000}.
   */
  static final class Yuan implements CommandLine.ITypeConverter<Amount> {
    private static final String GROUPED = "[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]{1,2})?";
    private static final String PLAIN = "[0-9]+(\\.[0-9]{1,2})?";

    @Override
    public Amount convert(String text) {
      String t = text.strip();
      if (t.matches(GROUPED) || t.matches(PLAIN)) {
        try {
          return Amount.parse("amount", t.replace(",", ""));
        } catch (IllegalArgumentException e) {
          // Too large for the fen count; told below like any other bad amount.
        }
      }
      throw new CommandLine.TypeConversionException(
          "expected an amount in yuan such as 1,000,000 or 1000000.00 (at most two decimals,"
              + " commas between thousands), found '"
              + text
              + "'");
    }
  }

  /** A day, yyyy-mm-dd. */
  static final class Day implements CommandLine.ITypeConverter<CalendarDate> {
    @Override
    public CalendarDate convert(String text) {
      try {
        return CalendarDate.parse("date", text);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "expected a date yyyy-mm-dd, found '" + text + "'");
      }
    }
  }

  /** A certificate's, line's, offer's or prepared call's id: 64 hex digits. */
  static final class Id implements CommandLine.ITypeConverter<Hash> {
    @Override
    public Hash convert(String text) {
      try {
        return Hash.parse("id", text.strip());
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "expected an id of 64 hex digits, found '" + text + "'");
      }
    }
  }

  /** An organisation's unified social credit code, its check character checked. */
  static final class UsccCode implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String text) {
      String t = text.strip();
      java.util.Optional<String> problem = Uscc.problem(t);
      if (problem.isPresent()) {
        throw new CommandLine.TypeConversionException(
            "expected an 18-character unified social credit code, found '"
                + text
                + "' ("
                + problem.get()
                + ")");
      }
      return t;
    }
  }

  /** An all-in annual cost in percent ({@code 3.8%} or {@code 3.8}) as basis points. */
  static final class AnnualCost implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
      String t = text.strip();
      if (t.endsWith("%")) {
        t = t.substring(0, t.length() - 1).strip();
      }
      if (t.matches("[0-9]{1,2}(\\.[0-9]{1,2})?")) {
        long bp = new BigDecimal(t).movePointRight(2).longValueExact();
        if (bp <= io.credence.execution.finance.Offer.ANNUAL_COST_BP_MAX) {
          return bp;
        }
      }
      throw new CommandLine.TypeConversionException(
          "expected an annual cost in percent from 0 to "
              + io.credence.execution.finance.Offer.ANNUAL_COST_BP_MAX / 100
              + "% with at most two decimals (e.g. 3.8%), found '"
              + text
              + "'");
    }
  }

  // ------------------------------------------------------------------ output

  private static final DecimalFormat YUAN =
      new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));

  /** {@code 1234567.80} as {@code 1,234,567.80}. */
  static String yuan(String plain) {
    synchronized (YUAN) {
      return YUAN.format(new BigDecimal(plain));
    }
  }

  static String yuan(JsonNode plain) {
    return yuan(plain.asText());
  }

  static String pretty(Object json) throws IOException {
    return io.credence.api.Json.MAPPER
        .copy()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(json);
  }

  /** An event in words: its name split into words, then its attributes. */
  static String describe(JsonNode event) {
    String name = event.path("name").asText();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (i > 0 && Character.isUpperCase(ch)) {
        out.append(' ');
        ch = Character.toLowerCase(ch);
      }
      out.append(ch);
    }
    out.append(':');
    for (Map.Entry<String, JsonNode> a : event.path("attributes").properties()) {
      String v = a.getValue().asText();
      boolean money =
          List.of("face", "amount", "advance", "limit", "used", "advanceToday").contains(a.getKey())
              && v.matches("[0-9]+\\.[0-9]{2}");
      out.append(' ').append(a.getKey()).append(' ').append(money ? yuan(v) + " yuan" : v);
    }
    return out.toString();
  }

  // ------------------------------------------------------------------ steps

  /** The node and the sender, as for {@code credence tx}. */
  static final class Sender {
    @Option(
        names = "--node",
        defaultValue = Arguments.NodeAddress.EXAMPLE,
        converter = Arguments.NodeAddress.class,
        description = "node API address (default: ${DEFAULT-VALUE})")
    String node;

    @Option(names = "--key", required = true, description = "the sender's key file")
    Path key;

    @Option(
        names = "--passphrase-file",
        description = "file whose first line is the key's passphrase")
    Path passphraseFile;

    @Option(names = "--json", description = "print the node's answer as JSON")
    boolean json;
  }

  /**
   * One finance transaction: its arguments are checked and encoded by the node's catalogue, signed
   * and submitted like {@code credence tx}, and the receipt told in words. A maker-checker step
   * prints the prepared id and the command its approver runs.
   */
  abstract static class Step implements Callable<Integer> {
    @Mixin Sender sender;
    @Spec CommandLine.Model.CommandSpec spec;

    /** The contract and method. */
    String contract() {
      return "finance";
    }

    abstract String method();

    /** The call's arguments in plain form, by the method's argument names. */
    abstract Map<String, Object> arguments() throws IOException;

    @Override
    public Integer call() throws IOException, ConfigException {
      // Bad arguments are told before the key file is read or the node asked.
      Map<String, Object> args = arguments();
      ApiClient client = new ApiClient(sender.node);
      KeyPair key = KeyFileIo.read(sender.key, sender.passphraseFile);
      Call call = TxCommand.encodeCall(contract(), method(), args, Catalogue.fetch(client));
      try {
        JsonNode answer = submit(client, key, call);
        return print(answer) ? 0 : Failures.EXIT_REFUSED;
      } catch (ApiClient.ApiException e) {
        spec.commandLine().getErr().println("credence: rejected: " + e.getMessage());
        return Failures.EXIT_REFUSED;
      }
    }

    static JsonNode submit(ApiClient client, KeyPair key, Call call)
        throws IOException, ApiClient.ApiException {
      Transaction tx = TxCommand.sign(client, key, call, null, null, null);
      return client.submit(tx, true);
    }

    /** Tells the answer; whether the call succeeded. */
    boolean print(JsonNode answer) throws IOException {
      return printPlain(answer);
    }

    /** Tells the answer as a finance step does; whether the call succeeded. */
    final boolean printPlain(JsonNode answer) throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      if (sender.json) {
        out.println(pretty(answer));
        out.flush();
        return succeeded(answer);
      }
      out.println(words(answer));
      out.flush();
      return succeeded(answer);
    }

    static boolean succeeded(JsonNode answer) {
      return "COMMITTED".equals(answer.path("status").asText())
          && "SUCCESS".equals(answer.path("receipt").path("status").asText());
    }

    /** The receipt in words: refused with its reason, or what happened, event by event. */
    static String words(JsonNode answer) {
      String hash = answer.path("hash").asText();
      if (!"COMMITTED".equals(answer.path("status").asText())) {
        return "transaction " + hash + ": accepted, waiting for a block";
      }
      JsonNode receipt = answer.path("receipt");
      if ("FAILED".equals(receipt.path("status").asText())) {
        return "refused ("
            + receipt.path("rejectionCode").asText()
            + "): "
            + receipt.path("rejectionMessage").asText()
            + "\n  transaction "
            + hash
            + " in block "
            + Long.toUnsignedString(answer.path("height").asLong());
      }
      StringBuilder out = new StringBuilder();
      for (JsonNode e : receipt.path("events")) {
        if ("Prepared".equals(e.path("name").asText())) {
          String id = e.path("attributes").path("id").asText();
          out.append("prepared ")
              .append(e.path("attributes").path("contract").asText())
              .append('.')
              .append(e.path("attributes").path("method").asText())
              .append(" as ")
              .append(id)
              .append(": it takes effect once an APPROVER of ")
              .append(e.path("attributes").path("organisation").asText())
              .append(" approves it:\n  credence finance approve ")
              .append(id)
              .append(
                  " --key APPROVER.pem\n  (or: credence tx --key APPROVER.pem approvals.approve id=")
              .append(id)
              .append(")\n");
        } else {
          out.append(describe(e)).append('\n');
        }
      }
      out.append("transaction ")
          .append(hash)
          .append(" committed in block ")
          .append(Long.toUnsignedString(answer.path("height").asLong()));
      return out.toString();
    }
  }

  /** A step on one certificate. */
  abstract static class OnCertificate extends Step {
    @Option(
        names = "--certificate",
        required = true,
        converter = Id.class,
        paramLabel = "ID",
        description = "the certificate's id")
    Hash certificate;

    Map<String, Object> with(Object... more) {
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("certificate", certificate.hex());
      for (int i = 0; i < more.length; i += 2) {
        args.put((String) more[i], more[i + 1]);
      }
      return args;
    }
  }

  @Command(
      name = "invoice",
      description = "Register an invoice, or show one with the certificates that cited it",
      subcommands = {InvoiceRegister.class, InvoiceShow.class})
  static final class InvoiceGroup implements Runnable {
    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  @Command(
      name = "register",
      description =
          "The seller registers an invoice (once per seller and number). Example: credence"
              + " finance invoice register --key supplier.pem --number INV-1 --buyer USCC"
              + " --amount 1,000,000 --issued 2026-05-20 --document-file invoice.pdf")
  static final class InvoiceRegister extends Step {
    @Option(names = "--number", required = true, description = "the invoice's number")
    String number;

    @Option(
        names = "--buyer",
        required = true,
        converter = UsccCode.class,
        description = "the buyer's USCC (a core enterprise)")
    String buyer;

    @Option(
        names = "--amount",
        required = true,
        converter = Yuan.class,
        description = "the invoice's amount in yuan")
    Amount amount;

    @Option(
        names = "--issued",
        required = true,
        converter = Day.class,
        description = "the day it was issued")
    CalendarDate issued;

    @ArgGroup(multiplicity = "1")
    Document document;

    static final class Document {
      @Option(
          names = "--document",
          converter = Id.class,
          description = "the document file's hash (64 hex digits)")
      Hash hash;

      @Option(
          names = "--document-file",
          description = "the document's file, hashed here with the chain's hash function")
      Path file;

      /** The hash given, or the file's by the hash function of the node's chain. */
      Hash hash(Sender sender) throws IOException {
        if (hash != null) {
          return hash;
        }
        ApiClient client = new ApiClient(sender.node);
        String suite;
        try {
          suite = client.text(client.get("/v1/status"), "cryptoSuite");
        } catch (ApiClient.ApiException e) {
          throw new IOException("node " + sender.node + ": " + e.getMessage(), e);
        }
        return CryptoSuite.named(suite).hash(Files.readAllBytes(file));
      }
    }

    @Override
    String method() {
      return "registerInvoice";
    }

    @Override
    Map<String, Object> arguments() throws IOException {
      Hash hash = document.hash(sender);
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("number", number);
      args.put("buyer", buyer);
      args.put("amount", amount.toString());
      args.put("issued", issued.toString());
      args.put("document", hash.hex());
      return args;
    }
  }

  @Command(
      name = "document",
      description =
          "Anchors a trade document by its file's hash: a contract, an invoice or a goods receipt"
              + " (the buyer's, which may cite its receiving event in traceability). Example:"
              + " credence finance document --key core.pem --kind goods-receipt --document-file"
              + " GR-311.pdf --counterparty USCC --amount 1,000,000 --invoice INV-1"
              + " --receive-event 7")
  static final class AnchorDocument extends Step {
    @Option(names = "--kind", required = true, description = "contract, invoice or goods-receipt")
    String kind;

    @ArgGroup(multiplicity = "1")
    InvoiceRegister.Document document;

    @Option(
        names = "--counterparty",
        required = true,
        converter = UsccCode.class,
        description = "the other party's USCC (for a goods receipt: the seller)")
    String counterparty;

    @Option(
        names = "--amount",
        required = true,
        converter = Yuan.class,
        description = "its amount in yuan")
    Amount amount;

    @Option(names = "--invoice", defaultValue = "", description = "the invoice it belongs to")
    String invoice;

    @Option(
        names = "--receive-event",
        defaultValue = "0",
        paramLabel = "N",
        description = "a goods receipt's traceability event: the buyer receiving the goods")
    long receiveEvent;

    @Override
    String method() {
      return "anchorDocument";
    }

    @Override
    Map<String, Object> arguments() throws IOException {
      String k = kind.toUpperCase(Locale.ROOT).replace('-', '_');
      if (!java.util.Set.of("CONTRACT", "INVOICE", "GOODS_RECEIPT").contains(k)) {
        throw new UserError(
            "--kind: expected contract, invoice or goods-receipt, found '" + kind + "'");
      }
      Hash hash = document.hash(sender);
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("kind", k);
      args.put("document", hash.hex());
      args.put("counterparty", counterparty);
      args.put("amount", amount.toString());
      args.put("invoiceNumber", invoice);
      args.put("receiveEvent", Long.toString(receiveEvent));
      return args;
    }
  }

  @Command(
      name = "submit",
      description =
          "The seller asks its buyer to confirm a payable on an invoice: issues a certificate"
              + " waiting for confirmation. Example: credence finance submit --key supplier.pem"
              + " --invoice INV-1 --face 1,000,000 --maturity 2027-03-01")
  static final class Submit extends Step {
    @Option(names = "--invoice", required = true, description = "the invoice's number")
    String invoice;

    @Option(
        names = "--face",
        required = true,
        converter = Yuan.class,
        description = "what the buyer pays at maturity, in yuan")
    Amount face;

    @Option(
        names = "--maturity",
        required = true,
        converter = Day.class,
        description = "the day it is paid")
    CalendarDate maturity;

    @Override
    String method() {
      return "submit";
    }

    @Override
    Map<String, Object> arguments() {
      return Map.of(
          "invoiceNumber", invoice, "face", face.toString(), "maturity", maturity.toString());
    }
  }

  @Command(name = "withdraw", description = "The seller withdraws a certificate not confirmed")
  static final class Withdraw extends OnCertificate {
    @Override
    String method() {
      return "withdraw";
    }

    @Override
    Map<String, Object> arguments() {
      return with();
    }
  }

  @Command(
      name = "confirm",
      description =
          "The core enterprise confirms a certificate under a credit line (an OPERATOR prepares,"
              + " an APPROVER approves)")
  static final class Confirm extends OnCertificate {
    @Option(
        names = "--line",
        required = true,
        converter = Id.class,
        paramLabel = "ID",
        description = "the credit line's id")
    Hash line;

    @Override
    String method() {
      return "confirm";
    }

    @Override
    Map<String, Object> arguments() {
      return with("line", line.hex());
    }
  }

  @Command(name = "reject", description = "The core enterprise rejects a submitted certificate")
  static final class Reject extends OnCertificate {
    @Option(names = "--reason", required = true, description = "why, in plain words")
    String reason;

    @Override
    String method() {
      return "reject";
    }

    @Override
    Map<String, Object> arguments() {
      return with("reason", reason);
    }
  }

  @Command(
      name = "split",
      description =
          "The holder splits a certificate into pieces adding up to its face. Example: credence"
              + " finance split --key supplier.pem --certificate ID --parts 700,000 300,000")
  static final class Split extends OnCertificate {
    @Option(
        names = "--parts",
        required = true,
        arity = "1..*",
        converter = Yuan.class,
        description = "the pieces' faces in yuan (2 to 16)")
    List<Amount> parts;

    @Override
    String method() {
      return "split";
    }

    @Override
    Map<String, Object> arguments() {
      if (parts.size() < 2 || parts.size() > SPLIT_PARTS_MAX) {
        throw new UserError(
            "--parts: expected 2 to " + SPLIT_PARTS_MAX + " amounts, found " + parts.size());
      }
      return with("parts", parts.stream().map(Amount::toString).toList());
    }
  }

  @Command(name = "transfer", description = "The holder offers a certificate to another member")
  static final class Transfer extends OnCertificate {
    @Option(
        names = "--to",
        required = true,
        converter = UsccCode.class,
        description = "the receiver's USCC")
    String to;

    @Override
    String method() {
      return "transfer";
    }

    @Override
    Map<String, Object> arguments() {
      return with("to", to);
    }
  }

  @Command(name = "accept", description = "The receiver accepts a transfer")
  static final class Accept extends OnCertificate {
    @Override
    String method() {
      return "accept";
    }

    @Override
    Map<String, Object> arguments() {
      return with();
    }
  }

  @Command(name = "decline", description = "The receiver declines a transfer")
  static final class Decline extends OnCertificate {
    @Override
    String method() {
      return "decline";
    }

    @Override
    Map<String, Object> arguments() {
      return with();
    }
  }

  @Command(
      name = "offer",
      description =
          "A bank offers to finance a certificate at an all-in annual cost (maker-checker)."
              + " Example: credence finance offer --key bank-operator.pem --certificate ID"
              + " --annual-cost 3.8% --recourse --valid-until 2026-06-30")
  static final class Offer extends OnCertificate {
    @Option(
        names = "--annual-cost",
        required = true,
        converter = AnnualCost.class,
        description = "the supplier's all-in annual cost in percent, e.g. 3.8%")
    Long annualCostBp;

    @Option(
        names = "--recourse",
        negatable = true,
        required = true,
        description = "whether the bank may turn to the seller if the obligor does not pay")
    boolean recourse;

    @Option(
        names = "--valid-until",
        required = true,
        converter = Day.class,
        description = "the last day the holder may take it")
    CalendarDate validUntil;

    @Option(
        names = "--trade-backed-only",
        description =
            "finance only if a goods receipt backs the invoice with the buyer's receiving event")
    boolean tradeBackedOnly;

    @Override
    String method() {
      return "offer";
    }

    @Override
    Map<String, Object> arguments() {
      return with(
          "annualCostBp",
          annualCostBp.toString(),
          "recourse",
          Boolean.toString(recourse),
          "validUntil",
          validUntil.toString(),
          "tradeBackedOnly",
          Boolean.toString(tradeBackedOnly));
    }
  }

  @Command(name = "finance", description = "The holder takes a bank's offer and asks it to pay")
  static final class RequestFinancing extends OnCertificate {
    @Option(
        names = "--offer",
        required = true,
        converter = Id.class,
        paramLabel = "ID",
        description = "the bank's offer")
    Hash offer;

    @Override
    String method() {
      return "requestFinancing";
    }

    @Override
    Map<String, Object> arguments() {
      return with("offer", offer.hex());
    }
  }

  @Command(
      name = "approve-financing",
      description =
          "The bank pays and takes the certificate, recording the financing registry entry"
              + " (maker-checker)")
  static final class ApproveFinancing extends OnCertificate {
    @Option(
        names = "--registration-number",
        required = true,
        description = "the number in the movable-property financing registry")
    String number;

    @Option(
        names = "--registration-date",
        required = true,
        converter = Day.class,
        description = "the day it was registered there")
    CalendarDate date;

    @Override
    String method() {
      return "approveFinancing";
    }

    @Override
    Map<String, Object> arguments() {
      return with("registrationNumber", number, "registrationDate", date.toString());
    }
  }

  @Command(name = "decline-financing", description = "The bank declines a financing request")
  static final class DeclineFinancing extends OnCertificate {
    @Override
    String method() {
      return "declineFinancing";
    }

    @Override
    Map<String, Object> arguments() {
      return with();
    }
  }

  @Command(name = "pledge", description = "The holder pledges a certificate to a bank")
  static final class Pledge extends OnCertificate {
    @Option(
        names = "--pledgee",
        required = true,
        converter = UsccCode.class,
        description = "the pledgee bank's USCC")
    String pledgee;

    @Override
    String method() {
      return "pledge";
    }

    @Override
    Map<String, Object> arguments() {
      return with("pledgee", pledgee);
    }
  }

  @Command(name = "release", description = "The pledgee bank releases a pledge")
  static final class Release extends OnCertificate {
    @Override
    String method() {
      return "release";
    }

    @Override
    Map<String, Object> arguments() {
      return with();
    }
  }

  @Command(name = "freeze", description = "A regulator freezes a certificate, saying why")
  static final class Freeze extends OnCertificate {
    @Option(names = "--reason", required = true, description = "why, in plain words")
    String reason;

    @Override
    String method() {
      return "freeze";
    }

    @Override
    Map<String, Object> arguments() {
      return with("reason", reason);
    }
  }

  @Command(name = "unfreeze", description = "A regulator unfreezes a certificate, saying why")
  static final class Unfreeze extends OnCertificate {
    @Option(names = "--reason", required = true, description = "why, in plain words")
    String reason;

    @Override
    String method() {
      return "unfreeze";
    }

    @Override
    Map<String, Object> arguments() {
      return with("reason", reason);
    }
  }

  @Command(
      name = "settle",
      description =
          "Clearing pays a certificate at or after maturity; for a split one, calls again until"
              + " every piece of its root is paid, showing progress per call")
  static final class Settle extends OnCertificate {
    @Override
    String method() {
      return "settle";
    }

    @Override
    Map<String, Object> arguments() {
      return with();
    }

    @Override
    public Integer call() throws IOException, ConfigException {
      ApiClient client = new ApiClient(sender.node);
      KeyPair key = KeyFileIo.read(sender.key, sender.passphraseFile);
      Call call = TxCommand.encodeCall("finance", "settle", arguments(), Catalogue.fetch(client));
      PrintWriter out = spec.commandLine().getOut();
      try {
        for (int n = 1; n <= SETTLE_CALLS_MAX; n++) {
          JsonNode answer = submit(client, key, call);
          if (!succeeded(answer)) {
            // A later call finding nothing left means the walk ended on the previous one.
            boolean done =
                n > 1
                    && "NOTHING_TO_SETTLE"
                        .equals(answer.path("receipt").path("rejectionCode").asText());
            if (!done) {
              print(answer);
              return Failures.EXIT_REFUSED;
            }
            out.println("settled: every piece has been visited");
            out.flush();
            return 0;
          }
          long remaining = 0;
          int paid = 0;
          for (JsonNode e : answer.path("receipt").path("events")) {
            if ("SettlementProgress".equals(e.path("name").asText())) {
              remaining = e.path("attributes").path("remaining").asLong();
            }
            if ("CertificatePaid".equals(e.path("name").asText())) {
              paid++;
            }
          }
          if (sender.json) {
            out.println(pretty(answer));
          } else {
            out.println(
                "call "
                    + n
                    + ": paid "
                    + paid
                    + " piece(s), "
                    + remaining
                    + " piece(s) of the root left to visit (transaction "
                    + answer.path("hash").asText()
                    + ")");
          }
          out.flush();
          if (remaining == 0) {
            return 0;
          }
        }
        throw new UserError(
            "settle: expected the root paid within "
                + SETTLE_CALLS_MAX
                + " calls, found pieces left; run it again to go on");
      } catch (ApiClient.ApiException e) {
        spec.commandLine().getErr().println("credence: rejected: " + e.getMessage());
        return Failures.EXIT_REFUSED;
      }
    }
  }

  @Command(
      name = "early-payment",
      description =
          "The obligor offers to pay a certificate early (--amount), or the holder takes that"
              + " offer (--accept): the certificate is settled")
  static final class EarlyPayment extends OnCertificate {
    @ArgGroup(multiplicity = "1")
    Choice choice;

    static final class Choice {
      @Option(
          names = "--amount",
          converter = Yuan.class,
          description = "the obligor's offer in yuan (below the face)")
      Amount amount;

      @Option(names = "--accept", description = "the holder takes the obligor's offer")
      boolean accept;
    }

    @Override
    String method() {
      return choice.amount != null ? "offerEarlyPayment" : "acceptEarlyPayment";
    }

    @Override
    Map<String, Object> arguments() {
      return choice.amount != null ? with("amount", choice.amount.toString()) : with();
    }
  }

  @Command(
      name = "recourse",
      description = "The holding bank turns to the seller for a past-due certificate")
  static final class Recourse extends OnCertificate {
    @Override
    String method() {
      return "recourse";
    }

    @Override
    Map<String, Object> arguments() {
      return with();
    }
  }

  @Command(name = "write-off", description = "The holder writes off a defaulted certificate")
  static final class WriteOff extends OnCertificate {
    @Override
    String method() {
      return "writeOff";
    }

    @Override
    Map<String, Object> arguments() {
      return with();
    }
  }

  @Command(
      name = "approve",
      description = "An APPROVER approves what an OPERATOR of the same organisation prepared")
  static final class Approve extends Step {
    @Parameters(
        index = "0",
        converter = Id.class,
        paramLabel = "ID",
        description = "the prepared call's id")
    Hash id;

    @Override
    String contract() {
      return "approvals";
    }

    @Override
    String method() {
      return "approve";
    }

    @Override
    Map<String, Object> arguments() {
      return Map.of("id", id.hex());
    }
  }

  // ------------------------------------------------------------------ reads

  /** The node, proofs and the output form of a read. */
  abstract static class Read implements Callable<Integer> {
    @Option(
        names = "--node",
        defaultValue = Arguments.NodeAddress.EXAMPLE,
        converter = Arguments.NodeAddress.class,
        description = "node API address (default: ${DEFAULT-VALUE})")
    String node;

    @Option(
        names = "--proof",
        description = "check every state value each answer read against its block header")
    boolean proof;

    @Option(names = "--json", description = "print the node's answers as JSON")
    boolean json;

    @Spec CommandLine.Model.CommandSpec spec;

    /** The contract asked. */
    String contract() {
      return "finance";
    }

    JsonNode ask(ApiClient client, String query, Map<String, Object> args)
        throws IOException, ApiClient.ApiException {
      return QueryCommand.ask(
          client, contract(), query, args, proof, null, spec.commandLine().getErr());
    }

    abstract void read(ApiClient client, PrintWriter out)
        throws IOException, ApiClient.ApiException;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      try {
        read(new ApiClient(node), out);
        out.flush();
        return 0;
      } catch (ApiClient.ApiException e) {
        spec.commandLine().getErr().println("credence: " + e.getMessage());
        return Failures.EXIT_REFUSED;
      }
    }

    /**
     * Every page of a list query, from 0, following {@code next} while an answer is cut, at most
     * {@link #READ_PAGES_MAX} pages; the last answer tells whether more is left.
     */
    List<JsonNode> pages(ApiClient client, String query, Map<String, Object> args)
        throws IOException, ApiClient.ApiException {
      List<JsonNode> answers = new ArrayList<>();
      long from = 0;
      for (int i = 0; i < READ_PAGES_MAX; i++) {
        Map<String, Object> a = new LinkedHashMap<>(args);
        a.put("from", Long.toString(from));
        JsonNode answer = ask(client, query, a).path("answer");
        answers.add(answer);
        if (!answer.path("cut").asBoolean()) {
          break;
        }
        from = answer.path("next").asLong();
      }
      return answers;
    }

    void printJson(PrintWriter out, Object json) throws IOException {
      out.println(pretty(json));
    }

    static void more(PrintWriter out, List<JsonNode> pages, String how) {
      JsonNode last = pages.get(pages.size() - 1);
      if (last.path("cut").asBoolean()) {
        out.println(
            "(cut after "
                + READ_PAGES_MAX
                + " pages; "
                + how
                + " from="
                + last.path("next").asLong()
                + " to go on)");
      }
    }
  }

  @Command(
      name = "holdings",
      description = "The certificates a party holds now and their total face")
  static final class Holdings extends Read {
    @Option(
        names = "--party",
        required = true,
        converter = UsccCode.class,
        description = "the party's USCC")
    String party;

    @Override
    void read(ApiClient client, PrintWriter out) throws IOException, ApiClient.ApiException {
      List<JsonNode> pages =
          pages(
              client,
              "holdings",
              Map.of("party", party, "limit", Integer.toString(FinanceQueries.HOLDINGS_LIMIT_MAX)));
      if (json) {
        printJson(out, pages);
        return;
      }
      // A certificate that came back to the party is on its list twice: told once here.
      Set<String> seen = new LinkedHashSet<>();
      BigDecimal total = BigDecimal.ZERO;
      List<String> lines = new ArrayList<>();
      for (JsonNode page : pages) {
        for (JsonNode h : page.path("holdings")) {
          if (seen.add(h.path("certificate").asText())) {
            total = total.add(new BigDecimal(h.path("face").asText()));
            lines.add(
                "  "
                    + h.path("certificate").asText()
                    + "  "
                    + yuan(h.path("face"))
                    + " yuan due "
                    + h.path("maturity").asText()
                    + " from "
                    + h.path("obligor").asText()
                    + ", "
                    + h.path("status").asText());
          }
        }
      }
      out.println(
          party
              + " holds "
              + seen.size()
              + " certificate(s), "
              + yuan(total.toPlainString())
              + " yuan in all"
              + (seen.isEmpty() ? "" : ":"));
      lines.forEach(out::println);
      more(out, pages, "ask credence query call finance.holdings party=" + party);
    }
  }

  @Command(
      name = "history",
      description =
          "A party's finance history: every committed finance event naming it, in chain order")
  static final class History extends Read {
    /** The event attributes that name a party, in the finance contract's events. */
    static final List<String> PARTY_ATTRIBUTES =
        List.of(
            "holder",
            "from",
            "to",
            "bank",
            "obligor",
            "seller",
            "buyer",
            "counterparty",
            "issuer",
            "pledgee",
            "regulator",
            "against",
            "by");

    @Option(
        names = "--party",
        required = true,
        converter = UsccCode.class,
        description = "the party's USCC")
    String party;

    @Override
    void read(ApiClient client, PrintWriter out) throws IOException, ApiClient.ApiException {
      // One lookup per attribute that can name a party (each at most one page of the listing),
      // merged by the event's place in the chain: an event naming the party twice is told once.
      java.util.TreeMap<long[], JsonNode> events =
          new java.util.TreeMap<>(java.util.Arrays::compare);
      boolean cut = false;
      for (String attribute : PARTY_ATTRIBUTES) {
        JsonNode page =
            client.get(
                "/v1/events?contract=finance&attribute="
                    + attribute
                    + "&value="
                    + party
                    + "&limit="
                    + io.credence.api.ApiServer.EVENTS_PAGE_MAX);
        cut |= page.has("next");
        for (JsonNode e : page.path("events")) {
          String[] id = e.path("id").asText().split(":");
          events.put(
              new long[] {Long.parseLong(id[0]), Long.parseLong(id[1]), Long.parseLong(id[2])}, e);
        }
      }
      if (json) {
        printJson(out, new ArrayList<>(events.values()));
        return;
      }
      out.println(
          party + ": " + events.size() + " finance event(s)" + (events.isEmpty() ? "" : ":"));
      for (JsonNode e : events.values()) {
        StringBuilder line =
            new StringBuilder("  block ")
                .append(e.path("height").asText())
                .append("  ")
                .append(e.path("name").asText());
        e.path("attributes")
            .properties()
            .forEach(
                a -> line.append(' ').append(a.getKey()).append('=').append(a.getValue().asText()));
        out.println(line);
      }
      if (cut) {
        out.println(
            "(cut: some attribute has more than "
                + io.credence.api.ApiServer.EVENTS_PAGE_MAX
                + " events; page with GET /v1/events?contract=finance&attribute=holder&value="
                + party
                + "&after=...)");
      }
    }
  }

  @Command(
      name = "lineage",
      description = "A certificate's tree from its root, drawn as an indented tree")
  static final class Lineage extends Read {
    @Parameters(index = "0", converter = Id.class, paramLabel = "ID", description = "a piece")
    Hash certificate;

    @Override
    void read(ApiClient client, PrintWriter out) throws IOException, ApiClient.ApiException {
      List<JsonNode> pages = pages(client, "lineage", Map.of("certificate", certificate.hex()));
      if (json) {
        printJson(out, pages);
        return;
      }
      Map<String, List<JsonNode>> children = new LinkedHashMap<>();
      List<JsonNode> tops = new ArrayList<>();
      Set<String> ids = new LinkedHashSet<>();
      for (JsonNode page : pages) {
        for (JsonNode n : page.path("nodes")) {
          ids.add(n.path("certificate").asText());
        }
      }
      for (JsonNode page : pages) {
        for (JsonNode n : page.path("nodes")) {
          String parent = n.path("parent").asText();
          if (ids.contains(parent)) {
            children.computeIfAbsent(parent, k -> new ArrayList<>()).add(n);
          } else {
            tops.add(n);
          }
        }
      }
      out.println(
          "tree of root "
              + pages.get(0).path("root").asText()
              + " ("
              + pages.get(0).path("size").asLong()
              + " piece(s)):");
      for (JsonNode top : tops) {
        draw(out, top, children, 1);
      }
      more(out, pages, "ask credence query call finance.lineage certificate=" + certificate.hex());
    }

    private void draw(
        PrintWriter out, JsonNode n, Map<String, List<JsonNode>> children, int level) {
      String id = n.path("certificate").asText();
      out.println(
          "  ".repeat(level)
              + "- "
              + id
              + "  "
              + yuan(n.path("face"))
              + " yuan, "
              + n.path("status").asText()
              + ", held by "
              + n.path("holder").asText()
              + (id.equals(certificate.hex()) ? "  <- this one" : ""));
      for (JsonNode c : children.getOrDefault(id, List.of())) {
        draw(out, c, children, level + 1);
      }
    }
  }

  @Command(
      name = "calendar",
      description = "For clearing: the roots maturing each day of a window and what is due")
  static final class Calendar extends Read {
    @Option(
        names = "--from",
        required = true,
        converter = Day.class,
        description = "the window's first day")
    CalendarDate from;

    @Option(
        names = "--days",
        defaultValue = "7",
        description = "the window's length in days, 1 to 31 (default: ${DEFAULT-VALUE})")
    @Range(min = 1, max = FinanceQueries.CALENDAR_DAYS_MAX, unit = "days")
    long days;

    @Override
    void read(ApiClient client, PrintWriter out) throws IOException, ApiClient.ApiException {
      List<JsonNode> pages = new ArrayList<>();
      CalendarDate day = from;
      CalendarDate end = from.plusDays(days);
      long skip = 0;
      for (int i = 0; i < READ_PAGES_MAX && day.isBefore(end); i++) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("from", day.toString());
        a.put("days", Long.toString(day.daysUntil(end)));
        a.put("skip", Long.toString(skip));
        JsonNode answer = ask(client, "calendar", a).path("answer");
        pages.add(answer);
        if (!answer.path("cut").asBoolean()) {
          break;
        }
        day = CalendarDate.parse("nextDay", answer.path("nextDay").asText());
        skip = answer.path("nextSkip").asLong();
      }
      if (json) {
        printJson(out, pages);
        return;
      }
      BigDecimal due = BigDecimal.ZERO;
      out.println("due from " + from + " for " + days + " day(s):");
      for (JsonNode page : pages) {
        for (JsonNode d : page.path("dueDays")) {
          out.println("  " + d.path("day").asText() + ": " + yuan(d.path("due")) + " yuan due");
          for (JsonNode r : d.path("roots")) {
            out.println(
                "    "
                    + r.path("certificate").asText()
                    + "  "
                    + yuan(r.path("face"))
                    + " yuan from "
                    + r.path("obligor").asText()
                    + ", "
                    + r.path("status").asText()
                    + ", "
                    + r.path("visited").asLong()
                    + " of "
                    + r.path("pieces").asLong()
                    + " piece(s) visited by clearing");
          }
        }
        due = due.add(new BigDecimal(page.path("due").asText()));
      }
      out.println("total due: " + yuan(due.toPlainString()) + " yuan");
      JsonNode last = pages.get(pages.size() - 1);
      if (last.path("cut").asBoolean()) {
        out.println(
            "(cut after "
                + READ_PAGES_MAX
                + " pages; go on with --from "
                + last.path("nextDay").asText()
                + ", skipping "
                + last.path("nextSkip").asLong()
                + " root(s) of that day)");
      }
    }
  }

  @Command(name = "show", description = "An invoice and the certificates that cited it")
  static final class InvoiceShow extends Read {
    @Option(
        names = "--seller",
        required = true,
        converter = UsccCode.class,
        description = "the seller's USCC")
    String seller;

    @Option(names = "--number", required = true, description = "the invoice's number")
    String number;

    @Override
    void read(ApiClient client, PrintWriter out) throws IOException, ApiClient.ApiException {
      JsonNode invoice =
          ask(client, "invoice", Map.of("seller", seller, "number", number)).path("answer");
      List<JsonNode> pages =
          pages(
              client,
              "invoiceUses",
              Map.of(
                  "seller",
                  seller,
                  "number",
                  number,
                  "limit",
                  Integer.toString(FinanceQueries.USES_LIMIT_MAX)));
      if (json) {
        printJson(out, Map.of("invoice", invoice, "uses", pages));
        return;
      }
      out.println(
          "invoice "
              + number
              + " of "
              + seller
              + " to "
              + invoice.path("buyer").asText()
              + ": "
              + yuan(invoice.path("amount"))
              + " yuan issued "
              + invoice.path("issued").asText());
      out.println(
          "  certified "
              + yuan(invoice.path("certified"))
              + " yuan, financed "
              + yuan(invoice.path("financed"))
              + " yuan, document "
              + invoice.path("document").asText());
      for (JsonNode page : pages) {
        for (JsonNode c : page.path("certificates")) {
          out.println(
              "  certificate "
                  + c.path("certificate").asText()
                  + "  "
                  + yuan(c.path("face"))
                  + " yuan due "
                  + c.path("maturity").asText()
                  + ", "
                  + c.path("status").asText()
                  + ", held by "
                  + c.path("holder").asText());
        }
      }
      more(out, pages, "ask credence query call finance.invoiceUses");
    }
  }

  @Command(
      name = "repayment",
      description =
          "A core enterprise's repayment record: its certificates paid on time or late, recourse"
              + " taken, written off")
  static final class Repayment extends Read {
    @Option(
        names = "--obligor",
        required = true,
        converter = UsccCode.class,
        description = "the core enterprise's USCC")
    String obligor;

    @Override
    void read(ApiClient client, PrintWriter out) throws IOException, ApiClient.ApiException {
      JsonNode r = ask(client, "repayment", Map.of("obligor", obligor)).path("answer");
      if (json) {
        printJson(out, r);
        return;
      }
      long bp = r.path("onTimeBasisPoints").asLong();
      out.printf(
          Locale.ROOT, "repayment record of %s, from its certificates that ended:%n", obligor);
      out.printf(
          Locale.ROOT,
          "  paid       %d piece%s, %s yuan; on time %d, %s yuan (%d.%02d%% of the face paid)%n",
          r.path("settled").asLong(),
          r.path("settled").asLong() == 1 ? "" : "s",
          yuan(r.path("settledFace")),
          r.path("onTime").asLong(),
          yuan(r.path("onTimeFace")),
          bp / 100,
          bp % 100);
      out.printf(
          Locale.ROOT,
          "  late       %d days in all, %d at most%n",
          r.path("daysLateTotal").asLong(),
          r.path("daysLateMax").asLong());
      out.printf(
          Locale.ROOT,
          "  unpaid     %d recourse taken (%s yuan), %d written off (%s yuan): %d default%s%n",
          r.path("recoursed").asLong(),
          yuan(r.path("recoursedFace")),
          r.path("writtenOff").asLong(),
          yuan(r.path("writtenOffFace")),
          r.path("defaults").asLong(),
          r.path("defaults").asLong() == 1 ? "" : "s");
    }
  }

  @Command(name = "certificate", description = "A certificate: its parties, face and state today")
  static final class CertificateRead extends Read {
    @Parameters(index = "0", converter = Id.class, paramLabel = "ID", description = "its id")
    Hash certificate;

    @Override
    void read(ApiClient client, PrintWriter out) throws IOException, ApiClient.ApiException {
      JsonNode c =
          ask(client, "certificate", Map.of("certificate", certificate.hex())).path("answer");
      if (json) {
        printJson(out, c);
        return;
      }
      out.println(
          "certificate "
              + c.path("certificate").asText()
              + ": "
              + c.path("status").asText()
              + ", "
              + yuan(c.path("face"))
              + " yuan due "
              + c.path("maturity").asText());
      out.println("  obligor " + c.path("obligor").asText() + " (pays at maturity)");
      out.println("  holder  " + c.path("holder").asText());
      out.println("  seller  " + c.path("seller").asText());
      out.println(
          "  issued "
              + c.path("issued").asText()
              + ", depth "
              + c.path("depth").asLong()
              + ", root "
              + c.path("root").asText());
      out.println("  line " + c.path("line").asText() + ", invoice " + c.path("invoice").asText());
      out.println(
          c.path("tradeBacked").asBoolean()
              ? "  trade backed: the buyer received the seller's goods in trace event "
                  + c.path("receiveEvent").asText()
              : "  trade not backed by a goods receipt citing the buyer's receiving event");
      if (c.path("recall").asLong() > 0) {
        out.println(
            "  RECALL "
                + c.path("recall").asText()
                + " touches its goods (credence query finance.recall recall="
                + c.path("recall").asText()
                + ")");
      }
      if (!c.path("counterparty").asText().isEmpty()) {
        out.println(
            "  waiting on / sold by "
                + c.path("counterparty").asText()
                + " until "
                + c.path("until").asText());
      }
    }
  }
}
