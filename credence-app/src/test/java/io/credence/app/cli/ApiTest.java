package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credence.api.Json;
import io.credence.core.Hash;
import io.credence.core.Hex;
import io.credence.core.Rejection;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import io.credence.execution.identity.IdentityRegistry;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.InclusionProof;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.chain.Transaction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API on a real node: the happy paths and every error code the API itself answers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private DevNode dev;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    dev = new DevNode(dir.resolve("c"), 2);
  }

  @AfterAll
  void stop() {
    dev.close();
  }

  record Answer(int status, String contentType, JsonNode body) {}

  private Answer send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(dev.url() + path));
    b =
        body == null
            ? b.method(method, HttpRequest.BodyPublishers.noBody())
            : b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r =
        http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Answer(
        r.statusCode(),
        r.headers().firstValue("content-type").orElse(""),
        MAPPER.readTree(r.body()));
  }

  private void assertProblem(Answer a, int status, String code) {
    assertEquals(status, a.status(), a.body().toString());
    assertEquals("application/problem+json", a.contentType());
    assertEquals(code, a.body().get("code").asText(), a.body().toString());
    assertTrue(a.body().get("detail").asText().length() > 10);
  }

  private Transaction register(KeyPair admin, long nonce) {
    return Calls.registerFresh(admin, "test-chain", nonce);
  }

  private String body(Transaction tx) {
    return "{\"transaction\":\"" + Hex.of(tx.encode()) + "\"}";
  }

  private long nextNonce(KeyPair key) throws Exception {
    return send("GET", "/v1/accounts/" + key.suite().address(key.publicKey()).hex(), null)
        .body()
        .get("nextNonce")
        .asLong();
  }

  @Test
  void contracts_areServedFromTheirDeclarations() throws Exception {
    Answer a = send("GET", "/v1/contracts", null);
    assertEquals(200, a.status());
    JsonNode identity = null;
    for (JsonNode c : a.body().get("contracts")) {
      if (c.get("name").asText().equals("identity")) {
        identity = c;
      }
    }
    assertTrue(identity != null, a.body().toString());
    JsonNode register = identity.get("methods").get(0);
    assertEquals("register", register.get("name").asText());
    assertEquals("publicKey", register.get("arguments").get(0).get("type").get("type").asText());
    assertEquals("list", register.get("arguments").get(1).get("type").get("type").asText());
    assertEquals("ADMIN", register.get("access").get("accountRoles").get(0).asText());
  }

  @Test
  void queries_answerWithProofs_andNameWhatIsWrong() throws Exception {
    KeyPair admin = dev.admins.get(0);
    String address = admin.suite().address(admin.publicKey()).hex();
    Answer a = send("GET", "/v1/query/identity/account?address=" + address + "&proof=true", null);
    assertEquals(200, a.status(), a.body().toString());
    assertEquals("ADMIN", a.body().get("answer").get("roles").get(0).asText());
    assertEquals(1, a.body().get("proofs").size());
    assertTrue(a.body().get("header").has("encoded"));
    Answer plain = send("GET", "/v1/query/identity/account?address=" + address, null);
    assertTrue(!plain.body().has("proofs"), plain.body().toString());
    assertProblem(
        send("GET", "/v1/query/identity/account?address=" + "00".repeat(20), null),
        404,
        "NOT_FOUND");
    assertProblem(send("GET", "/v1/query/identity/everyone", null), 404, "UNKNOWN_QUERY");
    assertProblem(
        send("GET", "/v1/query/identity/account?address=zz", null), 400, "INVALID_ARGUMENTS");
    assertProblem(send("GET", "/v1/query/identity/account", null), 400, "INVALID_ARGUMENTS");
    assertProblem(
        send("GET", "/v1/query/identity/account?address=" + address + "&proof=maybe", null),
        400,
        "INVALID_PARAMETER");
    Answer validators = send("GET", "/v1/query/consensus/validators", null);
    assertEquals(200, validators.status());
    assertTrue(validators.body().get("answer").isArray());
  }

  @Test
  void aFinanceQuery_answersWithProofs_andRefusesAPageOutOfBounds() throws Exception {
    String supplier = io.credence.core.genesis.Uscc.forDevelopment(2);
    Answer a =
        send(
            "GET",
            "/v1/query/finance/holdings?party=" + supplier + "&from=0&limit=100&proof=true",
            null);
    assertEquals(200, a.status(), a.body().toString());
    assertEquals(0, a.body().get("answer").get("holdings").size());
    assertEquals(false, a.body().get("answer").get("cut").asBoolean());
    // The holder list's length (absent: proven absent) and the finance rules.
    assertEquals(2, a.body().get("proofs").size(), a.body().toString());
    assertTrue(a.body().get("header").has("encoded"));
    assertProblem(
        send("GET", "/v1/query/finance/calendar?from=2027-03-01&days=32&skip=0", null),
        422,
        "INVALID_ARGUMENT");
  }

  @Test
  void listings_comeFromTheIndex_inChainOrder_pageByPage() throws Exception {
    KeyPair admin = dev.admins.get(1);
    String uscc =
        send("GET", "/v1/accounts/" + admin.suite().address(admin.publicKey()).hex(), null)
            .body()
            .get("organisation")
            .asText();
    long nonce = nextNonce(admin);
    for (int i = 0; i < 3; i++) {
      Answer a = send("POST", "/v1/transactions?wait=true", body(register(admin, nonce + i)));
      assertEquals(200, a.status(), a.body().toString());
    }
    Answer all =
        send("GET", "/v1/events?contract=identity&attribute=organisation&value=" + uscc, null);
    assertEquals(200, all.status(), all.body().toString());
    int total = all.body().get("events").size();
    assertTrue(total >= 3, all.body().toString());
    for (JsonNode e : all.body().get("events")) {
      assertEquals(uscc, e.get("attributes").get("organisation").asText());
      assertEquals("AccountRegistered", e.get("name").asText());
    }
    // Page by page with the cursor: the same events, none twice.
    java.util.List<String> paged = new java.util.ArrayList<>();
    String after = null;
    do {
      Answer page =
          send(
              "GET",
              "/v1/events?contract=identity&attribute=organisation&limit=2&value="
                  + uscc
                  + (after == null ? "" : "&after=" + after),
              null);
      page.body().get("events").forEach(e -> paged.add(e.get("id").asText()));
      after = page.body().has("next") ? page.body().get("next").asText() : null;
    } while (after != null);
    java.util.List<String> ids = new java.util.ArrayList<>();
    all.body().get("events").forEach(e -> ids.add(e.get("id").asText()));
    assertEquals(ids, paged);
    assertProblem(
        send("GET", "/v1/events?contract=identity&attribute=organisation", null),
        400,
        "INVALID_PARAMETER");
    assertProblem(
        send("GET", "/v1/events?contract=identity&attribute=event&value=x&after=1:2", null),
        400,
        "INVALID_PARAMETER");
    assertProblem(
        send("GET", "/v1/events?contract=identity&attribute=event&value=x&limit=1001", null),
        400,
        "INVALID_PARAMETER");
  }

  @Test
  void submitAndWait_thenReadTransactionBlockAndStatus() throws Exception {
    KeyPair admin = dev.admins.get(0);
    Transaction tx = register(admin, nextNonce(admin));
    Answer committed = send("POST", "/v1/transactions?wait=true", body(tx));
    assertEquals(200, committed.status(), committed.body().toString());
    assertEquals("COMMITTED", committed.body().get("status").asText());
    assertEquals("SUCCESS", committed.body().get("receipt").get("status").asText());
    long height = committed.body().get("height").asLong();

    Answer byHash = send("GET", "/v1/transactions/" + committed.body().get("hash").asText(), null);
    assertEquals(height, byHash.body().get("height").asLong());
    Answer block = send("GET", "/v1/blocks/" + height, null);
    assertEquals(200, block.status());
    // Arguments shown in their plain form, read by the method's declaration.
    JsonNode shown = null;
    for (JsonNode t : block.body().get("transactions")) {
      if (t.get("hash").asText().equals(committed.body().get("hash").asText())) {
        shown = t;
      }
    }
    assertTrue(shown != null, block.body().toString());
    assertEquals("VIEWER", shown.get("args").get("roles").get(0).asText(), shown.toString());
    String blockHash = block.body().get("header").get("hash").asText();
    assertEquals(
        height,
        send("GET", "/v1/blocks/" + blockHash, null).body().get("header").get("height").asLong());
    Answer status = send("GET", "/v1/status", null);
    assertEquals("test-chain", status.body().get("chainId").asText());
    assertTrue(status.body().get("height").asLong() >= height);
    assertEquals(0, status.body().get("peers").asInt());
  }

  @Test
  void submitWithoutWait_isPendingThenCommitted() throws Exception {
    KeyPair admin = dev.admins.get(1);
    Transaction tx = register(admin, nextNonce(admin));
    Answer pending = send("POST", "/v1/transactions", body(tx));
    assertEquals(202, pending.status());
    assertEquals("PENDING", pending.body().get("status").asText());
    String hash = pending.body().get("hash").asText();
    for (int i = 0;
        i < 200
            && !"COMMITTED"
                .equals(
                    send("GET", "/v1/transactions/" + hash, null).body().get("status").asText());
        i++) {
      Thread.sleep(25);
    }
    assertEquals(
        "COMMITTED", send("GET", "/v1/transactions/" + hash, null).body().get("status").asText());
  }

  @Test
  void stateWithProof_verifiesAgainstItsHeader_presentAndAbsent() throws Exception {
    KeyPair admin = dev.admins.get(0);
    byte[] key = IdentityRegistry.accountKey(admin.suite().address(admin.publicKey()));
    Answer present = send("GET", "/v1/state?keyHex=" + Hex.of(key), null);
    assertTrue(QueryCommand.checkProof(admin.suite(), present.body(), key));
    Answer absent = send("GET", "/v1/state?key=no-such-key&height=0", null);
    assertTrue(absent.body().get("valueHex").isNull());
    assertTrue(
        QueryCommand.checkProof(
            admin.suite(), absent.body(), "no-such-key".getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Three transactions admitted in one batch, so that one block holds them all and each proof has
   * siblings; answers the proof of the middle one.
   */
  private JsonNode proofOfABlockOfThree() throws Exception {
    KeyPair admin = dev.admins.get(0);
    long nonce = nextNonce(admin);
    List<String> hashes = new ArrayList<>();
    StringBuilder body = new StringBuilder("{\"transactions\":[");
    for (int i = 0; i < 3; i++) {
      Transaction tx = register(admin, nonce + i);
      hashes.add(tx.hash(admin.suite()).hex());
      body.append(i == 0 ? "\"" : ",\"").append(Hex.of(tx.encode())).append('"');
    }
    assertEquals(202, send("POST", "/v1/transactions/batch", body + "]}").status());
    for (String hash : hashes) {
      for (int i = 0;
          i < 400
              && !"COMMITTED"
                  .equals(
                      send("GET", "/v1/transactions/" + hash, null).body().get("status").asText());
          i++) {
        Thread.sleep(25);
      }
    }
    Answer proof = send("GET", "/v1/transactions/" + hashes.get(1) + "/proof", null);
    assertEquals(200, proof.status(), proof.body().toString());
    assertEquals(hashes.get(1), proof.body().get("hash").asText());
    return proof.body();
  }

  @Test
  void transactionProof_servesBothProofsAndTheHeader_andTheyVerify() throws Exception {
    JsonNode answer = proofOfABlockOfThree();
    CryptoSuite suite = dev.admins.get(0).suite();
    long height = answer.get("height").asLong();
    JsonNode block = send("GET", "/v1/blocks/" + height, null).body();
    // The header exactly as /v1/blocks shows it, hash included.
    assertEquals(block.get("header"), answer.get("header"));
    InclusionProof transactionProof =
        InclusionProof.CODEC.decode(
            Hex.parse("encoded", answer.get("transactionProof").get("encoded").asText()));
    int index = answer.get("index").asInt();
    assertEquals(block.get("transactions").size(), transactionProof.leafCount());
    assertTrue(transactionProof.leafCount() >= 3, "the batch landed in one block");
    assertEquals(index, transactionProof.leafIndex());
    assertEquals(
        block.get("transactions").get(index).get("hash").asText(), answer.get("hash").asText());
    // The decoded view is the encoding's.
    assertEquals(
        Json.inclusionProof(transactionProof).toString(),
        answer.get("transactionProof").toString());
    BlockHeader header =
        BlockHeader.CODEC.decode(
            Hex.parse("encoded", answer.get("header").get("encoded").asText()));
    assertTrue(
        transactionProof.verify(
            suite,
            header.transactionsRoot(),
            Hex.parse("transaction", answer.get("transaction").asText())));
    InclusionProof receiptProof =
        InclusionProof.CODEC.decode(
            Hex.parse("encoded", answer.get("receiptProof").get("encoded").asText()));
    assertTrue(
        receiptProof.verify(
            suite, header.receiptsRoot(), Hex.parse("receipt", answer.get("receipt").asText())));
    // What the command line checks, with nothing but the answer.
    ProvenTransaction proven =
        ProvenTransaction.check(suite, Hash.parse("hash", answer.get("hash").asText()), answer);
    assertEquals(height, proven.height());
    assertEquals(Receipt.Status.SUCCESS, proven.status());
    assertEquals(header.hash(suite), proven.blockHash());
  }

  @Test
  void transactionProof_ofATransactionNotCommitted_problem() throws Exception {
    assertProblem(
        send("GET", "/v1/transactions/" + "00".repeat(32) + "/proof", null),
        404,
        "TRANSACTION_NOT_COMMITTED");
    assertProblem(send("GET", "/v1/transactions/abc/proof", null), 400, "INVALID_HASH");
  }

  /** Each way a node could lie about a transaction is refused, naming what does not add up. */
  @Test
  void transactionProof_tampered_isRefusedNamingWhatFails() throws Exception {
    JsonNode answer = proofOfABlockOfThree();
    CryptoSuite suite = dev.admins.get(0).suite();
    Hash asked = Hash.parse("hash", answer.get("hash").asText());
    long height = answer.get("height").asLong();
    JsonNode headerView = answer.get("header");
    BlockHeader header =
        BlockHeader.CODEC.decode(Hex.parse("encoded", headerView.get("encoded").asText()));
    Receipt receipt = Receipt.CODEC.decode(Hex.parse("receipt", answer.get("receipt").asText()));

    // A different outcome: the receipt says FAILED. The receipts root gives it away.
    ObjectNode forgedReceipt = answer.deepCopy();
    forgedReceipt.put(
        "receipt",
        Hex.of(
            Receipt.CODEC.encode(
                Receipt.failure(asked, Rejection.of("NOT_AUTHORISED", "forged"), receipt.cost()))));
    assertRefused(
        suite,
        asked,
        forgedReceipt,
        "receiptProof: expected to recompute "
            + header.receiptsRoot().hex()
            + " (the receipts root of block "
            + height
            + "), found ");

    // A damaged sibling, in the encoding and the view alike.
    InclusionProof proof =
        InclusionProof.CODEC.decode(
            Hex.parse("encoded", answer.get("transactionProof").get("encoded").asText()));
    List<Hash> siblings = new ArrayList<>(proof.siblings());
    byte[] sibling = siblings.get(0).bytes();
    sibling[0] ^= 1;
    siblings.set(0, Hash.of(sibling));
    ObjectNode damagedSibling = answer.deepCopy();
    damagedSibling.set(
        "transactionProof",
        Json.inclusionProof(new InclusionProof(proof.leafIndex(), proof.leafCount(), siblings)));
    assertRefused(
        suite,
        asked,
        damagedSibling,
        "transactionProof: expected to recompute "
            + header.transactionsRoot().hex()
            + " (the transactions root of block "
            + height
            + "), found ");

    // A header with other roots under the old hash.
    ObjectNode otherHeader = answer.deepCopy();
    BlockHeader rerooted =
        new BlockHeader(
            header.chainId(),
            header.height(),
            header.parentHash(),
            header.proposer(),
            header.timestampMillis(),
            header.receiptsRoot(),
            header.transactionsRoot(),
            header.stateRoot(),
            header.seal());
    ((ObjectNode) otherHeader.get("header")).put("encoded", Hex.of(rerooted.encode()));
    assertRefused(
        suite,
        asked,
        otherHeader,
        "header.hash: expected "
            + rerooted.hash(suite).hex()
            + " (the hash of header.encoded), found "
            + headerView.get("hash").asText());

    // Another transaction's bytes.
    ObjectNode otherTransaction = answer.deepCopy();
    Transaction other = register(dev.admins.get(0), 0);
    otherTransaction.put("transaction", Hex.of(other.encode()));
    assertRefused(
        suite,
        asked,
        otherTransaction,
        "transaction: expected bytes hashing to "
            + asked.hex()
            + " (the hash asked for), found bytes hashing to "
            + other.hash(suite).hex());

    // A view that says something else than the encoding it shows.
    ObjectNode misleadingView = answer.deepCopy();
    ((ObjectNode) misleadingView.get("receiptProof")).put("leafIndex", proof.leafIndex() + 1);
    assertRefused(
        suite,
        asked,
        misleadingView,
        "receiptProof.leafIndex: expected "
            + proof.leafIndex()
            + " (as encoded), found "
            + (proof.leafIndex() + 1));

    // A proof that is not a canonical encoding.
    ObjectNode truncated = answer.deepCopy();
    String encoded = answer.get("transactionProof").get("encoded").asText();
    ((ObjectNode) truncated.get("transactionProof"))
        .put("encoded", encoded.substring(0, encoded.length() - 2));
    assertRefused(
        suite, asked, truncated, "transactionProof.encoded: expected a canonical encoding, found ");

    // The untouched answer still verifies: each refusal above is the tampering's doing.
    assertEquals(asked, ProvenTransaction.check(suite, asked, answer).transactionHash());
  }

  private static void assertRefused(
      CryptoSuite suite, Hash asked, JsonNode answer, String messageStart) {
    ProvenTransaction.Refused refused =
        assertThrows(
            ProvenTransaction.Refused.class, () -> ProvenTransaction.check(suite, asked, answer));
    assertTrue(
        refused.getMessage().startsWith(messageStart),
        "expected a message starting with " + messageStart + ", found " + refused.getMessage());
  }

  @Test
  void malformedBody_problem() throws Exception {
    Answer a = send("POST", "/v1/transactions", "not json");
    assertProblem(a, 400, "MALFORMED_BODY");
    Answer missing = send("POST", "/v1/transactions", "{\"tx\":1}");
    assertProblem(missing, 400, "MALFORMED_BODY");
    assertEquals("transaction", missing.body().get("field").asText());
    assertEquals("no such field", missing.body().get("found").asText());
  }

  @Test
  void malformedTransaction_problem() throws Exception {
    assertProblem(
        send("POST", "/v1/transactions", "{\"transaction\":\"zz\"}"), 400, "MALFORMED_TRANSACTION");
    assertProblem(
        send("POST", "/v1/transactions", "{\"transaction\":\"0102\"}"),
        400,
        "MALFORMED_TRANSACTION");
  }

  @Test
  void mempoolRejection_is422WithItsCode() throws Exception {
    KeyPair admin = dev.admins.get(0);
    Transaction tx = register(admin, nextNonce(admin));
    byte[] sig = tx.signature();
    sig[0] ^= 1;
    Answer a = send("POST", "/v1/transactions", body(tx.withSignature(sig)));
    assertProblem(a, 422, "BAD_SIGNATURE");
  }

  @Test
  void bodyTooLarge_problem() throws Exception {
    String huge =
        "{\"transaction\":\""
            + "00".repeat((int) io.credence.api.ApiLimits.BODY_BYTES_MAX / 2 + 1)
            + "\"}";
    assertProblem(send("POST", "/v1/transactions", huge), 413, "BODY_TOO_LARGE");
  }

  @Test
  void invalidHash_andUnknownTransaction_problems() throws Exception {
    assertProblem(send("GET", "/v1/transactions/abc", null), 400, "INVALID_HASH");
    assertProblem(
        send("GET", "/v1/transactions/" + "00".repeat(32), null), 404, "TRANSACTION_NOT_FOUND");
  }

  @Test
  void blockIdProblems() throws Exception {
    assertProblem(send("GET", "/v1/blocks/latest", null), 400, "INVALID_BLOCK_ID");
    assertProblem(send("GET", "/v1/blocks/999999", null), 404, "BLOCK_NOT_FOUND");
    assertProblem(send("GET", "/v1/blocks/" + "ab".repeat(32), null), 404, "BLOCK_NOT_FOUND");
  }

  @Test
  void parameterProblems() throws Exception {
    Answer neither = send("GET", "/v1/state", null);
    assertProblem(neither, 400, "INVALID_PARAMETER");
    assertEquals("key", neither.body().get("field").asText());
    assertProblem(send("GET", "/v1/state?keyHex=xyz", null), 400, "INVALID_PARAMETER");
    Answer height = send("GET", "/v1/state?key=a&height=minus", null);
    assertProblem(height, 400, "INVALID_PARAMETER");
    assertEquals("height", height.body().get("field").asText());
    assertProblem(send("GET", "/v1/state?key=a&height=999999", null), 404, "BLOCK_NOT_FOUND");
    assertProblem(
        send("POST", "/v1/transactions?wait=maybe", body(register(dev.admins.get(0), 0))),
        400,
        "INVALID_PARAMETER");
  }

  @Test
  void accountProblems() throws Exception {
    assertProblem(send("GET", "/v1/accounts/xyz", null), 400, "INVALID_ADDRESS");
    assertProblem(send("GET", "/v1/accounts/" + "00".repeat(20), null), 404, "ACCOUNT_NOT_FOUND");
  }

  @Test
  void unknownEndpoint_problem() throws Exception {
    assertProblem(send("GET", "/v2/everything", null), 404, "NOT_FOUND");
  }

  @Test
  void batch_admitsEachInOrder_answersRejectionsByIndex() throws Exception {
    KeyPair admin = dev.admins.get(1);
    long nonce = nextNonce(admin);
    Transaction first = register(admin, nonce);
    Transaction second = register(admin, nonce + 1);
    String body =
        "{\"transactions\":[\""
            + Hex.of(first.encode())
            + "\",\""
            + Hex.of(second.encode())
            + "\",\""
            + Hex.of(first.encode())
            + "\"]}";
    Answer a = send("POST", "/v1/transactions/batch", body);
    assertEquals(202, a.status(), a.body().toString());
    JsonNode results = a.body().get("results");
    assertEquals("PENDING", results.get(0).get("status").asText());
    assertEquals("PENDING", results.get(1).get("status").asText());
    assertEquals("REJECTED", results.get(2).get("status").asText());
    assertEquals("DUPLICATE", results.get(2).get("code").asText());
    // Leave nothing pending: the tests share this admin, and each reads its next nonce from the
    // committed state.
    String last = second.hash(admin.suite()).hex();
    for (int i = 0;
        i < 400
            && !"COMMITTED"
                .equals(
                    send("GET", "/v1/transactions/" + last, null).body().get("status").asText());
        i++) {
      Thread.sleep(25);
    }
    assertEquals(
        "COMMITTED", send("GET", "/v1/transactions/" + last, null).body().get("status").asText());
  }

  @Test
  void batch_malformedEntry_namedByIndex_nothingAdmitted() throws Exception {
    KeyPair admin = dev.admins.get(1);
    long nonce = nextNonce(admin);
    Transaction ok = register(admin, nonce + 50);
    Answer a =
        send(
            "POST",
            "/v1/transactions/batch",
            "{\"transactions\":[\"" + Hex.of(ok.encode()) + "\",\"zz\"]}");
    assertProblem(a, 400, "MALFORMED_TRANSACTION");
    assertEquals("transactions[1]", a.body().get("field").asText());
    Answer status = send("GET", "/v1/transactions/" + ok.hash(admin.suite()).hex(), null);
    assertEquals(404, status.status(), "the good entry of a malformed batch was not admitted");
  }

  @Test
  void batch_tooLarge_orNotAList_problems() throws Exception {
    StringBuilder many = new StringBuilder("{\"transactions\":[");
    for (int i = 0; i <= io.credence.api.ApiLimits.BATCH_TRANSACTIONS_MAX; i++) {
      many.append(i == 0 ? "" : ",").append("\"00\"");
    }
    many.append("]}");
    assertProblem(send("POST", "/v1/transactions/batch", many.toString()), 400, "BATCH_TOO_LARGE");
    assertProblem(
        send("POST", "/v1/transactions/batch", "{\"transactions\":\"x\"}"), 400, "MALFORMED_BODY");
  }
}
