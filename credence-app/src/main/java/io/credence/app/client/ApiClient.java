package io.credence.app.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credence.core.Hex;
import io.credence.ledger.chain.Transaction;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/** A small client of the node's HTTP API for the CLI and the demo. */
public final class ApiClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** How long to wait for a connection to the node. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** How long to wait for an answer by default: above the API's longest wait for a block (60 s). */
  public static final Duration ANSWER_TIMEOUT_DEFAULT = Duration.ofSeconds(70);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  private final String base;
  private final Duration answerTimeout;

  public ApiClient(String base) {
    this(base, ANSWER_TIMEOUT_DEFAULT);
  }

  /**
   * A client that waits at most {@code answerTimeout} for each answer (a status probe need not wait
   * as long as a submission waiting for its block).
   */
  public ApiClient(String base, Duration answerTimeout) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.answerTimeout = answerTimeout;
  }

  /** The node's base URL. */
  public String base() {
    return base;
  }

  /**
   * The node could not be asked: nothing listens at its address, the host is unknown, or no answer
   * came in time. The message names the address and what was found instead of an answer.
   */
  public static final class Unreachable extends IOException {
    private static final long serialVersionUID = 1L;

    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private Unreachable unreachable(IOException e) {
    String found;
    if (e instanceof HttpConnectTimeoutException) {
      found = "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s";
    } else if (e instanceof HttpTimeoutException) {
      found = "no answer within " + answerTimeout.toSeconds() + " s";
    } else if (causedBy(e, UnresolvedAddressException.class)
        || causedBy(e, java.net.UnknownHostException.class)) {
      found = "an unknown host";
    } else if (e instanceof ConnectException) {
      found = "nothing listening (connection refused; is the node running?)";
    } else {
      found = "the connection failed (" + (e.getMessage() == null ? e : e.getMessage()) + ")";
    }
    return new Unreachable("node " + base + ": expected an answer, found " + found, e);
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> kind) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (kind.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** The node answered with a problem document. */
  public static final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    ApiException(int status, String code, String detail) {
      super(code + ": " + detail);
      this.status = status;
      this.code = code;
    }

    public int status() {
      return status;
    }

    public String code() {
      return code;
    }
  }

  public JsonNode get(String path) throws IOException, ApiException {
    return send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(answerTimeout).GET().build());
  }

  public JsonNode submit(Transaction tx, boolean wait) throws IOException, ApiException {
    String body = MAPPER.createObjectNode().put("transaction", Hex.of(tx.encode())).toString();
    return send(
        HttpRequest.newBuilder(URI.create(base + "/v1/transactions" + (wait ? "?wait=true" : "")))
            .timeout(answerTimeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** Submits many transactions in one request, none waited for; the node's answer per entry. */
  public JsonNode submitBatch(java.util.List<Transaction> txs) throws IOException, ApiException {
    var body = MAPPER.createObjectNode();
    var list = body.putArray("transactions");
    txs.forEach(tx -> list.add(Hex.of(tx.encode())));
    return send(
        HttpRequest.newBuilder(URI.create(base + "/v1/transactions/batch"))
            .timeout(answerTimeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build());
  }

  /**
   * The unsigned 64-bit number {@code field} of an answer (a height, a nonce), as a {@code long}
   * holding its bits: numbers above 2^63-1 come as JSON integers up to 2^64-1.
   */
  public long u64(JsonNode answer, String field) throws IOException {
    JsonNode value = answer.path(field);
    if (!value.isIntegralNumber()
        || value.bigIntegerValue().signum() < 0
        || value.bigIntegerValue().bitLength() > 64) {
      throw new IOException(
          "node "
              + base
              + ": expected "
              + field
              + " (0 to 18446744073709551615) in its answer, found "
              + (value.isMissingNode() ? "none" : value.toString()));
    }
    return value.bigIntegerValue().longValue();
  }

  /** The text {@code field} of an answer. */
  public String text(JsonNode answer, String field) throws IOException {
    JsonNode value = answer.path(field);
    if (!value.isTextual()) {
      throw new IOException(
          "node "
              + base
              + ": expected "
              + field
              + " (text) in its answer, found "
              + (value.isMissingNode() ? "none" : value.toString()));
    }
    return value.asText();
  }

  private JsonNode send(HttpRequest request) throws IOException, ApiException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("node " + base + ": interrupted while waiting");
    } catch (IOException e) {
      throw unreachable(e);
    }
    JsonNode json;
    try {
      json = MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new IOException(
          "node "
              + base
              + ": expected a JSON answer, found HTTP "
              + response.statusCode()
              + " with a body that is not JSON (is this a credence node?)");
    }
    if (response.statusCode() >= 400) {
      throw new ApiException(
          response.statusCode(),
          json.path("code").asText("HTTP_" + response.statusCode()),
          json.path("detail").asText(""));
    }
    return json;
  }
}
