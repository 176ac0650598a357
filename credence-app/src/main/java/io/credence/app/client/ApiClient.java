package io.credence.app.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credence.core.Hex;
import io.credence.ledger.chain.Transaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small client of the node's HTTP API for the CLI and the demo. */
public final class ApiClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public ApiClient(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /** The node's base URL. */
  public String base() {
    return base;
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
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(70))
            .GET()
            .build());
  }

  public JsonNode submit(Transaction tx, boolean wait) throws IOException, ApiException {
    String body = MAPPER.createObjectNode().put("transaction", Hex.of(tx.encode())).toString();
    return send(
        HttpRequest.newBuilder(URI.create(base + "/v1/transactions" + (wait ? "?wait=true" : "")))
            .timeout(Duration.ofSeconds(70))
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
            .timeout(Duration.ofSeconds(70))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build());
  }

  private JsonNode send(HttpRequest request) throws IOException, ApiException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (java.net.ConnectException e) {
      throw new IOException("no node answers at " + base + " (is it running?)", e);
    }
    JsonNode json;
    try {
      json = MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new IOException(
          "node at "
              + base
              + " answered HTTP "
              + response.statusCode()
              + " with a body that is not JSON");
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
