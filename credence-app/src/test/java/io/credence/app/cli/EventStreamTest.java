package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credence.api.ApiLimits;
import io.credence.api.ApiServer;
import io.credence.core.Hex;
import io.credence.core.crypto.KeyPair;
import io.credence.ledger.chain.Transaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/events/stream} on a real node, read as an {@code EventSource} reads it: every
 * event of every committed block in order, the same events the blocks API shows; a client that
 * reconnects with {@code Last-Event-ID} gets exactly what it missed; filters by contract and party;
 * and each of the stream's limits, reached on a second API over the same node with small values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// A separate thread: a test blocked reading a socket fails at the timeout rather than hangs.
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventStreamTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String CHAIN = "test-chain";
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Two streams at once, 500 events waiting (a full block), a heartbeat after 200 ms, and {@code
   * idleMillisMax} and {@code requestReadMillisMax} as given.
   */
  private static ApiLimits streamLimits(long idleMillisMax) {
    return new ApiLimits(
        ApiLimits.BODY_BYTES_MAX,
        ApiLimits.BODY_BYTES_IN_FLIGHT_MAX,
        ApiLimits.HEADER_BYTES_MAX,
        ApiLimits.CONNECTIONS_MAX,
        Math.min(idleMillisMax, ApiLimits.REQUEST_READ_MILLIS_MAX),
        idleMillisMax,
        ApiLimits.IDLE_WHEN_FULL_MILLIS_MAX,
        ApiLimits.WAITERS_MAX,
        ApiLimits.WAIT_MILLIS_MAX,
        ApiLimits.WAIT_MILLIS_DEFAULT,
        ApiLimits.BATCH_TRANSACTIONS_MAX,
        2, // eventStreamsMax
        500, // eventStreamPendingMax
        200); // eventStreamHeartbeatMillis
  }

  private DevNode dev;
  private int port;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    // Six organisations: the slow reader's test registers some 10,000 accounts with the last
    // three admins (an organisation holds at most 10,000), the other tests use the first three.
    dev = new DevNode(dir.resolve("c"), 6);
    port = dev.node.apiPort();
  }

  @AfterAll
  void stop() {
    dev.close();
  }

  // ------------------------------------------------------------------------------------------
  // The stream's contents

  @Test
  void reconnectingWithLastEventId_getsExactlyTheMissedEvents_inOrder_thenLive() throws Exception {
    long from = head() + 1;
    commit(registrations(dev.admins.get(0), 6));
    String target = "/v1/events/stream?fromHeight=" + from;
    List<SseClient.Message> received = new ArrayList<>();
    try (SseClient first = SseClient.open(port, target, null)) {
      assertEquals(200, first.status());
      assertEquals("text/event-stream;charset=utf-8", first.header("content-type"));
      assertEquals("no-cache", first.header("cache-control"));
      for (int i = 0; i < 4; i++) {
        received.add(first.nextEvent());
      }
      // Streams other tests left count until the server's next write to them fails.
      Map<String, Double> metrics = metrics();
      assertTrue(metrics.get("credence_api_event_streams") >= 1, metrics.toString());
      assertEquals(0.0, metrics.get("credence_api_event_streams_disconnected_slow_total"));
    }
    // Blocks commit while the client is away; they are read from the store when it returns.
    commit(registrations(dev.admins.get(1), 5));
    List<JsonNode> expected = eventsOfBlocks(from, head(), e -> true);
    assertTrue(expected.size() >= 11, expected.toString());
    // Resumed as an EventSource resumes: the same URL, with the last id it received.
    try (SseClient again = SseClient.open(port, target, received.get(3).id())) {
      while (received.size() < expected.size()) {
        received.add(again.nextEvent());
      }
      assertSameEvents(expected, received);
      Set<String> ids = new HashSet<>();
      received.forEach(m -> assertTrue(ids.add(m.id()), "duplicate " + m.id()));

      // Then live: the next event is the next one committed, nothing before it.
      Transaction live = registrations(dev.admins.get(2), 1).get(0);
      commit(List.of(live));
      SseClient.Message next = again.nextEvent();
      assertEquals(hash(live), next.json().get("transactionHash").asText(), next.toString());
      assertEquals("identity.AccountRegistered", next.event());
    }
  }

  @Test
  void filters_keepOnlyTheContractOrTheParty() throws Exception {
    KeyPair convenor = dev.admins.get(0);
    String uscc1 = dev.node.genesis().organisations().get(1).uscc();
    long from = head() + 1;
    commit(registrations(convenor, 3));
    commit(registrations(dev.admins.get(1), 3));
    // A governance proposal (a weight for organisation 2): two governance events, opened and the
    // proposer's vote; one of six organisations took part, so it stays open.
    commit(List.of(weightProposal(convenor, 2)));
    long to = head();
    List<JsonNode> all = eventsOfBlocks(from, to, e -> true);
    List<JsonNode> ofOrg1 = eventsOfBlocks(from, to, e -> hasValue(e, uscc1));
    List<JsonNode> ofGovernance =
        eventsOfBlocks(from, to, e -> e.get("contract").asText().equals("governance"));
    List<JsonNode> ofIdentity =
        eventsOfBlocks(from, to, e -> e.get("contract").asText().equals("identity"));
    String account = ofOrg1.get(1).get("attributes").get("account").asText();
    List<JsonNode> ofAccount = eventsOfBlocks(from, to, e -> hasValue(e, account));
    assertEquals(3, ofOrg1.size(), all.toString());
    assertEquals(2, ofGovernance.size(), all.toString());
    assertEquals(6, ofIdentity.size(), all.toString());
    assertEquals(1, ofAccount.size(), all.toString());

    String stream = "/v1/events/stream?fromHeight=" + from;
    try (SseClient byOrg = SseClient.open(port, stream + "&party=" + uscc1, null);
        // An address in capitals finds the lower-case form events carry.
        SseClient byAccount =
            SseClient.open(port, stream + "&party=" + account.toUpperCase(Locale.ROOT), null);
        SseClient byGovernance = SseClient.open(port, stream + "&contract=governance", null);
        SseClient byIdentity = SseClient.open(port, stream + "&contract=identity", null)) {
      assertSameEvents(ofOrg1, read(byOrg, ofOrg1.size()));
      assertSameEvents(ofAccount, read(byAccount, 1));
      assertSameEvents(ofGovernance, read(byGovernance, 2));
      assertSameEvents(ofIdentity, read(byIdentity, ofIdentity.size()));

      // Nothing else was kept: the next event each stream sends is a new one it keeps.
      Transaction ofOrg1Again = registrations(dev.admins.get(1), 1).get(0);
      Transaction governanceAgain = weightProposal(convenor, 3);
      commit(List.of(ofOrg1Again, governanceAgain));
      assertEquals(hash(ofOrg1Again), byOrg.nextEvent().json().get("transactionHash").asText());
      assertEquals(
          hash(ofOrg1Again), byIdentity.nextEvent().json().get("transactionHash").asText());
      assertEquals(
          hash(governanceAgain), byGovernance.nextEvent().json().get("transactionHash").asText());
    }
  }

  @Test
  void badParameters_areProblemsNamingTheField() throws Exception {
    assertProblem(SseClient.open(port, "/v1/events/stream?fromHeight=-1", null), "fromHeight");
    assertProblem(SseClient.open(port, "/v1/events/stream?fromHeight=next", null), "fromHeight");
    assertProblem(SseClient.open(port, "/v1/events/stream", "12"), "Last-Event-ID");
    assertProblem(SseClient.open(port, "/v1/events/stream", "1:2:x"), "Last-Event-ID");
    JsonNode contract =
        assertProblem(
            SseClient.open(port, "/v1/events/stream?contract=invoices", null), "contract");
    assertTrue(
        contract
            .get("expected")
            .asText()
            .contains("approvals, consensus, finance, governance, identity"),
        contract.toString());
    assertEquals("'invoices'", contract.get("found").asText());
    assertProblem(SseClient.open(port, "/v1/events/stream?party=acme", null), "party");
    RawHttp.Response withBody =
        RawHttp.exchange(
            port,
            "GET /v1/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\n{}");
    assertEquals(400, withBody.status(), withBody.toString());
    assertEquals("MALFORMED_BODY", withBody.json().get("code").asText());
    assertEquals("body", withBody.json().get("field").asText());
    // A USCC whose check character is wrong is no party either.
    String uscc = dev.node.genesis().organisations().get(0).uscc();
    String wrong = uscc.substring(0, 17) + (uscc.charAt(17) == '0' ? '1' : '0');
    assertProblem(SseClient.open(port, "/v1/events/stream?party=" + wrong, null), "party");
  }

  // ------------------------------------------------------------------------------------------
  // The stream's limits

  @Test
  void eventStreamsMax_refusesOneMore_503WithRetryAfter_untilAStreamEnds() throws Exception {
    try (ApiServer api = streamsApi(ApiLimits.IDLE_MILLIS_MAX)) {
      SseClient first = SseClient.open(api.port(), "/v1/events/stream", null);
      try (SseClient second = SseClient.open(api.port(), "/v1/events/stream", null)) {
        assertEquals(200, first.status());
        assertEquals(200, second.status());
        try (SseClient third = SseClient.open(api.port(), "/v1/events/stream", null)) {
          assertEquals(503, third.status());
          assertEquals("application/problem+json", third.header("content-type"));
          assertEquals("1", third.header("retry-after"));
          JsonNode problem = third.problem();
          assertEquals("TOO_MANY_EVENT_STREAMS", problem.get("code").asText());
          assertEquals("eventStreamsMax", problem.get("limit").asText());
          assertEquals("stream", problem.get("field").asText());
          assertTrue(problem.get("found").asText().startsWith("2 open"), problem.toString());
        }
        // The first client leaves; the server sees it at its next write (a heartbeat at the
        // latest) and its place is free again.
        first.close();
        SseClient fourth = null;
        for (int i = 0; i < 100 && (fourth == null || fourth.status() != 200); i++) {
          if (fourth != null) {
            fourth.close();
            Thread.sleep(50);
          }
          fourth = SseClient.open(api.port(), "/v1/events/stream", null);
        }
        assertEquals(200, fourth.status());
        fourth.close();
      }
    }
  }

  @Test
  void quietStream_getsHeartbeats_andOutlivesTheIdleTimeoutAndTheRequestDeadline()
      throws Exception {
    try (ApiServer api = streamsApi(1_000);
        // A height far ahead: no event will come, only heartbeats.
        SseClient quiet =
            SseClient.open(api.port(), "/v1/events/stream?fromHeight=" + (1L << 40), null)) {
      assertEquals(200, quiet.status());
      long startNanos = System.nanoTime();
      int heartbeats = 0;
      // Three times idleMillisMax and requestReadMillisMax (1 s each): without the heartbeats
      // Jetty would have closed it, and the read deadline must not take a stream for a request
      // still arriving.
      while (System.nanoTime() - startNanos < TimeUnit.SECONDS.toNanos(3)) {
        SseClient.Message m = quiet.next();
        assertNotNull(m, "the stream ended after " + heartbeats + " heartbeats");
        assertTrue(m.isComment(), m.toString());
        assertEquals("heartbeat", m.comment());
        heartbeats++;
      }
      assertTrue(heartbeats >= 10, heartbeats + " heartbeats in 3 s at one per 200 ms");
    }
  }

  @Test
  void slowReader_isDisconnectedAndCounted_thenResumesByLastEventId() throws Exception {
    // The default idle timeout (30 s): a shorter one would end the blocked write before the queue
    // fills.
    try (ApiServer api = streamsApi(ApiLimits.IDLE_MILLIS_MAX)) {
      long from = head() + 1;
      List<SseClient.Message> received = new ArrayList<>();
      try (SseClient slow =
          SseClient.open(api.port(), "/v1/events/stream?fromHeight=" + from, null)) {
        assertEquals(200, slow.status());
        // The client reads nothing more: the sockets' buffers fill (about 4 MB on loopback), then
        // the stream's queue, and past 500 events it is cut. Rounds of 3,000 registrations (some
        // 1.2 MB of stream each), at most 9,000 for each of the three organisations.
        for (int round = 0; round < 9 && api.eventStreams().disconnectedSlow() == 0; round++) {
          List<Transaction> txs = new ArrayList<>();
          for (KeyPair admin : dev.admins.subList(3, 6)) {
            txs.addAll(registrations(admin, 1_000));
          }
          commit(txs);
        }
        assertEquals(1, api.eventStreams().disconnectedSlow());
        // What reached the client before the cut is still readable; a message cut off is not.
        for (SseClient.Message m = slow.nextEvent(); m != null; m = slow.nextEvent()) {
          received.add(m);
        }
      }
      assertEquals(0, api.eventStreams().streamsOpen());
      List<JsonNode> expected = eventsOfBlocks(from, head(), e -> true);
      assertTrue(received.size() < expected.size(), received.size() + " of " + expected.size());
      String lastId = received.isEmpty() ? null : received.get(received.size() - 1).id();
      try (SseClient resumed =
          SseClient.open(api.port(), "/v1/events/stream?fromHeight=" + from, lastId)) {
        while (received.size() < expected.size()) {
          received.add(resumed.nextEvent());
        }
      }
      assertSameEvents(expected, received);
    }
  }

  // ------------------------------------------------------------------------------------------

  private ApiServer streamsApi(long idleMillisMax) throws IOException {
    return new ApiServer(dev.node.runner(), () -> "", streamLimits(idleMillisMax))
        .start("127.0.0.1", 0);
  }

  private static List<SseClient.Message> read(SseClient stream, int events) throws IOException {
    List<SseClient.Message> out = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      out.add(stream.nextEvent());
    }
    return out;
  }

  private static JsonNode assertProblem(SseClient refused, String field) throws IOException {
    try (refused) {
      assertEquals(400, refused.status());
      assertEquals("application/problem+json", refused.header("content-type"));
      JsonNode problem = refused.problem();
      assertEquals("INVALID_PARAMETER", problem.get("code").asText(), problem.toString());
      assertEquals(field, problem.get("field").asText(), problem.toString());
      assertTrue(problem.hasNonNull("expected") && problem.hasNonNull("found"));
      return problem;
    }
  }

  /** Each message is the expected event: its id, its type and its data, in the same order. */
  private static void assertSameEvents(List<JsonNode> expected, List<SseClient.Message> received)
      throws IOException {
    assertEquals(expected.size(), received.size());
    for (int i = 0; i < expected.size(); i++) {
      JsonNode e = expected.get(i);
      SseClient.Message m = received.get(i);
      assertNotNull(m, "event " + i + " of " + expected.size() + " missing");
      assertEquals(
          e.get("height").asText()
              + ":"
              + e.get("transactionIndex").asText()
              + ":"
              + e.get("eventIndex").asText(),
          m.id());
      assertEquals(e.get("contract").asText() + "." + e.get("name").asText(), m.event());
      // Compared as parsed text: the expected numbers were put as longs, the received parsed.
      assertEquals(MAPPER.readTree(e.toString()), m.json());
    }
  }

  private static boolean hasValue(JsonNode event, String value) {
    for (JsonNode v : event.get("attributes")) {
      if (v.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The events of blocks {@code from} to {@code to} that {@code keep}, as the blocks API shows
   * them, in the form of a stream's data.
   */
  private List<JsonNode> eventsOfBlocks(long from, long to, Predicate<JsonNode> keep)
      throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (long h = from; h <= to; h++) {
      JsonNode block = get("/v1/blocks/" + h);
      JsonNode transactions = block.get("transactions");
      for (int t = 0; t < transactions.size(); t++) {
        JsonNode receipt = transactions.get(t).get("receipt");
        JsonNode events = receipt.get("events");
        for (int e = 0; e < events.size(); e++) {
          ObjectNode event = MAPPER.createObjectNode();
          event.put("height", h);
          event.put("blockHash", block.get("header").get("hash").asText());
          event.put("transactionHash", receipt.get("transactionHash").asText());
          event.put("transactionIndex", t);
          event.put("eventIndex", e);
          event.setAll((ObjectNode) events.get(e));
          if (keep.test(event)) {
            out.add(event);
          }
        }
      }
    }
    return out;
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(dev.url() + path)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertEquals(200, r.statusCode(), r.body());
    return MAPPER.readTree(r.body());
  }

  /** The node's Prometheus samples without labels, by name. */
  private Map<String, Double> metrics() throws Exception {
    String text =
        http.send(
                HttpRequest.newBuilder(URI.create(dev.url() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
            .body();
    Map<String, Double> out = new java.util.TreeMap<>();
    for (String line : text.split("\n")) {
      String[] sample = line.split(" ");
      if (!line.startsWith("#") && sample.length == 2 && !sample[0].contains("{")) {
        out.put(sample[0], Double.parseDouble(sample[1]));
      }
    }
    return out;
  }

  private long head() throws Exception {
    return get("/v1/status").get("height").asLong();
  }

  private String hash(Transaction tx) {
    return tx.hash(dev.admins.get(0).suite()).hex();
  }

  private List<Transaction> registrations(KeyPair admin, int count) throws Exception {
    long nonce =
        get("/v1/accounts/" + admin.suite().address(admin.publicKey()).hex())
            .get("nextNonce")
            .asLong();
    List<Transaction> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(Calls.registerFresh(admin, CHAIN, nonce + i));
    }
    return out;
  }

  /** {@code admin} proposes voting weight 2 for organisation {@code index}. */
  private Transaction weightProposal(KeyPair admin, int index) throws Exception {
    long nonce =
        get("/v1/accounts/" + admin.suite().address(admin.publicKey()).hex())
            .get("nextNonce")
            .asLong();
    return Transaction.sign(
        admin.suite().signer(admin.privateKey(), RANDOM),
        CHAIN,
        nonce,
        5_000,
        io.credence.execution.Runtime.encodeCall(
            "governance",
            "proposeWeight",
            Map.of(
                "organisation",
                dev.node.genesis().organisations().get(index).uscc(),
                "votingWeight",
                2L,
                "expiresAt",
                4_000L)));
  }

  /** Submits {@code txs} in batches and waits until every one is committed. */
  private void commit(List<Transaction> txs) throws Exception {
    for (int i = 0; i < txs.size(); i += ApiLimits.BATCH_TRANSACTIONS_MAX) {
      List<Transaction> batch =
          txs.subList(i, Math.min(txs.size(), i + ApiLimits.BATCH_TRANSACTIONS_MAX));
      StringBuilder body = new StringBuilder("{\"transactions\":[");
      for (int k = 0; k < batch.size(); k++) {
        body.append(k == 0 ? "\"" : ",\"").append(Hex.of(batch.get(k).encode())).append('"');
      }
      body.append("]}");
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(dev.url() + "/v1/transactions/batch"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      assertEquals(202, r.statusCode(), r.body());
      for (JsonNode result : MAPPER.readTree(r.body()).get("results")) {
        assertEquals("PENDING", result.get("status").asText(), result.toString());
      }
    }
    // A sender's transactions commit in nonce order: its last one committed, all are.
    Map<String, Transaction> lastOfSender = new java.util.LinkedHashMap<>();
    txs.forEach(tx -> lastOfSender.put(Hex.of(tx.sender()), tx));
    for (Transaction tx : lastOfSender.values()) {
      String status = "";
      for (int i = 0; i < 400 && !status.equals("COMMITTED"); i++) {
        // Between the mempool and the commit (in a proposed block) a transaction is not found.
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(dev.url() + "/v1/transactions/" + hash(tx)))
                    .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        status = r.statusCode() == 200 ? MAPPER.readTree(r.body()).get("status").asText() : "";
        if (!status.equals("COMMITTED")) {
          Thread.sleep(25);
        }
      }
      assertEquals("COMMITTED", status, hash(tx));
    }
  }
}
