package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.credence.api.ApiLimits;
import io.credence.api.ApiServer;
import io.credence.core.Hex;
import io.credence.core.crypto.KeyPair;
import io.credence.ledger.chain.Transaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every limit of {@link ApiLimits}, reached over real sockets: each answers cleanly (problem+json
 * naming the limit, or a connection closed or held back by Jetty), nothing of a refused request is
 * admitted, and the node keeps answering others. The node's own API runs with the defaults; limits
 * that take seconds to reach at their default values are reached on a second API over the same node
 * with smaller values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ApiLimitsTest {
  /** Small limits, reached in a second or two. */
  private static final ApiLimits TIGHT =
      new ApiLimits(
          64 << 10, // bodyBytesMax
          128 << 10, // bodyBytesInFlightMax
          ApiLimits.HEADER_BYTES_MAX,
          8, // connectionsMax
          1_000, // requestReadMillisMax
          ApiLimits.IDLE_MILLIS_MAX,
          500, // idleWhenFullMillisMax
          2, // waitersMax
          ApiLimits.WAIT_MILLIS_MAX,
          ApiLimits.WAIT_MILLIS_DEFAULT,
          ApiLimits.BATCH_TRANSACTIONS_MAX,
          4, // eventStreamsMax: at most connectionsMax
          ApiLimits.EVENT_STREAM_PENDING_MAX,
          ApiLimits.EVENT_STREAM_HEARTBEAT_MILLIS);

  private DevNode dev;
  private int port;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    dev = new DevNode(dir.resolve("c"), 3);
    port = dev.node.apiPort();
  }

  @AfterAll
  void stop() {
    dev.close();
  }

  private ApiServer tight() throws java.io.IOException {
    return new ApiServer(dev.node.runner(), () -> "", TIGHT).start("127.0.0.1", 0);
  }

  private static String get(String target) {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  }

  private static String post(String target, String json) {
    return "POST "
        + target
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
        + json.getBytes(StandardCharsets.UTF_8).length
        + "\r\nConnection: close\r\n\r\n"
        + json;
  }

  private static JsonNode assertProblem(RawHttp.Response r, int status, String code, String limit)
      throws IOException {
    assertEquals(status, r.status(), r.toString());
    assertEquals("application/problem+json", r.contentType(), r.toString());
    JsonNode body = r.json();
    assertEquals(code, body.get("code").asText(), r.toString());
    if (limit != null) {
      assertEquals(limit, body.get("limit").asText(), r.toString());
    }
    assertTrue(body.hasNonNull("field") && body.hasNonNull("expected") && body.hasNonNull("found"));
    return body;
  }

  private long nextNonce(KeyPair key) throws IOException {
    return RawHttp.exchange(port, get("/v1/accounts/" + key.suite().address(key.publicKey()).hex()))
        .json()
        .get("nextNonce")
        .asLong();
  }

  private int statusOf(int apiPort, Transaction tx) throws IOException {
    return RawHttp.exchange(
            apiPort, get("/v1/transactions/" + tx.hash(dev.admins.get(0).suite()).hex()))
        .status();
  }

  private static String spaces(int n) {
    return " ".repeat(n);
  }

  @Test
  void chunkedBodyOverBodyBytesMax_is413BeforeItEnds_andTheBatchAdmitsNothing() throws Exception {
    KeyPair admin = dev.admins.get(0);
    Transaction tx = Calls.registerFresh(admin, "test-chain", nextNonce(admin));
    long bodyBytes = 400L << 20;
    AtomicLong sent = new AtomicLong();
    AtomicBoolean answered = new AtomicBoolean();
    try (Socket socket = RawHttp.connect(port)) {
      OutputStream out = socket.getOutputStream();
      // A valid batch whose one transaction is followed by 400 MB of JSON whitespace, chunked:
      // no Content-Length tells the server its size.
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(
              () -> {
                byte[] padding = chunkOf(spaces(64 << 10));
                try {
                  out.write(
                      RawHttp.postHead("/v1/transactions/batch", -1)
                          .getBytes(StandardCharsets.ISO_8859_1));
                  out.write(chunkOf("{\"transactions\":[\"" + Hex.of(tx.encode()) + "\""));
                  while (!answered.get() && sent.get() < bodyBytes) {
                    out.write(padding);
                    sent.addAndGet(64 << 10);
                  }
                } catch (IOException e) {
                  // The server closed the connection after answering: the rest is not read.
                }
              });
      RawHttp.Response r = RawHttp.read(socket.getInputStream());
      answered.set(true);
      writer.get(10, TimeUnit.SECONDS);
      JsonNode p = assertProblem(r, 413, "BODY_TOO_LARGE", "bodyBytesMax");
      assertEquals("body", p.get("field").asText());
      assertEquals("at most 1048576 bytes (bodyBytesMax)", p.get("expected").asText());
      assertEquals("more than 1048576 bytes", p.get("found").asText());
      assertEquals("close", r.header("Connection"));
      assertTrue(sent.get() < bodyBytes, "answered before the body ended: " + sent.get());
    }
    assertEquals(404, statusOf(port, tx), "the oversized batch admitted nothing");
  }

  private static byte[] chunkOf(String text) {
    return RawHttp.chunk(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void contentLengthOverBodyBytesMax_is413WithoutWaitingForTheBody() throws Exception {
    // No byte of the 400 MB body is sent: the answer cannot have waited for it.
    RawHttp.Response r = RawHttp.exchange(port, RawHttp.postHead("/v1/transactions", 400_000_000));
    JsonNode p = assertProblem(r, 413, "BODY_TOO_LARGE", "bodyBytesMax");
    assertEquals("400000000 bytes (Content-Length)", p.get("found").asText());
  }

  @Test
  void batchOverBatchTransactionsMax_is400_andAdmitsNothing() throws Exception {
    KeyPair admin = dev.admins.get(1);
    Transaction tx = Calls.registerFresh(admin, "test-chain", nextNonce(admin));
    String hex = "\"" + Hex.of(tx.encode()) + "\"";
    String[] entries = new String[ApiLimits.BATCH_TRANSACTIONS_MAX + 1];
    Arrays.fill(entries, hex);
    RawHttp.Response r =
        RawHttp.exchange(
            port,
            post(
                "/v1/transactions/batch",
                "{\"transactions\":[" + String.join(",", entries) + "]}"));
    JsonNode p = assertProblem(r, 400, "BATCH_TOO_LARGE", "batchTransactionsMax");
    assertEquals("1001 transactions", p.get("found").asText());
    assertEquals(404, statusOf(port, tx), "the oversized batch admitted nothing");
  }

  @Test
  void bodiesTogetherOverBodyBytesInFlightMax_are503_untilTheHoldersAreCut() throws Exception {
    try (ApiServer api = tight()) {
      String small = "{\"transactions\":[]}" + spaces(20_000);
      List<Socket> holders = new ArrayList<>();
      try {
        // Two bodies of 60,000 bytes each that never finish: 120,000 of the 131,072 bytes.
        for (int i = 0; i < 2; i++) {
          Socket s = RawHttp.connect(api.port());
          holders.add(s);
          s.getOutputStream()
              .write(
                  (RawHttp.postHead("/v1/transactions/batch", 64 << 10) + spaces(60_000))
                      .getBytes(StandardCharsets.ISO_8859_1));
        }
        // Once the server's readers hold the holders' bytes (well inside requestReadMillisMax)...
        long deadline = System.nanoTime() + 800_000_000L;
        while (api.bodyBytesInFlight() < 120_000 && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        assertTrue(
            api.bodyBytesInFlight() >= 120_000,
            "the holders' bodies are in flight: " + api.bodyBytesInFlight());
        // ...a third body does not fit.
        RawHttp.Response refused =
            RawHttp.exchange(api.port(), post("/v1/transactions/batch", small));
        assertProblem(refused, 503, "BODIES_IN_FLIGHT_FULL", "bodyBytesInFlightMax");
        assertEquals("1", refused.header("Retry-After"));
        // The holders are cut at requestReadMillisMax, and their bytes go back.
        for (Socket s : holders) {
          assertProblem(
              RawHttp.read(s.getInputStream()), 408, "REQUEST_TIMEOUT", "requestReadMillisMax");
        }
      } finally {
        for (Socket s : holders) {
          s.close();
        }
      }
      RawHttp.Response accepted =
          RawHttp.exchange(api.port(), post("/v1/transactions/batch", small));
      assertEquals(202, accepted.status(), accepted.toString());
    }
  }

  @Test
  void bodyTrickledPastRequestReadMillisMax_is408() throws Exception {
    try (ApiServer api = tight();
        Socket socket = RawHttp.connect(api.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(RawHttp.postHead("/v1/transactions", 1_000).getBytes(StandardCharsets.ISO_8859_1));
      long start = System.nanoTime();
      CompletableFuture<Void> trickle = trickle(out, (byte) ' ');
      RawHttp.Response r = RawHttp.read(socket.getInputStream());
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      trickle.cancel(true);
      JsonNode p = assertProblem(r, 408, "REQUEST_TIMEOUT", "requestReadMillisMax");
      assertEquals(
          "the whole request within 1000 ms (requestReadMillisMax)", p.get("expected").asText());
      assertTrue(
          elapsedMillis >= TIGHT.requestReadMillisMax(), "cut after " + elapsedMillis + " ms");
      assertEquals("close", r.header("Connection"));
      assertEquals(-1, socket.getInputStream().read(), "the server closed the connection");
    }
  }

  @Test
  void headersTrickledPastRequestReadMillisMax_closeTheConnection() throws Exception {
    try (ApiServer api = tight();
        Socket socket = RawHttp.connect(api.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /v1/status HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
      long start = System.nanoTime();
      CompletableFuture<Void> trickle = trickle(out, (byte) 'a');
      int first = readOrClosed(socket.getInputStream());
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      trickle.cancel(true);
      // No request exists yet to answer: Jetty closes the connection.
      assertEquals(-1, first, "closed without an answer");
      assertTrue(
          elapsedMillis >= TIGHT.requestReadMillisMax(), "cut after " + elapsedMillis + " ms");
    }
  }

  /** One byte every 50 ms until the connection breaks or the test ends. */
  private static CompletableFuture<Void> trickle(OutputStream out, byte b) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            for (int i = 0; i < 200; i++) {
              out.write(b);
              out.flush();
              Thread.sleep(50);
            }
          } catch (IOException e) {
            // The server cut the connection, as it should.
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  private static int readOrClosed(InputStream in) throws IOException {
    try {
      return in.read();
    } catch (java.net.SocketException e) {
      // A reset is a close too.
      return -1;
    }
  }

  @Test
  void connectionsMaxLessOne_tricklingBodies_leaveStatusAnswering() throws Exception {
    // On the node's own API: every connection has a thread, so bodies that trickle on all the
    // other connections (here for up to requestReadMillisMax, 10 s) cannot stall a status request.
    List<Socket> tricklers = new ArrayList<>();
    try {
      byte[] head =
          (RawHttp.postHead("/v1/transactions", 1_000) + "{\"transaction\":")
              .getBytes(StandardCharsets.ISO_8859_1);
      for (int i = 0; i < ApiLimits.CONNECTIONS_MAX - 1; i++) {
        Socket s = RawHttp.connect(port);
        tricklers.add(s);
        s.getOutputStream().write(head);
      }
      try (Socket status = RawHttp.connect(port)) {
        status.setSoTimeout(3_000);
        status.getOutputStream().write(get("/v1/status").getBytes(StandardCharsets.ISO_8859_1));
        RawHttp.Response r = RawHttp.read(status.getInputStream());
        assertEquals(200, r.status(), r.toString());
        assertEquals("test-chain", r.json().get("chainId").asText());
      }
    } finally {
      for (Socket s : tricklers) {
        s.close();
      }
    }
  }

  @Test
  void connectionsMax_holdsNewConnectionsBack_untilTheIdleOnesAreClosed() throws Exception {
    try (ApiServer api = tight()) {
      List<Socket> holders = new ArrayList<>();
      try {
        for (int i = 0; i < TIGHT.connectionsMax(); i++) {
          Socket s = RawHttp.connect(api.port());
          holders.add(s);
          s.getOutputStream()
              .write(
                  "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n"
                      .getBytes(StandardCharsets.ISO_8859_1));
          assertEquals(200, RawHttp.read(s.getInputStream()).status());
        }
        // All connections are taken and idle: the next one waits in the accept queue, and
        // ConnectionLimit shortens the idle timeout of the held ones to idleWhenFullMillisMax
        // while the limit is reached.
        // One reader thread per held connection (the common pool has one thread on two cores, and
        // these reads block).
        java.util.concurrent.ExecutorService readers =
            java.util.concurrent.Executors.newFixedThreadPool(holders.size());
        List<CompletableFuture<Long>> closedAt = new ArrayList<>();
        for (Socket s : holders) {
          closedAt.add(
              CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return readOrClosed(s.getInputStream()) == -1 ? System.nanoTime() : -1L;
                    } catch (IOException e) {
                      // A reset is the server closing it too (unless the test closed it: then
                      // the answer is no longer read).
                      return System.nanoTime();
                    }
                  },
                  readers));
        }
        readers.shutdown();
        RawHttp.Response r = RawHttp.exchange(api.port(), get("/v1/status"));
        long answeredAt = System.nanoTime();
        assertEquals(200, r.status(), r.toString());
        // Room is made by closing idle connections; once one is gone the limit is no longer
        // reached and Jetty gives the others their normal idle timeout back, so how many close
        // depends on timing: at least one, and before the newcomer was answered.
        CompletableFuture.anyOf(closedAt.toArray(new CompletableFuture<?>[0]))
            .get(5, TimeUnit.SECONDS);
        long firstClosed = Long.MAX_VALUE;
        for (CompletableFuture<Long> c : closedAt) {
          if (c.isDone() && c.get() > 0) {
            firstClosed = Math.min(firstClosed, c.get());
          }
        }
        assertTrue(firstClosed != Long.MAX_VALUE, "the server closed an idle connection");
        assertTrue(firstClosed <= answeredAt, "the newcomer was answered once room was made");
      } finally {
        for (Socket s : holders) {
          s.close();
        }
      }
    }
  }

  @Test
  void waitersOverWaitersMax_are503WithRetryAfter_andAdmitNothing() throws Exception {
    KeyPair admin = dev.admins.get(2);
    long next = nextNonce(admin);
    try (ApiServer api = tight()) {
      // Two waiting submissions that cannot commit (a nonce gap) take both places.
      List<CompletableFuture<RawHttp.Response>> waiting = new ArrayList<>();
      List<Transaction> gapped = new ArrayList<>();
      for (int i = 0; i < TIGHT.waitersMax(); i++) {
        Transaction tx = Calls.registerFresh(admin, "test-chain", next + 10 + i);
        gapped.add(tx);
        String request =
            post(
                "/v1/transactions?wait=true&timeoutMillis=1500",
                "{\"transaction\":\"" + Hex.of(tx.encode()) + "\"}");
        waiting.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return RawHttp.exchange(api.port(), request);
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                }));
      }
      for (Transaction tx : gapped) {
        // A waiter takes its place before its transaction is admitted.
        for (int i = 0; i < 200 && statusOf(api.port(), tx) != 200; i++) {
          Thread.sleep(10);
        }
        assertEquals(200, statusOf(api.port(), tx));
      }
      Transaction third = Calls.registerFresh(admin, "test-chain", next);
      String thirdRequest =
          post(
              "/v1/transactions?wait=true", "{\"transaction\":\"" + Hex.of(third.encode()) + "\"}");
      RawHttp.Response refused = RawHttp.exchange(api.port(), thirdRequest);
      JsonNode p = assertProblem(refused, 503, "TOO_MANY_WAITERS", "waitersMax");
      assertEquals("wait", p.get("field").asText());
      assertEquals("1", refused.header("Retry-After"));
      assertEquals(404, statusOf(api.port(), third), "the refused waiter admitted nothing");
      for (CompletableFuture<RawHttp.Response> w : waiting) {
        RawHttp.Response timedOut = w.get(10, TimeUnit.SECONDS);
        assertEquals(202, timedOut.status(), timedOut.toString());
      }
      // The places are back: the same submission now waits for its block.
      RawHttp.Response committed = RawHttp.exchange(api.port(), thirdRequest);
      assertEquals(200, committed.status(), committed.toString());
      assertEquals("COMMITTED", committed.json().get("status").asText());
    }
  }
}
