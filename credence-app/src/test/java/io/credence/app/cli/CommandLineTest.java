package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.credence.app.client.ApiClient;
import io.credence.core.Hash;
import io.credence.core.Hex;
import io.credence.core.Rejection;
import io.credence.core.crypto.KeyPair;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.chain.Transaction;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: bad input exits 2 with one line; tx and query against a node. */
class CommandLineTest {
  @TempDir Path dir;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void init_badOrgCount_exits2NamingTheFlag() {
    CliRun r = run("init", "--orgs", "0", "--dir", dir.resolve("x").toString(), "--plain-keys");
    assertEquals(2, r.exit());
    assertEquals("credence: --orgs: expected 1 to 64, found 0", r.err().trim());
  }

  @Test
  void init_withoutPassphraseOrPlainKeys_exits2() {
    CliRun r = run("init", "--orgs", "2", "--dir", dir.resolve("x").toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("keys are encrypted by default"), r.err());
  }

  @Test
  void init_encryptedKeys_nodeReadsThemWithThePassphraseFile() throws Exception {
    Path pass = dir.resolve("pass.txt");
    Files.writeString(pass, "s3cret phrase\n");
    CliRun r =
        run(
            "init",
            "--orgs",
            "2",
            "--dir",
            dir.resolve("c").toString(),
            "--passphrase-file",
            pass.toString(),
            "--suite",
            "national");
    assertEquals(0, r.exit(), r.err());
    Path key = dir.resolve("c/orgs/core-enterprise-1/admin.pem");
    assertTrue(Files.readString(key).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    CliRun shown =
        run("key", "show", "--key", key.toString(), "--passphrase-file", pass.toString());
    assertEquals(0, shown.exit(), shown.err());
    assertTrue(shown.out().contains("suite      national"), shown.out());
    CliRun noPass = run("key", "show", "--key", key.toString());
    assertEquals(2, noPass.exit());
    assertTrue(noPass.err().contains("the key is encrypted"), noPass.err());
  }

  @Test
  void verify_missingHome_exits2() {
    CliRun r = run("verify", "--home", dir.resolve("nowhere").toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("node.toml: file not found"), r.err());
  }

  /**
   * {@code query proof} checks what it is served: a stand-in node that forwards the real answer is
   * believed; one that changes the receipt to FAILED is refused with exit 1.
   */
  @Test
  void queryProof_refusesATamperedAnswer() throws Exception {
    try (DevNode dev = new DevNode(dir.resolve("c"), 2)) {
      KeyPair admin = dev.admins.get(0);
      ApiClient client = new ApiClient(dev.url());
      long nonce =
          client
              .get("/v1/accounts/" + admin.suite().address(admin.publicKey()).hex())
              .get("nextNonce")
              .asLong();
      Transaction tx = Calls.registerFresh(admin, "test-chain", nonce);
      assertEquals("COMMITTED", client.submit(tx, true).get("status").asText());
      Hash hash = tx.hash(admin.suite());
      String status = client.get("/v1/status").toString();
      JsonNode honest = client.get("/v1/transactions/" + hash.hex() + "/proof");
      Receipt receipt = Receipt.CODEC.decode(Hex.parse("receipt", honest.get("receipt").asText()));
      ObjectNode forged = honest.deepCopy();
      forged.put(
          "receipt",
          Hex.of(
              Receipt.CODEC.encode(
                  Receipt.failure(
                      hash, Rejection.of("NOT_AUTHORISED", "forged"), receipt.cost()))));

      CliRun believed = runAgainst(status, honest.toString(), hash);
      assertEquals(0, believed.exit(), believed.err());
      assertTrue(believed.out().contains("its receipt (SUCCESS)"), believed.out());

      CliRun refused = runAgainst(status, forged.toString(), hash);
      assertEquals(1, refused.exit(), refused.out());
      assertEquals("", refused.out());
      assertTrue(
          refused
              .err()
              .startsWith(
                  "credence: the proof of transaction "
                      + hash.hex()
                      + " does not verify, so the node's answer cannot be trusted: receiptProof:"
                      + " expected to recompute "),
          refused.err());
    }
  }

  /** Runs {@code query proof} against a stand-in node that serves these two answers. */
  private static CliRun runAgainst(String status, String proof, Hash hash) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/status", exchange -> answer(exchange, status));
    server.createContext(
        "/v1/transactions/" + hash.hex() + "/proof", exchange -> answer(exchange, proof));
    server.start();
    try {
      return run(
          "query",
          "--node",
          "http://127.0.0.1:" + server.getAddress().getPort(),
          "proof",
          hash.hex());
    } finally {
      server.stop(0);
    }
  }

