package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.app.config.KeyFileIo;
import io.credence.core.Hex;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Uscc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code credence finance} against a running node: a supplier registers an invoice and submits a
 * certificate, the core enterprise confirms it (prepared by an operator, approved by an approver),
 * the supplier splits it and reads its holdings and the tree, with proofs.
 */
class FinanceCliTest {
  private static final String CORE = Uscc.forDevelopment(1);
  private static final String SUPPLIER = Uscc.forDevelopment(2);
  private static final String BANK = Uscc.forDevelopment(3);

  private DevNode dev;
  private Path dir;

  private CliRun ok(String... args) {
    CliRun r = CliRun.of(args);
    assertEquals(0, r.exit(), String.join(" ", args) + "\n" + r.out() + r.err());
    return r;
  }

  private CliRun tx(Path key, String target, String... args) {
    List<String> all = new ArrayList<>(List.of("tx", "--node", dev.url(), "--key", key.toString()));
    all.add(target);
    all.addAll(List.of(args));
    return ok(all.toArray(new String[0]));
  }

  private CliRun finance(Path key, String... args) {
    // The command's words ("split", or "invoice register"), then the node and key, then the rest.
    int words = args[0].equals("invoice") ? 2 : 1;
    List<String> all = new ArrayList<>(List.of("finance"));
    all.addAll(List.of(args).subList(0, words));
    all.addAll(List.of("--node", dev.url()));
    if (key != null) {
      all.addAll(List.of("--key", key.toString()));
    }
    all.addAll(List.of(args).subList(words, args.length));
    return ok(all.toArray(new String[0]));
  }

  /** A new account of the organisation {@code admin} runs, with {@code role}, as a key file. */
  private Path account(Path admin, String role, String name) throws Exception {
    KeyPair key = dev.admins.get(0).suite().generate(new SecureRandom());
    Path file = dir.resolve(name + ".pem");
    KeyFileIo.write(file, key, null);
    tx(admin, "identity.register", "publicKey=" + Hex.of(key.publicKey()), "roles=" + role);
    return file;
  }

