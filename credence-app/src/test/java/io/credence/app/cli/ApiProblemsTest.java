package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.credence.api.ApiLimits;
import io.credence.api.ApiServer;
import io.credence.api.ChainService;
import io.credence.core.Hash;
import io.credence.core.Hex;
import io.credence.core.Rejection;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.Transaction;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every error the API answers is problem+json with a stable code that names what was wrong, what
 * was expected and what was found: requests no well-behaved client sends, written byte by byte on a
 * socket (whoever rejects them, Jetty or the API), and failures inside the node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ApiProblemsTest {
  private DevNode dev;
  private int port;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    dev = new DevNode(dir.resolve("c"), 1);
    port = dev.node.apiPort();
  }

  @AfterAll
  void stop() {
    dev.close();
  }

  private static String get(String target) {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  }

  private RawHttp.Response problem(String request, int status, String code) throws Exception {
    RawHttp.Response r = RawHttp.exchange(port, request);
    assertEquals(status, r.status(), r.toString());
    assertEquals("application/problem+json", r.contentType(), r.toString());
    JsonNode body = r.json();
    assertEquals(code, body.get("code").asText(), r.toString());
    assertEquals(status, body.get("status").asInt(), r.toString());
    assertTrue(body.hasNonNull("field"), "names the field: " + r);
    assertTrue(body.hasNonNull("expected"), "says what was expected: " + r);
    assertTrue(body.hasNonNull("found"), "says what was found: " + r);
    return r;
  }

  @Test
  void jettysOwnRejections_areProblemJsonWithAStableCode() throws Exception {
    // Ambiguous paths: Jetty rejects the encoded forms (UriCompliance), the API the plain ones.
    problem(get("/v1/%2e%2e/v1/status"), 400, "INVALID_URI");
    problem(get("/v1/transactions/a%2fb"), 400, "INVALID_URI");
    problem(get("/v1//status"), 400, "INVALID_URI");
    problem(get("/v1/../v1/status"), 400, "INVALID_URI");
    problem(get("/v1/./status"), 400, "INVALID_URI");
    // A path above the root and a broken escape fail inside Jetty's parser ("Bad Request").
    problem(get("/../etc/passwd"), 400, "BAD_REQUEST");
    problem(get("/v1/accounts/%zz"), 400, "BAD_REQUEST");
    problem("GARBAGE\r\n\r\n", 400, "INVALID_URI");
    problem("GET /v1/status HTTP/1.1\r\nConnection: close\r\n\r\n", 400, "BAD_REQUEST");
    problem(
        "GET /v1/status HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400, "BAD_REQUEST");
    problem(
        "GET /v1/status HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
        400,
        "BAD_REQUEST");
    problem(
        "GET /v1/status HTTP/2.5\r\nHost: x\r\nConnection: close\r\n\r\n",
        505,
        "HTTP_VERSION_NOT_SUPPORTED");
  }

  @Test
  void requestLineOrHeadersOverHeaderBytesMax_are414And431NamingTheLimit() throws Exception {
    int over = ApiLimits.HEADER_BYTES_MAX + 1;
    JsonNode uri = problem(get("/" + "a".repeat(over)), 414, "URI_TOO_LONG").json();
    assertEquals("headerBytesMax", uri.get("limit").asText());
    assertTrue(uri.get("expected").asText().contains(Integer.toString(ApiLimits.HEADER_BYTES_MAX)));
    JsonNode headers =
        problem(
                "GET /v1/status HTTP/1.1\r\nHost: x\r\nX-Big: "
                    + "a".repeat(over)
                    + "\r\nConnection: close\r\n\r\n",
                431,
                "HEADERS_TOO_LARGE")
            .json();
    assertEquals("headerBytesMax", headers.get("limit").asText());
  }

  @Test
  void malformedPercentEncodingOrUtf8_inAnyQueryParameter_is400NamingIt() throws Exception {
    // %ff alone is not UTF-8: Jetty would read it as U+FFFD and prove the state of that key.
    JsonNode invalidUtf8 = problem(get("/v1/state?key=%ff"), 400, "INVALID_PARAMETER").json();
    assertEquals("key", invalidUtf8.get("field").asText());
    assertEquals("'%ff'", invalidUtf8.get("found").asText());
    assertEquals(
        "key",
        problem(get("/v1/state?key=%e2%82"), 400, "INVALID_PARAMETER")
            .json()
            .get("field")
            .asText());
    assertEquals(
        "key",
        problem(get("/v1/state?key=%zz"), 400, "INVALID_PARAMETER").json().get("field").asText());
    assertEquals(
        "key",
        problem(get("/v1/state?key=ab%"), 400, "INVALID_PARAMETER").json().get("field").asText());
    assertEquals(
        "height",
        problem(get("/v1/state?key=a&height=%c0%80"), 400, "INVALID_PARAMETER")
            .json()
            .get("field")
            .asText());
    assertEquals(
        "timeoutMillis",
        problem(get("/v1/status?timeoutMillis=%ed%a0%80"), 400, "INVALID_PARAMETER")
            .json()
            .get("field")
            .asText());
    assertEquals(
        "%ff",
        problem(get("/v1/status?%ff=1"), 400, "INVALID_PARAMETER").json().get("field").asText());
    assertEquals(
        "key",
        problem(get("/v1/state?key=a&key=b"), 400, "INVALID_PARAMETER")
            .json()
            .get("field")
            .asText());
  }

  @Test
  void wellFormedPercentEncoding_readsTheKeyItSpells() throws Exception {
    RawHttp.Response euro = RawHttp.exchange(port, get("/v1/state?key=%e2%82%ac+x"));
    assertEquals(200, euro.status(), euro.toString());
    assertEquals(
        Hex.of("€ x".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        euro.json().get("keyHex").asText());
  }

  @Test
  void bodyThatIsNotDeclaredJson_is415_andAdmitsNothing() throws Exception {
    KeyPair admin = dev.admins.get(0);
    Transaction tx = Calls.registerFresh(admin, "test-chain", 100);
    String body = "{\"transaction\":\"" + Hex.of(tx.encode()) + "\"}";
    for (String type :
        new String[] {
          "text/plain",
          "application/x-www-form-urlencoded",
          "application/json; charset=iso-8859-1",
          "application/jsonp"
        }) {
      JsonNode p =
          problem(
                  "POST /v1/transactions HTTP/1.1\r\nHost: x\r\nContent-Type: "
                      + type
                      + "\r\nContent-Length: "
                      + body.length()
                      + "\r\n\r\n"
                      + body,
                  415,
                  "UNSUPPORTED_MEDIA_TYPE")
              .json();
      assertEquals("Content-Type", p.get("field").asText());
      // Jetty's header cache may change the case of a well-known charset's name.
      assertTrue(
          p.get("found").asText().equalsIgnoreCase("'" + type + "'"), p.get("found").asText());
    }
    problem(
        "POST /v1/transactions/batch HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
        415,
        "UNSUPPORTED_MEDIA_TYPE");
    RawHttp.Response status =
        RawHttp.exchange(port, get("/v1/transactions/" + tx.hash(admin.suite()).hex()));
    assertEquals(404, status.status(), "a 415 admitted nothing: " + status);
    // With its charset, JSON is read (and this transaction's nonce gap makes the mempool keep it).
    RawHttp.Response accepted =
        RawHttp.exchange(
            port,
            "POST /v1/transactions HTTP/1.1\r\nHost: x\r\nContent-Type: Application/JSON;"
                + " charset=UTF-8\r\nContent-Length: "
                + body.length()
                + "\r\nConnection: close\r\n\r\n"
                + body);
    assertEquals(202, accepted.status(), accepted.toString());
  }

  @Test
  void wrongMethodOnAKnownPath_is405WithAllow() throws Exception {
    RawHttp.Response put =
        problem(
            "PUT /v1/status HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
            405,
            "METHOD_NOT_ALLOWED");
    assertEquals("GET, HEAD", put.header("Allow"));
    assertEquals("PUT", put.json().get("found").asText());
    RawHttp.Response get = problem(get("/v1/transactions"), 405, "METHOD_NOT_ALLOWED");
    assertEquals("POST", get.header("Allow"));
    RawHttp.Response delete =
        problem(
            "DELETE /v1/transactions/batch HTTP/1.1\r\nHost: x\r\n\r\n", 405, "METHOD_NOT_ALLOWED");
    // The batch path is also a transaction hash to GET.
    assertEquals("GET, HEAD, POST", delete.header("Allow"));
    RawHttp.Response unknown =
        problem("BREW /v1/health HTTP/1.1\r\nHost: x\r\n\r\n", 405, "METHOD_NOT_ALLOWED");
    assertEquals("BREW", unknown.json().get("found").asText());
    problem(get("/v2/everything"), 404, "NOT_FOUND");
  }

  @Test
  void failuresInsideTheNode_areProblemJson_exceptionsAndErrorsAlike() throws Exception {
    try (ApiServer failing =
        new ApiServer(new FailingStatus(dev.node.runner()), () -> "", ApiLimits.DEFAULTS)
            .start("127.0.0.1", 0)) {
      RawHttp.Response exception = RawHttp.exchange(failing.port(), get("/v1/status"));
      assertEquals(500, exception.status(), exception.toString());
      assertEquals("application/problem+json", exception.contentType());
      assertEquals("INTERNAL_ERROR", exception.json().get("code").asText());
      assertTrue(exception.json().get("detail").asText().contains("planted exception"));
      RawHttp.Response error = RawHttp.exchange(failing.port(), get("/v1/health"));
      assertEquals(500, error.status(), error.toString());
      assertEquals("application/problem+json", error.contentType());
      assertEquals("INTERNAL_ERROR", error.json().get("code").asText());
    }
  }

  /** The node, except that its status throws an exception and its health an error. */
  private static final class FailingStatus implements ChainService {
    private final ChainService node;

    FailingStatus(ChainService node) {
      this.node = node;
    }

    @Override
    public NodeState nodeState() {
      throw new StackOverflowError("planted error");
    }

    @Override
    public String consensus() {
      throw new IllegalStateException("planted exception");
    }

    @Override
    public Genesis genesis() {
      return node.genesis();
    }

    @Override
    public java.util.List<IndexedEvent> events(
        String contract,
        String attribute,
        String value,
        long fromHeight,
        int fromTransaction,
        int fromEvent,
        int limit) {
      return node.events(contract, attribute, value, fromHeight, fromTransaction, fromEvent, limit);
    }

    @Override
    public Optional<Rejection> submit(Transaction transaction, CompletableFuture<Long> committed) {
      return node.submit(transaction, committed);
    }

    @Override
    public List<Optional<Rejection>> submitBatch(List<Transaction> transactions) {
      return node.submitBatch(transactions);
    }

    @Override
    public BlockHeader head() {
      return node.head();
    }

    @Override
    public io.credence.api.ChainReader reader() {
      return node.reader();
    }

    @Override
    public void addCommitListener(Consumer<io.credence.api.ChainReader.CommittedBlock> listener) {
      node.addCommitListener(listener);
    }

    @Override
    public void removeCommitListener(
        Consumer<io.credence.api.ChainReader.CommittedBlock> listener) {
      node.removeCommitListener(listener);
    }

    @Override
    public boolean isWaiting(Hash transactionHash) {
      return node.isWaiting(transactionHash);
    }

    @Override
    public Optional<Rejection> dropped(Hash transactionHash) {
      return node.dropped(transactionHash);
    }

    @Override
    public int mempoolSize() {
      return node.mempoolSize();
    }

    @Override
    public int peers() {
      return node.peers();
    }

    @Override
    public List<EvidenceRecord> evidence() {
      return node.evidence();
    }
  }
}