  private static void answer(HttpExchange exchange, String body) throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Test
  void txAndQuery_againstARunningNode() throws Exception {
    try (DevNode dev = new DevNode(dir.resolve("c"), 2)) {
      String adminKey = dev.layout.adminKeys().get(0).toString();
      Path newKey = dir.resolve("clerk.pem");
      CliRun created = run("key", "new", "--out", newKey.toString(), "--plain-key");
      assertEquals(0, created.exit(), created.err());
      String publicKey =
          created
              .out()
              .lines()
              .filter(l -> l.startsWith("public key "))
              .findFirst()
              .orElseThrow()
              .substring(11);
      String address =
          created
              .out()
              .lines()
              .filter(l -> l.startsWith("address    "))
              .findFirst()
              .orElseThrow()
              .substring(11);

      CliRun tx =
          run(
              "tx",
              "--node",
              dev.url(),
              "--key",
              adminKey,
              "identity.register",
              "publicKey=" + publicKey,
              "roles=OPERATOR");
      assertEquals(0, tx.exit(), tx.err());
      assertTrue(tx.out().matches("(?s).*: committed in block [0-9]+, SUCCESS.*"), tx.out());
      assertTrue(
          tx.out().contains("event identity.AccountRegistered account=" + address), tx.out());

      CliRun failed =
          run(
              "tx",
              "--node",
              dev.url(),
              "--key",
              newKey.toString(),
              "identity.revoke",
              "account=" + address);
      assertEquals(1, failed.exit());
      assertTrue(failed.out().contains("FAILED (NOT_AUTHORISED"), failed.out());

      CliRun badCall = run("tx", "--node", dev.url(), "--key", adminKey, "register", "x=1");
      assertEquals(2, badCall.exit());
      assertEquals(
          "credence: CONTRACT.METHOD: expected for example identity.register, found 'register'",
          badCall.err().trim());

      // Built from the node's catalogue: arguments checked by their declared types.
      CliRun badRole =
          run(
              "tx",
              "--node",
              dev.url(),
              "--key",
              adminKey,
              "identity.register",
              "publicKey=" + publicKey,
              "roles=OPERATOR,BOSS");
      assertEquals(2, badRole.exit());
      assertTrue(
          badRole
              .err()
              .trim()
              .startsWith("credence: identity.register argument roles[1]: expected one of ADMIN"),
          badRole.err());
      assertTrue(badRole.err().trim().endsWith("found 'BOSS'"), badRole.err());
      CliRun unknown = run("tx", "--node", dev.url(), "--key", adminKey, "identity.promote", "x=1");
      assertEquals(2, unknown.exit());
      assertTrue(
          unknown
              .err()
              .contains(
                  "identity.revoke, identity.setKyc, identity.applyMembership,"
                      + " trace.registerProduct, trace.registerLocation, trace.capture,"
                      + " trace.recall], found"
                      + " 'identity.promote'"),
          unknown.err());
      CliRun list = run("tx", "--node", dev.url(), "--list");
      assertEquals(0, list.exit(), list.err());
      assertTrue(list.out().contains("identity.register publicKey=... roles=..."), list.out());
      assertTrue(
          list.out().contains("governance.proposeValidators validators=... expiresAt=..."),
          list.out());
      assertTrue(list.out().contains("approvals.approve id=..."), list.out());
      assertTrue(list.out().contains("who: ADMIN"), list.out());
      assertTrue(list.out().contains("query identity.account address=..."), list.out());
      CliRun badQuery = run("query", "--node", dev.url(), "call", "identity.account", "address=zz");
      assertEquals(2, badQuery.exit());
      assertEquals(
          "credence: identity.account argument address: expected hex digits, found 'zz'",
          badQuery.err().trim());
      CliRun noSuchQuery = run("query", "--node", dev.url(), "call", "identity.everyone");
      assertEquals(2, noSuchQuery.exit());
      assertTrue(noSuchQuery.err().contains("found 'identity.everyone'"), noSuchQuery.err());

      // A contract query, its answer proven: every value against the header, the answer
      // recomputed from the proven values alone.
      CliRun asked =
          run(
              "query",
              "--node",
              dev.url(),
              "--proof",
              "call",
              "identity.account",
              "address=" + address);
      assertEquals(0, asked.exit(), asked.err());
      assertTrue(asked.out().contains("\"OPERATOR\""), asked.out());
      // Exit 0: every proof verified and the recomputed answer matched (else a user error).
      var client = new io.credence.app.client.ApiClient(dev.url());
      var served =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              client.get("/v1/query/identity/account?proof=true&address=" + address);
      var suite = io.credence.core.crypto.CryptoSuite.named("standard");
      var args = java.util.Map.<String, Object>of("address", address);
      assertEquals(1, QueryCommand.checkQueryAnswer(suite, served, "identity", "account", args));
      // A node that lies about the answer, or about a proven value, is caught.
      var lie = served.deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) lie.get("answer"))
          .putArray("roles")
          .add("ADMIN");
      UserError caught =
          org.junit.jupiter.api.Assertions.assertThrows(
              UserError.class,
              () -> QueryCommand.checkQueryAnswer(suite, lie, "identity", "account", args));
      assertTrue(caught.getMessage().contains("differs"), caught.getMessage());
      var forged = served.deepCopy();
      var proofEntry = (com.fasterxml.jackson.databind.node.ObjectNode) forged.get("proofs").get(0);
      String value = proofEntry.get("valueHex").asText();
      proofEntry.put("valueHex", value.substring(0, value.length() - 2) + "00");
      UserError badProof =
          org.junit.jupiter.api.Assertions.assertThrows(
              UserError.class,
              () -> QueryCommand.checkQueryAnswer(suite, forged, "identity", "account", args));
      assertTrue(badProof.getMessage().contains("does not verify"), badProof.getMessage());
      var withheld = served.deepCopy();
      withheld.putArray("proofs");
      org.junit.jupiter.api.Assertions.assertThrows(
          UserError.class,
          () -> QueryCommand.checkQueryAnswer(suite, withheld, "identity", "account", args));
      String hash = tx.out().substring("transaction ".length(), tx.out().indexOf(':'));
      CliRun proof = run("query", "--node", dev.url(), "proof", hash);
      assertEquals(0, proof.exit(), proof.err());
      assertTrue(
          proof.out().startsWith("transaction " + hash + " is committed in block "), proof.out());
      assertTrue(
          proof
              .out()
              .matches(
                  "(?s).*\\): leaf 0 of 1 under its transactions root\n"
                      + "its receipt \\(SUCCESS\\) is leaf 0 of 1 under its receipts root; .*"),
          proof.out());
      CliRun notCommitted = run("query", "--node", dev.url(), "proof", "00".repeat(32));
      assertEquals(1, notCommitted.exit());
      assertTrue(notCommitted.err().startsWith("credence: TRANSACTION_NOT_COMMITTED: "));
      CliRun badHash = run("query", "--node", dev.url(), "proof", "abc");
      assertEquals(2, badHash.exit());
      assertEquals(
          "credence: query proof TXHASH: expected an even number of hex digits, found 3",
          badHash.err().trim());