  private static String find(String regex, String text) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), regex + " in:\n" + text);
    return m.group(1);
  }

  @Test
  void invoiceSubmitConfirmSplit_thenHoldings(@TempDir Path tmp) throws Exception {
    dir = tmp;
    dev = new DevNode(tmp.resolve("c"), 3);
    try {
      Path coreAdmin = dev.layout.adminKeys().get(0);
      Path supplierAdmin = dev.layout.adminKeys().get(1);
      Path bankAdmin = dev.layout.adminKeys().get(2);
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      for (String org : List.of(CORE, SUPPLIER, BANK)) {
        tx(
            coreAdmin,
            "identity.setKyc",
            "organisation=" + org,
            "status=VERIFIED",
            "validUntil=" + today.plusDays(365));
      }
      Path coreOperator = account(coreAdmin, "OPERATOR", "core-operator");
      Path coreApprover = account(coreAdmin, "APPROVER", "core-approver");
      Path bankOperator = account(bankAdmin, "OPERATOR", "bank-operator");
      Path bankApprover = account(bankAdmin, "APPROVER", "bank-approver");

      // The bank's line to the core enterprise, prepared and approved.
      CliRun grant =
          tx(
              bankOperator,
              "finance.grantLine",
              "obligor=" + CORE,
              "limit=5000000",
              "validFrom=" + today,
              "validUntil=" + today.plusDays(365));
      String grantId =
          find("event approvals.Prepared contract=finance id=([0-9a-f]{64})", grant.out());
      CliRun granted = finance(bankApprover, "approve", grantId);
      String line = find("Line granted:.* line ([0-9a-f]{64})", granted.out());

      Path invoiceFile = tmp.resolve("INV-1.pdf");
      Files.writeString(invoiceFile, "invoice INV-1: 1,000,000 yuan of steel");
      CliRun registered =
          finance(
              supplierAdmin,
              "invoice",
              "register",
              "--number",
              "INV-1",
              "--buyer",
              CORE,
              "--amount",
              "1,000,000",
              "--issued",
              today.toString(),
              "--document-file",
              invoiceFile.toString());
      assertTrue(registered.out().contains("Invoice registered:"), registered.out());

      String maturity = today.plusDays(90).toString();
      CliRun submitted =
          finance(
              supplierAdmin,
              "submit",
              "--invoice",
              "INV-1",
              "--face",
              "1,000,000",
              "--maturity",
              maturity);
      String certificate =
          find("Certificate submitted:.* certificate ([0-9a-f]{64})", submitted.out());
      assertTrue(submitted.out().contains("face 1,000,000.00 yuan"), submitted.out());

      CliRun prepared =
          finance(coreOperator, "confirm", "--certificate", certificate, "--line", line);
      String confirmId = find("prepared finance.confirm as ([0-9a-f]{64})", prepared.out());
      assertTrue(prepared.out().contains("credence finance approve " + confirmId), prepared.out());
      CliRun confirmed = finance(coreApprover, "approve", confirmId);
      assertTrue(confirmed.out().contains("Certificate confirmed:"), confirmed.out());

      CliRun split =
          finance(
              supplierAdmin,
              "split",
              "--certificate",
              certificate,
              "--parts",
              "700,000",
              "300000.00");
      assertTrue(split.out().contains("Certificate split:"), split.out());

      CliRun holdings = finance(null, "holdings", "--party", SUPPLIER, "--proof");
      assertTrue(
          holdings
              .out()
              .startsWith(SUPPLIER + " holds 2 certificate(s), 1,000,000.00 yuan in all:"),
          holdings.out());
      assertTrue(holdings.out().contains("700,000.00 yuan due " + maturity), holdings.out());
      assertTrue(holdings.err().contains("proven against the state root"), holdings.err());

      // The supplier's history: its invoice, submission, confirmation and split, in chain order.
      CliRun history = finance(null, "history", "--party", SUPPLIER);
      String h = history.out();
      assertTrue(h.startsWith(SUPPLIER + ": "), h);
      assertTrue(
          h.indexOf("InvoiceRegistered") < h.indexOf("CertificateSubmitted")
              && h.indexOf("CertificateSubmitted") < h.indexOf("CertificateConfirmed")
              && h.indexOf("CertificateConfirmed") < h.indexOf("CertificateSplit")
              && h.indexOf("InvoiceRegistered") >= 0,
          h);

      CliRun lineage = finance(null, "lineage", certificate, "--proof");
      assertTrue(
          lineage.out().contains("  - " + certificate + "  1,000,000.00 yuan, SPLIT"),
          lineage.out());
      assertTrue(lineage.out().contains("    - "), "the pieces are drawn a level in");

      CliRun calendar = finance(null, "calendar", "--from", maturity, "--days", "1");
      assertTrue(calendar.out().contains("total due: 1,000,000.00 yuan"), calendar.out());

      CliRun invoice =
          finance(null, "invoice", "show", "--seller", SUPPLIER, "--number", "INV-1", "--proof");
      assertTrue(invoice.out().contains("certified 1,000,000.00 yuan"), invoice.out());

      CliRun json = finance(null, "certificate", certificate, "--json");
      assertTrue(json.out().contains("\"status\" : \"SPLIT\""), json.out());

      // A refusal is told in words with its code, and exits 1.
      CliRun again =
          CliRun.of(
              "finance",
              "split",
              "--node",
              dev.url(),
              "--key",
              supplierAdmin.toString(),
              "--certificate",
              certificate,
              "--parts",
              "1",
              "999,999");
      assertEquals(1, again.exit(), again.out() + again.err());
      assertTrue(again.out().startsWith("refused (WRONG_STATE)"), again.out());

      // Financing through the business commands: the bank offers (maker-checker), the supplier
      // takes the offer, the bank approves the financing with its registry entry.
      String piece = find("pieces ([0-9a-f]{64}),", split.out());
      CliRun offerPrepared =
          finance(
              bankOperator,
              "offer",
              "--certificate",
              piece,
              "--annual-cost",
              "3.8%",
              "--recourse",
              "--valid-until",
              today.plusDays(5).toString());
      String offerId = find("prepared finance.offer as ([0-9a-f]{64})", offerPrepared.out());
      CliRun offered = finance(bankApprover, "approve", offerId);
      String offer = find("offer ([0-9a-f]{64})", offered.out());
      CliRun requested =
          finance(supplierAdmin, "finance", "--certificate", piece, "--offer", offer);
      assertEquals(0, requested.exit(), requested.out() + requested.err());
      CliRun approvalPrepared =
          finance(
              bankOperator,
              "approve-financing",
              "--certificate",
              piece,
              "--registration-number",
              "ZDDJ-2026-0001",
              "--registration-date",
              today.toString());
      String approvalId =
          find("prepared finance.approveFinancing as ([0-9a-f]{64})", approvalPrepared.out());
      CliRun financed = finance(bankApprover, "approve", approvalId);
      assertTrue(financed.out().contains("Certificate financed:"), financed.out());
      assertTrue(financed.out().contains("registrationNumber ZDDJ-2026-0001"), financed.out());
      CliRun bankHoldings = finance(null, "holdings", "--party", BANK);
      assertTrue(
          bankHoldings.out().startsWith(BANK + " holds 1 certificate(s), 700,000.00 yuan"),
          bankHoldings.out());
    } finally {
      dev.close();
    }
  }
}
