package io.credence.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credence.core.Address;
import io.credence.core.Check;
import io.credence.core.Hash;
import io.credence.core.Hex;
import io.credence.core.Rejection;
import io.credence.core.codec.CodecException;
import io.credence.core.crypto.CryptoSuite;
import io.credence.execution.Nonces;
import io.credence.execution.identity.Account;
import io.credence.execution.identity.IdentityRegistry;
import io.credence.ledger.chain.Block;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.state.Proof;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.NotFoundResponse;
import io.javalin.router.ParsedEndpoint;
import io.javalin.util.JavalinLogger;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The node's HTTP API, version 1. JSON in and out; every error is {@code application/problem+json}
 * with a stable code, Jetty's own rejections included. Endpoints: submit a transaction (optionally
 * waiting for its block), transaction status and receipt, a committed transaction's inclusion
 * proofs, block by height or hash, a state value with its proof, an account, node status, the
 * contracts' catalogue and queries, listings from the index, and a stream of every committed event
 * (server-sent events). Every resource a client can hold is bounded by {@link ApiLimits}.
 */
public final class ApiServer implements AutoCloseable {
  public static final String VERSION = "0.1.0";

  /** Threads the server keeps even when idle. */
  private static final int THREADS_MIN = 8;

  /** How long a thread above {@link #THREADS_MIN} may stay idle before it ends. */
  private static final int THREAD_IDLE_MILLIS = 60_000;

  /** Seconds a client is asked to wait before retrying a request refused for lack of room. */
  static final String RETRY_AFTER_SECONDS = "1";

  /**
   * This API's OpenAPI 3.1 document, {@code openapi.json} beside this class: written by hand, and
   * held to the routes Javalin registers and to {@link ApiLimits#DEFAULTS} by a test.
   */
  private static final byte[] OPENAPI = openApiDocument();

  /** The request attribute holding the strictly decoded {@link RequestTarget}. */
  private static final String TARGET = "io.credence.api.target";

  private final ChainService chain;
  private final CryptoSuite suite;
  private final ApiLimits limits;
  private final ReadDeadline deadline;
  private final BodyReader bodies;
  private final Semaphore waiters;
  private final QueuedThreadPool threads;
  private final EventStreams streams;
  private final Javalin app;
  private String host;
  private int port;

  public ApiServer(ChainService chain) {
    this(chain, () -> "");
  }

  /**
   * An API that also serves {@code GET /metrics} in the Prometheus text format from {@code
   * metrics}, and {@code GET /v1/health}, within {@link ApiLimits#DEFAULTS}.
   */
  public ApiServer(ChainService chain, Supplier<String> metrics) {
    this(chain, metrics, ApiLimits.DEFAULTS);
  }

