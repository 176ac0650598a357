package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.credence.api.Json;
import io.credence.app.config.KeyFileIo;
import io.credence.core.Hex;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import io.credence.ledger.chain.Transaction;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nonces, heights and rounds are unsigned 64-bit numbers in the codec: above 2^63-1 they are shown
 * as the numbers they are, never negative, by the API and by every command that prints one.
 */
class UnsignedNumbersTest {
  @TempDir Path dir;

  /** 2^63 + 5, 2^63 + 6, 2^63 + 100 and 2^64 - 1: each negative as a Java long. */
  private static final String HEIGHT = "9223372036854775813";

  private static final String COMMITTED_AT = "9223372036854775814";
  private static final String NEXT_NONCE = "9223372036854775908";
  private static final String ROUND = "18446744073709551615";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final List<Transaction> submitted = new ArrayList<>();
  private HttpServer fakeNode;
  private String url;

  /**
   * A stand-in for a node far along its chain: it answers status, account and submission as the API
   * does, with numbers above 2^63-1, and keeps what was submitted.
   */
  /** A valid argument for identity.register (the CLI checks calls against the catalogue). */
  private static final String REGISTER_KEY =
      "publicKey=" + Hex.of(CryptoSuite.named("standard").generate(new SecureRandom()).publicKey());

  @BeforeEach
  void startFakeNode() throws IOException {
    fakeNode = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fakeNode.createContext(
        "/v1/status",
        ex ->
            answer(
                ex,
                "{\"chainId\":\"test-chain\",\"cryptoSuite\":\"standard\",\"consensus\":\"solo\","
                    + "\"role\":\"validator\",\"height\":"
                    + HEIGHT
                    + ",\"round\":"
                    + ROUND
                    + ",\"peers\":0,\"caughtUp\":true,\"inQuorum\":true}"));
    fakeNode.createContext("/v1/accounts/", ex -> answer(ex, "{\"nextNonce\":" + NEXT_NONCE + "}"));
    // The catalogue the CLI builds calls from, as a node serves it.
    fakeNode.createContext(
        "/v1/contracts",
        ex ->
            answer(
                ex,
                MAPPER.writeValueAsString(
                    java.util.Map.of(
                        "contracts", io.credence.execution.Runtime.builtInCatalogue()))));
    fakeNode.createContext(
        "/v1/transactions",
        ex -> {
          JsonNode body = MAPPER.readTree(ex.getRequestBody());
          Transaction tx =
              Transaction.CODEC.decode(Hex.parse("transaction", body.get("transaction").asText()));
          submitted.add(tx);
          answer(
              ex,
              "{\"hash\":\"ab\",\"status\":\"COMMITTED\",\"height\":"
                  + COMMITTED_AT
                  + ",\"receipt\":{\"status\":\"SUCCESS\",\"events\":[],"
                  + "\"cost\":{\"stateReads\":1,\"stateWrites\":2,\"bytesWritten\":3}}}");
        });
    fakeNode.start();
    url = "http://127.0.0.1:" + fakeNode.getAddress().getPort();
  }

  private static void answer(HttpExchange ex, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  @AfterEach
  void stopFakeNode() {
    fakeNode.stop(0);
  }

  @Test
  @Timeout(30)
  void queryStatus_heightAbove2To63_printedUnsigned() {
    CliRun r = CliRun.of("query", "--node", url, "status");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("\"height\" : " + HEIGHT), r.out());
    assertTrue(r.out().contains("\"round\" : " + ROUND), r.out());
    assertFalse(r.out().matches("(?s).*: -[0-9].*"), r.out());
  }

  @Test
  @Timeout(30)
  void tx_nonceAndExpiryFromANodeAbove2To63_signedUnsigned_receiptHeightPrintedUnsigned()
      throws Exception {
    Path key = dir.resolve("k.pem");
    KeyFileIo.write(key, CryptoSuite.named("standard").generate(new SecureRandom()), null);
    CliRun r =
        CliRun.of(
            "tx",
            "--node",
            url,
            "--key",
            key.toString(),
            "identity.register",
            REGISTER_KEY,
            "roles=VIEWER");
    assertEquals(0, r.exit(), r.err());
    assertTrue(
        r.out().startsWith("transaction ab: committed in block " + COMMITTED_AT + ", SUCCESS"),
        r.out());
    Transaction tx = submitted.get(0);
    assertEquals(NEXT_NONCE, Long.toUnsignedString(tx.nonce()));
    assertEquals(
        "9223372036854775913", Long.toUnsignedString(tx.expiryHeight()), "head + 100, unsigned");
  }

  @Test
  @Timeout(30)
  void networkStatus_heightAndRoundAbove2To63_printedUnsigned() throws Exception {
    InitCommand.create(
        dir.resolve("c"),
        1,
        1,
        0,
        "standard",
        "test-chain",
        true,
        null,
        fakeNode.getAddress().getPort(),
        0,
        new SecureRandom());
    CliRun r = CliRun.of("network", "status", "--dir", dir.resolve("c").toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    String row = r.out().lines().filter(l -> l.startsWith("node-1")).findFirst().orElseThrow();
    assertTrue(row.matches("node-1 +- +validator +" + HEIGHT + " +" + ROUND + " +0 +ok"), row);
  }

  @Test
  @Timeout(30)
  void apiJson_nonceAndExpiryAbove2To63_writtenAsUnsignedIntegers() {
    CryptoSuite suite = CryptoSuite.named("standard");
    KeyPair key = suite.generate(new SecureRandom());
    Transaction tx =
        Calls.registerFresh(key, "test-chain", Long.MIN_VALUE + 5).withSignature(new byte[0]);
    Transaction far =
        new Transaction(tx.chainId(), tx.sender(), tx.nonce(), -1L, tx.call(), tx.signature());
    String json = Json.transaction(suite, far).toString();
    assertTrue(json.contains("\"nonce\":" + HEIGHT), json);
    assertTrue(json.contains("\"expiryHeight\":" + ROUND), json);
  }

  @Test
  @Timeout(60)
  void tx_nonceAbove2To63_againstARealNode_rejectionToldUnsigned() throws Exception {
    try (DevNode dev = new DevNode(dir.resolve("dev"), 1)) {
      CliRun r =
          CliRun.of(
              "tx",
              "--node",
              dev.url(),
              "--key",
              dev.layout.adminKeys().get(0).toString(),
              "--nonce",
              HEIGHT,
              "identity.register",
              REGISTER_KEY,
              "roles=VIEWER");
      assertEquals(1, r.exit(), r.out() + r.err());
      assertTrue(r.err().contains(": nonce " + HEIGHT + " is beyond next nonce 0 plus"), r.err());
      assertFalse(r.err().contains("-922"), r.err());
    }
  }
}