      CliRun account = run("query", "--node", dev.url(), "account", address);
      assertEquals(0, account.exit(), account.err());
      assertTrue(account.out().contains("\"OPERATOR\""), account.out());
      CliRun state = run("query", "--node", dev.url(), "state", "identity/account/" + address);
      assertEquals(0, state.exit(), state.err());
      CliRun block = run("query", "--node", dev.url(), "block", "1");
      assertEquals(0, block.exit());
      assertTrue(block.out().contains("\"height\" : 1"), block.out());
      CliRun what = run("query", "--node", dev.url(), "everything");
      assertEquals(2, what.exit());
    }
    CliRun verify = run("verify", "--home", dir.resolve("c/nodes/node-1").toString());
    assertEquals(0, verify.exit(), verify.err());
    assertTrue(verify.out().matches("(?s).*verify: OK\\. [0-9]+ blocks.*"), verify.out());
    // A listing entry removed from the index beside the store is caught.
    Path data = dir.resolve("c/nodes/node-1/data");
    try (var kv = io.credence.storage.rocksdb.RocksDbStore.open(data)) {
      var entries =
          kv.scan(
              "idx/e/".getBytes(StandardCharsets.US_ASCII),
              "idx/e/".getBytes(StandardCharsets.US_ASCII),
              10);
      assertTrue(!entries.isEmpty());
      kv.write(new io.credence.ledger.store.WriteBatch().delete(entries.get(0).getKey()));
    }
    CliRun tampered = run("verify", "--home", dir.resolve("c/nodes/node-1").toString());
    assertEquals(1, tampered.exit(), tampered.out());
    assertTrue(
        tampered.out().contains("verify: FAILED: the listings index is not what the blocks give"),
        tampered.out());
  }
}