  /** An API within {@code limits}. */
  public ApiServer(ChainService chain, Supplier<String> metrics, ApiLimits limits) {
    this.chain = chain;
    this.suite = chain.genesis().suite();
    this.limits = limits;
    this.deadline = new ReadDeadline(limits.requestReadMillisMax());
    this.bodies = new BodyReader(limits, deadline);
    this.waiters = new Semaphore(limits.waitersMax());
    this.threads = threadPool(limits);
    this.streams = new EventStreams(chain, limits, threads);
    ProblemErrorHandler errors = new ProblemErrorHandler(limits);
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              // The body reader holds every body to bodyBytesMax; Javalin's own limit applies
              // only to ctx.body(), which the API does not call.
              config.http.maxRequestSize = limits.bodyBytesMax();
              config.http.prefer405over404 = true;
              config.jetty.threadPool = threads;
              config.jetty.modifyServer(server -> server.setErrorHandler(errors));
              config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errors));
              config.jetty.modifyHttpConfiguration(
                  http -> {
                    http.setRequestHeaderSize(limits.headerBytesMax());
                    // Javalin lets ambiguous paths through (RFC3986); the API has no use for
                    // encoded separators, dot segments or path parameters.
                    http.setUriCompliance(UriCompliance.RFC3986_UNAMBIGUOUS);
                    http.setSendServerVersion(false);
                    // Dispatch on the headers, so that a Content-Length over bodyBytesMax or a
                    // type that is not JSON is answered before any body byte arrives (a thread
                    // per connection is reserved anyway).
                    http.setDelayDispatchUntilContent(false);
                  });
              config.jetty.addConnector(this::connector);
              config.pvt.javaLangErrorHandler(ApiServer::answerError);
            });
    app.before(
        ctx ->
            ctx.attribute(
                TARGET,
                RequestTarget.parse(ctx.req().getRequestURI(), ctx.req().getQueryString())));
    app.post("/v1/transactions", this::submit);
    app.post("/v1/transactions/batch", this::submitBatch);
    app.get("/v1/transactions/{hash}", this::transaction);
    app.get("/v1/transactions/{hash}/proof", this::transactionProof);
    app.get("/v1/blocks/{id}", this::block);
    app.get("/v1/state", this::state);
    app.get("/v1/accounts/{address}", this::account);
    app.get("/v1/status", this::status);
    app.get("/v1/evidence", this::evidence);
    app.get("/v1/health", this::health);
    app.get("/v1/contracts", this::contracts);
    app.get("/v1/query/{contract}/{query}", this::query);
    app.get("/v1/epcis/events/{event}", this::epcisEvent);
    app.get("/v1/epcis/events", this::epcisEvents);
    app.get("/v1/events", this::events);
    app.get("/v1/events/stream", this::eventStream);
    app.get("/v1/openapi.json", ctx -> ctx.contentType("application/json").result(OPENAPI));
    app.get(
        "/metrics",
        ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.get()));
    app.exception(Problem.class, (problem, ctx) -> answer(ctx, problem));
    app.exception(
        MethodNotAllowedResponse.class,
        // The method as sent: Javalin names every method it does not know INVALID.
        (e, ctx) -> answer(ctx, methodNotAllowed(ctx.req().getMethod(), e.getDetails().values())));
    app.exception(
        NotFoundResponse.class,
        (e, ctx) ->
            answer(
                ctx,
                Problem.field(
                    404,
                    "NOT_FOUND",
                    "path",
                    "a path of the API, such as /v1/status",
                    "'" + ctx.path() + "'")));
    app.exception(
        Exception.class,
        (e, ctx) ->
            answer(
                ctx,
                Problem.of(
                    500, "INTERNAL_ERROR", e.getClass().getSimpleName() + ": " + e.getMessage())));
  }

  /**
   * Starts listening; port 0 picks a free port. A port that cannot be had (in use, privileged, an
   * address not on this machine) is a {@link java.net.BindException} cause of the {@link
   * IOException}, thrown before anything started.
   */
  public ApiServer start(String host, int port) throws IOException {
    this.host = host;
    this.port = port;
    try {
      app.start();
    } catch (UncheckedIOException e) {
      streams.close();
      throw e.getCause();
    }
    return this;
  }

  public int port() {
    return app.port();
  }

  /** Bytes of request bodies being read or handled now (bounded by bodyBytesInFlightMax). */
  public long bodyBytesInFlight() {
    return bodies.bytesInFlight();
  }

  /**
   * The routes this server registers, as Javalin holds them ({@code GET /v1/status}, path
   * parameters in braces), sorted: what the OpenAPI document must describe.
   */
  public List<String> routes() {
    List<String> routes = new ArrayList<>();
    for (ParsedEndpoint e : app.unsafeConfig().pvt.internalRouter.allHttpHandlers()) {
      // Filters (before, after) are routes to Javalin, not to a client.
      if (e.getEndpoint().getMethod().isHttpMethod()) {
        routes.add(e.getEndpoint().getMethod().name() + " " + e.getEndpoint().getPath());
      }
    }
    routes.sort(null);
    return routes;
  }

  private static byte[] openApiDocument() {
    try (InputStream in = ApiServer.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json: expected beside ApiServer, found none");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading openapi.json", e);
    }
  }

  /** The event streams this server serves: how many are open, how many were cut for slowness. */
  public EventStreams eventStreams() {
    return streams;
  }

  @Override
  public void close() {
    // Streams first: an open stream would hold its request, and Jetty's stop, until it ended.
    streams.close();
    app.stop();
  }

  /**
   * The one connector: idle timeout, the connection limit (Jetty's {@code ConnectionLimit}, which
   * stops accepting at {@code connectionsMax} and shortens every idle timeout while it does) and
   * the request read deadline.
   */
  private ServerConnector connector(Server server, HttpConfiguration http) {
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(limits.idleMillisMax());
    ConnectionLimit connections = new ConnectionLimit(limits.connectionsMax(), connector);
    connections.setIdleTimeout(limits.idleWhenFullMillisMax());
    server.addBean(connections);
    deadline.watch(connector);
    // Bound here: Javalin would log the failure to bind as an error with a trace before throwing
    // it, and the command line tells it in one line of its own.
    try {
      connector.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return connector;
  }

  private static QueuedThreadPool threadPool(ApiLimits limits) {
    QueuedThreadPool pool =
        new QueuedThreadPool(limits.threadsMax(), THREADS_MIN, THREAD_IDLE_MILLIS);
    pool.setName("api");
    // Below the event loop's priority: these threads check transaction signatures, which can wait;
    // the loop executes and votes on blocks, which every validator's round waits for. Takes effect
    // where the JVM maps Java priorities to the OS's (on Linux, -XX:ThreadPriorityPolicy=1, which
    // the launcher and 'credence network up' pass; a node says so at start).
    pool.setThreadsPriority(Thread.MIN_PRIORITY);
    return pool;
  }

  private static Problem methodNotAllowed(String method, Collection<String> available) {
    List<String> allowed = new ArrayList<>();
    for (String methods : available) {
      for (String m : methods.split(",")) {
        allowed.add(m.trim());
        if (m.trim().equals("GET")) {
          // Javalin answers HEAD wherever it answers GET.
          allowed.add("HEAD");
        }
      }
    }
    String allow = String.join(", ", allowed);
    return Problem.field(405, "METHOD_NOT_ALLOWED", "method", allow, method)
        .withHeader("Allow", allow);
  }

  private static void answer(Context ctx, Problem p) {
    ctx.status(p.status());
    p.headers().forEach(ctx::header);
    ctx.contentType(Problem.MEDIA_TYPE).result(p.json());
  }

  /** A {@code java.lang.Error} while answering (none expected): 500 problem+json. */
  private static void answerError(HttpServletResponse response, Error error) {
    JavalinLogger.error("Fatal error while answering a request", error);
    Problem problem = Problem.of(500, "INTERNAL_ERROR", error.getClass().getSimpleName());
    try {
      response.setStatus(problem.status());
      response.setContentType(Problem.MEDIA_TYPE);
      response.getOutputStream().write(problem.json());
    } catch (IOException | IllegalStateException e) {
      // The response was committed or the client is gone: the status line already went out.
      error.addSuppressed(e);
    }
  }

  private static void json(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType("application/json").result(body.toString());
  }

  /** The request's strictly decoded query parameter {@code name}, or null. */
  private static String parameter(Context ctx, String name) {
    RequestTarget target = ctx.attribute(TARGET);
    return target.parameter(name);
  }

  /** A transaction from its hex encoding; malformed input is a problem naming {@code field}. */
  private static Transaction decodeTransaction(String field, String hex) {
    try {
      return Transaction.CODEC.decode(Hex.parse(field, hex));
    } catch (IllegalArgumentException e) {
      throw new Problem(
          400, "MALFORMED_TRANSACTION", e.getMessage(), field, "hex digits", "other characters");
    } catch (CodecException e) {
      throw new Problem(
          400,
          "MALFORMED_TRANSACTION",
          field + ": not a canonical encoding (" + e.getMessage() + ")",
          field,
          "a canonical transaction encoding",
          e.getMessage());
    }
  }

  /** The transactions of a batch body, every one decoded before any is admitted. */
  private List<Transaction> batch(JsonNode body) {
    if (body == null || !body.isObject() || !body.path("transactions").isArray()) {
      throw Problem.field(
          400,
          "MALFORMED_BODY",
          "transactions",
          "a list of hex strings",
          body == null ? "nothing" : describe(body.get("transactions")));
    }
    JsonNode list = body.get("transactions");
    if (list.size() > limits.batchTransactionsMax()) {
      throw Problem.limit(
          400,
          "BATCH_TOO_LARGE",
          "transactions",
          "batchTransactionsMax",
          "at most " + limits.batchTransactionsMax() + " transactions",
          list.size() + " transactions");
    }
    List<Transaction> txs = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      String field = "transactions[" + i + "]";
      if (!list.get(i).isTextual()) {
        throw Problem.field(
            400, "MALFORMED_TRANSACTION", field, "a string of hex digits", describe(list.get(i)));
      }
      txs.add(decodeTransaction(field, list.get(i).asText()));
    }
    return txs;
  }

  /**
   * Many transactions in one request, none waited for: each answered PENDING or with its rejection
   * code, in order. A malformed entry is named by its index; nothing of a malformed batch is
   * admitted.
   */
  private void submitBatch(Context ctx) {
    List<Transaction> txs;
    try (BodyReader.Body body = bodies.read(ctx)) {
      txs = batch(body.json("a JSON object {\"transactions\": [\"<hex>\", ...]}"));
    }
    List<Optional<Rejection>> answers = chain.submitBatch(txs);
    ObjectNode out = Json.MAPPER.createObjectNode();
    var results = out.putArray("results");
    for (int i = 0; i < txs.size(); i++) {
      ObjectNode r = results.addObject().put("hash", txs.get(i).hash(suite).hex());
      if (answers.get(i).isEmpty()) {
        r.put("status", "PENDING");
      } else {
        r.put("status", "REJECTED")
            .put("code", answers.get(i).get().code())
            .put("detail", answers.get(i).get().message());
      }
    }
    json(ctx, 202, out);
  }

  /**
   * One transaction, optionally waiting for its block. A waiting submission takes one of {@code
   * waitersMax} places before it is admitted, so one refused for want of a place admitted nothing.
   */
  private void submit(Context ctx) {
    boolean wait = booleanParam(ctx, "wait");
    long timeout =
        longParam(ctx, "timeoutMillis", limits.waitMillisDefault(), 1, limits.waitMillisMax());
    Transaction tx;
    try (BodyReader.Body body = bodies.read(ctx)) {
      tx = transaction(body.json("a JSON object {\"transaction\": \"<hex>\"}"));
    }
    if (!wait) {
      admit(tx, new CompletableFuture<>());
      json(
          ctx,
          202,
          Json.MAPPER
              .createObjectNode()
              .put("hash", tx.hash(suite).hex())
              .put("status", "PENDING"));
      return;
    }
    if (!waiters.tryAcquire()) {
      throw Problem.limit(
              503,
              "TOO_MANY_WAITERS",
              "wait",
              "waitersMax",
              "at most " + limits.waitersMax() + " submissions waiting at once",
              limits.waitersMax() + " waiting; submit without wait=true and poll, or retry")
          .withHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
    try {
      CompletableFuture<Long> committed = new CompletableFuture<>();
      admit(tx, committed);
      awaitCommit(ctx, tx.hash(suite), committed, timeout);
    } finally {
      waiters.release();
    }
  }

  private static Transaction transaction(JsonNode body) {
    if (body == null || !body.isObject() || !body.path("transaction").isTextual()) {
      throw Problem.field(
          400,
          "MALFORMED_BODY",
          "transaction",
          "a string of hex digits",
          body == null ? "nothing" : describe(body.get("transaction")));
    }
    return decodeTransaction("transaction", body.get("transaction").asText());
  }

  /** Admits {@code tx} to the mempool, or answers why not. */
  private void admit(Transaction tx, CompletableFuture<Long> committed) {
    Optional<Rejection> rejected = chain.submit(tx, committed);
    if (rejected.isPresent()) {
      // Full or halted: the node cannot take it now (503); anything else is wrong with the
      // transaction (422).
      String code = rejected.get().code();
      int status = code.equals("MEMPOOL_FULL") || code.equals("NODE_HALTED") ? 503 : 422;
      throw Problem.of(status, code, rejected.get().message());
    }
  }

  private void awaitCommit(
      Context ctx, Hash hash, CompletableFuture<Long> committed, long timeout) {
    ObjectNode out = Json.MAPPER.createObjectNode().put("hash", hash.hex());
    try {
      long height = committed.get(timeout, TimeUnit.MILLISECONDS);
      json(ctx, 200, committedView(hash, height));
    } catch (TimeoutException e) {
      json(
          ctx,
          202,
          out.put("status", "PENDING")
              .put(
                  "detail",
                  "not committed within "
                      + timeout
                      + " ms; poll GET /v1/transactions/"
                      + hash.hex()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Problem.of(503, "INTERRUPTED", "the node is shutting down");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ChainService.TransactionDropped dropped) {
        json(ctx, 200, droppedView(hash, dropped.reason()));
        return;
      }
      throw Problem.of(
          503, "NODE_HALTED", "the node stopped before committing: " + e.getCause().getMessage());
    }
  }

  private static ObjectNode droppedView(Hash hash, Rejection reason) {
    return Json.MAPPER
        .createObjectNode()
        .put("hash", hash.hex())
        .put("status", "DROPPED")
        .put("code", reason.code())
        .put("detail", reason.message());
  }

  private ObjectNode committedView(Hash hash, long height) {
    ChainReader.Location location = chain.reader().locate(hash).orElseThrow();
    Transaction tx = chain.reader().transactions(height).get(location.index());
    Receipt receipt = chain.reader().receipts(height).get(location.index());
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("hash", hash.hex());
    out.put("status", "COMMITTED");
    Json.putU64(out, "height", height);
    out.put("index", location.index());
    out.set("transaction", Json.transaction(suite, tx));
    out.set("receipt", Json.receipt(receipt));
    return out;
  }

  private void transaction(Context ctx) {
    Hash hash = parseHash("hash", ctx.pathParam("hash"));
    Optional<ChainReader.Location> location = chain.reader().locate(hash);
    if (location.isPresent()) {
      json(ctx, 200, committedView(hash, location.get().height()));
    } else if (chain.isWaiting(hash)) {
      json(
          ctx,
          200,
          Json.MAPPER.createObjectNode().put("hash", hash.hex()).put("status", "PENDING"));
    } else if (chain.dropped(hash).isPresent()) {
      json(ctx, 200, droppedView(hash, chain.dropped(hash).get()));
    } else {
      throw Problem.of(
          404,
          "TRANSACTION_NOT_FOUND",
          "transaction " + hash.hex() + ": neither committed nor waiting in the mempool");
    }
  }

  /**
   * A committed transaction and its receipt, each with the proof that it is a leaf of its block's
   * transactions or receipts root, and the header that holds those roots: a client checks them with
   * nothing but the header.
   */
  private void transactionProof(Context ctx) {
    Hash hash = parseHash("hash", ctx.pathParam("hash"));
    Optional<ChainReader.Location> location = chain.reader().locate(hash);
    if (location.isEmpty()) {
      throw Problem.of(
          404,
          "TRANSACTION_NOT_COMMITTED",
          "transaction "
              + hash.hex()
              + ": not committed (waiting, dropped or unknown); only a committed transaction has"
              + " inclusion proofs");
    }
    long height = location.get().height();
    int index = location.get().index();
    BlockHeader header = chain.reader().header(height).orElseThrow();
    List<Transaction> transactions = chain.reader().transactions(height);
    List<Receipt> receipts = chain.reader().receipts(height);
    Receipt receipt = receipts.get(index);
    Check.that(
        receipt.transactionHash().equals(hash),
        "transaction index: %s points at block %d index %d, whose receipt names %s",
        hash.hex(),
        height,
        index,
        receipt.transactionHash().hex());
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("hash", hash.hex());
    out.put("height", height);
    out.put("index", index);
    out.put("transaction", Hex.of(transactions.get(index).encode()));
    out.put("receipt", Hex.of(Receipt.CODEC.encode(receipt)));
    out.set("header", Json.header(suite, header));
    out.set(
        "transactionProof",
        Json.inclusionProof(Block.transactionProof(suite, transactions, index)));
    out.set("receiptProof", Json.inclusionProof(Block.receiptProof(suite, receipts, index)));
    json(ctx, 200, out);
  }

  private void block(Context ctx) {
    String id = ctx.pathParam("id");
    long height;
    if (id.matches("[0-9]{1,20}")) {
      try {
        // Heights are unsigned 64-bit numbers; one above 2^64-1 is no block either.
        height = Long.parseUnsignedLong(id);
      } catch (NumberFormatException e) {
        throw Problem.of(404, "BLOCK_NOT_FOUND", "block " + id + ": not found");
      }
    } else if (id.length() == 64 || id.startsWith("0x")) {
      OptionalLong found = chain.reader().heightOf(parseHash("id", id));
      if (found.isEmpty()) {
        throw Problem.of(404, "BLOCK_NOT_FOUND", "block with hash " + id + ": not found");
      }
      height = found.getAsLong();
    } else {
      throw Problem.field(
          400,
          "INVALID_BLOCK_ID",
          "id",
          "a height (decimal) or a block hash (64 hex digits)",
          "'" + id + "'");
    }
    BlockHeader head = chain.head();
    if (Long.compareUnsigned(height, head.height()) > 0) {
      throw Problem.of(
          404,
          "BLOCK_NOT_FOUND",
          "block "
              + Long.toUnsignedString(height)
              + ": not found (head is "
              + Long.toUnsignedString(head.height())
              + ")");
    }
    BlockHeader header = chain.reader().header(height).orElseThrow();
    List<Transaction> transactions = chain.reader().transactions(height);
    List<Receipt> receipts = chain.reader().receipts(height);
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.set("header", Json.header(suite, header));
    var list = out.putArray("transactions");
    for (int i = 0; i < transactions.size(); i++) {
      ObjectNode t = Json.transaction(suite, transactions.get(i));
      t.set("receipt", Json.receipt(receipts.get(i)));
      list.add(t);
    }
    json(ctx, 200, out);
  }

  private void state(Context ctx) {
    String key = parameter(ctx, "key");
    String keyHex = parameter(ctx, "keyHex");
    if ((key == null) == (keyHex == null)) {
      throw Problem.field(
          400,
          "INVALID_PARAMETER",
          "key",
          "exactly one of key (text) or keyHex",
          key == null ? "neither" : "both");
    }
    byte[] rawKey = key != null ? key.getBytes(StandardCharsets.UTF_8) : parseHex("keyHex", keyHex);
    BlockHeader head = chain.head();
    long height = longParam(ctx, "height", head.height(), 0, Long.MAX_VALUE);
    if (height > head.height()) {
      throw Problem.field(
          404, "BLOCK_NOT_FOUND", "height", "at most " + head.height(), Long.toString(height));
    }
    BlockHeader header = chain.reader().header(height).orElseThrow();
    ChainReader.ProvenValue proven = chain.reader().value(height, rawKey);
    Optional<byte[]> value = proven.value();
    Proof proof = proven.proof();
    ObjectNode out = Json.MAPPER.createObjectNode();
    Json.putU64(out, "height", height);
    out.put("keyHex", Hex.of(rawKey));
    if (value.isPresent()) {
      out.put("valueHex", Hex.of(value.get()));
    } else {
      out.putNull("valueHex");
    }
    out.put("proof", Hex.of(Proof.CODEC.encode(proof)));
    out.set("header", Json.header(suite, header));
    json(ctx, 200, out);
  }

  private void account(Context ctx) {
    Address address;
    try {
      address = Address.parse("address", ctx.pathParam("address"));
    } catch (IllegalArgumentException e) {
      throw new Problem(
          400,
          "INVALID_ADDRESS",
          e.getMessage(),
          "address",
          "40 hex digits",
          "'" + ctx.pathParam("address") + "'");
    }
    long height = chain.head().height();
    var state = chain.reader().state(height);
    Optional<Account> account = IdentityRegistry.account(state, address);
    if (account.isEmpty()) {
      throw Problem.of(404, "ACCOUNT_NOT_FOUND", "account " + address + ": not registered");
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("address", address.hex());
    out.put("publicKey", Hex.of(account.get().publicKey()));
    out.put("organisation", account.get().organisationUscc());
    var roles = out.putArray("roles");
    account.get().roles().forEach(r -> roles.add(r.name()));
    out.put("active", account.get().isActive());
    Json.putU64(out, "nextNonce", Nonces.next(state, address));
    Json.putU64(out, "height", height);
    json(ctx, 200, out);
  }

  /** The contracts this node runs, from their declarations: what clients build calls from. */
  private void contracts(Context ctx) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.set("contracts", Json.MAPPER.valueToTree(io.credence.execution.Runtime.builtInCatalogue()));
    ctx.contentType("application/json").result(out.toString());
  }

  /** Events one listing answers at most. */
  public static final int EVENTS_PAGE_MAX = 1_000;

  /**
   * A listing from the index: the committed events of {@code contract} whose {@code attribute} (or
   * {@code event}, the event's name) equals {@code value}, in chain order, a page of at most {@code
   * limit} after the event {@code after} ({@code height:transaction:event}).
   */
  private void events(Context ctx) {
    String contract = requiredParam(ctx, "contract", "a contract name, e.g. identity");
    String attribute =
        requiredParam(ctx, "attribute", "an event attribute, e.g. organisation, or event");
    String value = requiredParam(ctx, "value", "the attribute's value");
    int limit = (int) longParam(ctx, "limit", 100, 1, EVENTS_PAGE_MAX);
    long height = 0;
    int tx = 0;
    int ev = 0;
    String after = ctx.queryParam("after");
    if (after != null) {
      String[] parts = after.split(":", -1);
      try {
        if (parts.length != 3) {
          throw new NumberFormatException();
        }
        height = Long.parseLong(parts[0]);
        tx = Integer.parseInt(parts[1]);
        ev = Integer.parseInt(parts[2]) + 1;
        if (height < 0 || tx < 0 || ev <= 0 || ev > 0xffff) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw Problem.field(
            400, "INVALID_PARAMETER", "after", "height:transaction:event, e.g. 12:0:1", after);
      }
    }
    var found = chain.events(contract, attribute, value, height, tx, ev, limit);
    ObjectNode out = Json.MAPPER.createObjectNode();
    var list = out.putArray("events");
    for (var e : found) {
      ObjectNode o = list.addObject();
      o.put("id", e.height() + ":" + e.transactionIndex() + ":" + e.eventIndex());
      o.put("height", e.height());
      o.put("transactionHash", e.transaction().hex());
      o.put("contract", e.event().contract());
      o.put("name", e.event().name());
      ObjectNode attributes = o.putObject("attributes");
      e.event().attributes().forEach(attributes::put);
    }
    if (found.size() == limit) {
      var last = found.get(found.size() - 1);
      out.put("next", last.height() + ":" + last.transactionIndex() + ":" + last.eventIndex());
    }
    json(ctx, 200, out);
  }

  private static String requiredParam(Context ctx, String name, String expected) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      throw Problem.field(400, "INVALID_PARAMETER", name, expected, "nothing");
    }
    return v;
  }

  /** Query parameters that are not a query's arguments. */
  private static final java.util.Set<String> QUERY_OPTIONS = java.util.Set.of("proof", "height");

  /**
   * A contract's read-only query on committed state at the head (or {@code height}); with {@code
   * proof=true}, a Merkle proof of every state key the answer read, against that block's header.
   */
  private void query(Context ctx) {
    String contract = ctx.pathParam("contract");
    String name = ctx.pathParam("query");
    java.util.Map<String, Object> args = new java.util.LinkedHashMap<>();
    for (var e : ctx.queryParamMap().entrySet()) {
      if (QUERY_OPTIONS.contains(e.getKey())) {
        continue;
      }
      if (e.getValue().size() != 1) {
        throw Problem.field(
            400,
            "INVALID_ARGUMENTS",
            e.getKey(),
            "the argument once",
            e.getValue().size() + " times");
      }
      String value = e.getValue().get(0);
      Object plain = value;
      if (value.startsWith("[") || value.startsWith("{")) {
        try {
          plain = Json.MAPPER.readValue(value, Object.class);
        } catch (java.io.IOException bad) {
          throw Problem.field(400, "INVALID_ARGUMENTS", e.getKey(), "JSON", "'" + value + "'");
        }
      }
      args.put(e.getKey(), plain);
    }
    String proofParam = ctx.queryParam("proof");
    if (proofParam != null && !proofParam.equals("true") && !proofParam.equals("false")) {
      throw Problem.field(400, "INVALID_PARAMETER", "proof", "true or false", proofParam);
    }
    BlockHeader head = chain.head();
    long height = longParam(ctx, "height", head.height(), 0, Long.MAX_VALUE);
    if (height > head.height()) {
      throw Problem.field(
          404, "BLOCK_NOT_FOUND", "height", "at most " + head.height(), Long.toString(height));
    }
    BlockHeader header = chain.reader().header(height).orElseThrow();
    io.credence.execution.Runtime.Answer answer;
    try {
      answer =
          io.credence.execution.Runtime.queryBuiltIn(
              contract,
              name,
              args,
              chain.reader().state(height),
              height,
              io.credence.core.CalendarDate.ofEpochMillis(header.timestampMillis()));
    } catch (io.credence.execution.Query.Failure e) {
      throw Problem.of(e.code().equals("NOT_FOUND") ? 404 : 422, e.code(), e.getMessage());
    } catch (IllegalArgumentException e) {
      boolean unknown = e.getMessage().contains("no such query");
      throw Problem.of(
          unknown ? 404 : 400, unknown ? "UNKNOWN_QUERY" : "INVALID_ARGUMENTS", e.getMessage());
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("contract", contract);
    out.put("query", name);
    out.put("height", height);
    out.set("answer", Json.MAPPER.valueToTree(answer.plain()));
    if ("true".equals(proofParam) && !answer.provable()) {
      throw Problem.field(
          422,
          "PROOF_TOO_LARGE",
          "proof",
          "an answer that reads at most "
              + io.credence.execution.Runtime.QUERY_PROVEN_KEYS_MAX
              + " state values",
          "one that reads more");
    }
    if ("true".equals(proofParam)) {
      var proofs = out.putArray("proofs");
      for (byte[] key : answer.keysRead()) {
        ObjectNode p = proofs.addObject();
        p.put("keyHex", Hex.of(key));
        ChainReader.ProvenValue proven = chain.reader().value(height, key);
        Optional<byte[]> value = proven.value();
        if (value.isPresent()) {
          p.put("valueHex", Hex.of(value.get()));
        } else {
          p.putNull("valueHex");
        }
        p.put("proof", Hex.of(Proof.CODEC.encode(proven.proof())));
      }
      out.set("header", Json.header(suite, header));
    }
    json(ctx, 200, out);
  }

  /** A traceability query at the head, its answer in plain JSON form. */
  @SuppressWarnings("unchecked")
  private java.util.Map<String, Object> traceAnswer(
      String name, java.util.Map<String, Object> args) {
    return traceAnswer(name, args, chain.head());
  }

  /** The same at the block {@code head}: one request's answers all read one state. */
  @SuppressWarnings("unchecked")
  private java.util.Map<String, Object> traceAnswer(
      String name, java.util.Map<String, Object> args, BlockHeader head) {
    try {
      Object plain =
          io.credence.execution.Runtime.queryBuiltIn(
                  io.credence.execution.trace.Trace.NAME,
                  name,
                  args,
                  chain.reader().state(head.height()),
                  head.height(),
                  io.credence.core.CalendarDate.ofEpochMillis(head.timestampMillis()))
              .plain();
      return Json.MAPPER.convertValue(plain, java.util.Map.class);
    } catch (io.credence.execution.Query.Failure e) {
      throw Problem.of(e.code().equals("NOT_FOUND") ? 404 : 422, e.code(), e.getMessage());
    } catch (IllegalArgumentException e) {
      throw Problem.of(400, "INVALID_ARGUMENTS", e.getMessage());
    }
  }

  /** One recorded traceability event as an EPCIS 2.0 document. */
  private void epcisEvent(Context ctx) {
    String text = ctx.pathParam("event");
    if (!text.matches("[0-9]{1,18}")) {
      throw Problem.field(400, "INVALID_PARAMETER", "event", "an event's number", "'" + text + "'");
    }
    long n = Long.parseLong(text);
    var event = traceAnswer("event", java.util.Map.of("event", n));
    json(
        ctx,
        200,
        io.credence.api.epcis.Epcis.document(
            java.util.List.of(event),
            java.time.Instant.ofEpochMilli(chain.head().timestampMillis())));
  }

  /** The events that moved a thing ({@code epc}), oldest first, as an EPCIS 2.0 document. */
  @SuppressWarnings("unchecked")
  private void epcisEvents(Context ctx) {
    String epc = ctx.queryParam("epc");
    if (epc == null || epc.isEmpty()) {
      throw Problem.field(
          400, "INVALID_PARAMETER", "epc", "a thing's EPC URI or Digital Link", "none");
    }
    BlockHeader head = chain.head();
    var custody = traceAnswer("custody", java.util.Map.of("epc", epc), head);
    java.util.List<java.util.Map<String, Object>> events = new java.util.ArrayList<>();
    for (Object step : (java.util.List<Object>) custody.get("steps")) {
      long n = ((Number) ((java.util.Map<String, Object>) step).get("event")).longValue();
      events.add(traceAnswer("event", java.util.Map.of("event", n), head));
    }
    json(
        ctx,
        200,
        io.credence.api.epcis.Epcis.document(
            events, java.time.Instant.ofEpochMilli(head.timestampMillis())));
  }

  /**
   * Every event of every committed block from {@code fromHeight} (default: the next block), or
   * right after the event named by {@code Last-Event-ID} (a reconnecting client's, which wins: it
   * sends the same URL again), then live; optionally only of one {@code contract} or naming one
   * {@code party}.
   */
  private void eventStream(Context ctx) {
    long fromHeight = longParam(ctx, "fromHeight", chain.head().height() + 1, 0, Long.MAX_VALUE);
    String lastEventId = ctx.header("Last-Event-ID");
    EventStreams.Start start =
        lastEventId != null
            ? EventStreams.Start.after(lastEventId)
            : EventStreams.Start.at(fromHeight);
    EventStreams.Filter filter =
        EventStreams.Filter.parse(parameter(ctx, "contract"), parameter(ctx, "party"));
    streams.open(ctx, start, filter);
  }

  private void status(Context ctx) {
    BlockHeader head = chain.head();
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("version", VERSION);
    out.put("chainId", chain.genesis().chainId());
    out.put("cryptoSuite", suite.name());
    out.put("consensus", chain.consensus());
    Json.putU64(out, "height", head.height());
    out.put("headHash", head.hash(suite).hex());
    Json.putU64(out, "headTimestampMillis", head.timestampMillis());
    out.put("peers", chain.peers());
    out.put("mempoolTransactions", chain.mempoolSize());
    ChainService.NodeState state = chain.nodeState();
    out.put("role", state.role());
    Json.putU64(out, "round", state.round());
    Json.putU64(out, "epoch", state.epoch());
    Json.putU64(out, "highestKnownHeight", state.highestKnownHeight());
    out.put("caughtUp", state.caughtUp());
    out.put("inQuorum", state.inQuorum());
    json(ctx, 200, out);
  }

  /**
   * 200 when the node is caught up and, for a validator, part of a quorum (or solo); 503 with the
   * reasons otherwise. For load balancers and orchestrators.
   */
  private void health(Context ctx) {
    ChainService.NodeState state = chain.nodeState();
    boolean solo = chain.consensus().equals("solo");
    boolean quorate = state.role().equals("observer") || solo || state.inQuorum();
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("healthy", state.caughtUp() && quorate);
    out.put("caughtUp", state.caughtUp());
    out.put("inQuorum", state.inQuorum());
    Json.putU64(out, "height", state.height());
    Json.putU64(out, "highestKnownHeight", state.highestKnownHeight());
    out.put("peers", chain.peers());
    json(ctx, state.caughtUp() && quorate ? 200 : 503, out);
  }

  private void evidence(Context ctx) {
    var out = Json.MAPPER.createObjectNode();
    var list = out.putArray("evidence");
    for (ChainService.EvidenceRecord e : chain.evidence()) {
      Json.putU64(list.addObject().put("validator", e.validator()), "round", e.round())
          .put("kind", e.kind())
          .put("first", e.first())
          .put("second", e.second());
    }
    json(ctx, 200, out);
  }

  private static String describe(JsonNode node) {
    return node == null
        ? "no such field"
        : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static Hash parseHash(String field, String text) {
    try {
      return Hash.parse(field, text);
    } catch (IllegalArgumentException e) {
      throw new Problem(
          400, "INVALID_HASH", e.getMessage(), field, "64 hex digits", "'" + text + "'");
    }
  }

  private static byte[] parseHex(String field, String text) {
    try {
      return Hex.parse(field, text);
    } catch (IllegalArgumentException e) {
      throw new Problem(
          400, "INVALID_PARAMETER", e.getMessage(), field, "hex digits", "'" + text + "'");
    }
  }

  private static boolean booleanParam(Context ctx, String name) {
    String text = parameter(ctx, name);
    if (text == null || text.equals("false")) {
      return false;
    }
    if (text.equals("true")) {
      return true;
    }
    throw Problem.field(400, "INVALID_PARAMETER", name, "true or false", "'" + text + "'");
  }

  private static long longParam(Context ctx, String name, long fallback, long min, long max) {
    String text = parameter(ctx, name);
    if (text == null) {
      return fallback;
    }
    try {
      long value = Long.parseLong(text);
      if (value < min || value > max) {
        throw Problem.field(
            400, "INVALID_PARAMETER", name, "a whole number from " + min + " to " + max, text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw Problem.field(
          400,
          "INVALID_PARAMETER",
          name,
          "a whole number from " + min + " to " + max,
          "'" + text + "'");
    }
  }
}
