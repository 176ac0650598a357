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
import io.credence.ledger.state.StateTree;
import io.credence.ledger.store.BlockStore;
import io.credence.node.execution.StateOverlay;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The node's HTTP API, version 1. JSON in and out; every error is {@code application/problem+json}
 * with a stable code. Endpoints: submit a transaction (optionally waiting for its block),
 * transaction status and receipt, a committed transaction's inclusion proofs, block by height or
 * hash, a state value with its proof, an account, node status.
 */
public final class ApiServer implements AutoCloseable {
  public static final String VERSION = "0.1.0";
  public static final long REQUEST_BYTES_MAX = 1024 * 1024;
  public static final int BATCH_TRANSACTIONS_MAX = 1_000;
  public static final long WAIT_MILLIS_MAX = 60_000;
  public static final long WAIT_MILLIS_DEFAULT = 10_000;

  private final ChainService chain;
  private final CryptoSuite suite;
  private final Javalin app;

  public ApiServer(ChainService chain) {
    this(chain, () -> "");
  }

  /**
   * An API that also serves {@code GET /metrics} in the Prometheus text format from {@code
   * metrics}, and {@code GET /v1/health}.
   */
  public ApiServer(ChainService chain, java.util.function.Supplier<String> metrics) {
    this.chain = chain;
    this.suite = chain.genesis().suite();
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.http.maxRequestSize = REQUEST_BYTES_MAX;
            });
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
    app.get(
        "/metrics",
        ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.get()));
    app.exception(Problem.class, (problem, ctx) -> answer(ctx, problem));
    app.exception(
        Exception.class,
        (e, ctx) ->
            answer(
                ctx,
                Problem.of(
                    500, "INTERNAL_ERROR", e.getClass().getSimpleName() + ": " + e.getMessage())));
    app.error(
        404,
        ctx -> {
          if (!"application/problem+json".equals(ctx.res().getContentType())) {
            answer(
                ctx,
                Problem.of(404, "NOT_FOUND", "no endpoint " + ctx.method() + " " + ctx.path()));
          }
        });
  }

  /** Starts listening; port 0 picks a free port. */
  public ApiServer start(String host, int port) {
    app.start(host, port);
    return this;
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }

  private static void answer(Context ctx, Problem p) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("type", "urn:credence:problem:" + p.code());
    body.put("title", p.code());
    body.put("status", p.status());
    body.put("code", p.code());
    body.put("detail", p.getMessage());
    if (p.field() != null) {
      body.put("field", p.field());
      body.put("expected", p.expected());
      body.put("found", p.found());
    }
    ctx.status(p.status()).contentType("application/problem+json").result(body.toString());
  }

  private static void json(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType("application/json").result(body.toString());
  }

  /**
   * Many transactions in one request, none waited for: each answered PENDING or with its rejection
   * code, in order. A malformed entry is named by its index; nothing of a malformed batch is
   * admitted.
   */
  /**
   * The request body as JSON, within {@link #REQUEST_BYTES_MAX}; {@code shape} names what is
   * expected.
   */
  private static JsonNode jsonBody(Context ctx, String shape) {
    long length = ctx.contentLength();
    if (length > REQUEST_BYTES_MAX) {
      throw Problem.field(
          413,
          "BODY_TOO_LARGE",
          "body",
          "at most " + REQUEST_BYTES_MAX + " bytes",
          length + " bytes");
    }
    try {
      return Json.MAPPER.readTree(ctx.body());
    } catch (Exception e) {
      throw Problem.field(400, "MALFORMED_BODY", "body", shape, "text that is not JSON");
    }
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

  private void submitBatch(Context ctx) {
    JsonNode body = jsonBody(ctx, "a JSON object {\"transactions\": [\"<hex>\", ...]}");
    if (body == null || !body.isObject() || !body.path("transactions").isArray()) {
      throw Problem.field(
          400,
          "MALFORMED_BODY",
          "transactions",
          "a list of hex strings",
          body == null ? "nothing" : describe(body.get("transactions")));
    }
    JsonNode list = body.get("transactions");
    if (list.size() > BATCH_TRANSACTIONS_MAX) {
      throw Problem.field(
          400,
          "BATCH_TOO_LARGE",
          "transactions",
          "at most " + BATCH_TRANSACTIONS_MAX + " transactions",
          list.size() + " transactions");
    }
    java.util.List<Transaction> txs = new java.util.ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      String field = "transactions[" + i + "]";
      if (!list.get(i).isTextual()) {
        throw Problem.field(
            400, "MALFORMED_TRANSACTION", field, "a string of hex digits", describe(list.get(i)));
      }
      txs.add(decodeTransaction(field, list.get(i).asText()));
    }
    java.util.List<Optional<Rejection>> answers = chain.submitBatch(txs);
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

  private void submit(Context ctx) {
    JsonNode body = jsonBody(ctx, "a JSON object {\"transaction\": \"<hex>\"}");
    if (body == null || !body.isObject() || !body.path("transaction").isTextual()) {
      throw Problem.field(
          400,
          "MALFORMED_BODY",
          "transaction",
          "a string of hex digits",
          body == null ? "nothing" : describe(body.get("transaction")));
    }
    Transaction tx = decodeTransaction("transaction", body.get("transaction").asText());
    boolean wait = booleanParam(ctx, "wait");
    long timeout = longParam(ctx, "timeoutMillis", WAIT_MILLIS_DEFAULT, 1, WAIT_MILLIS_MAX);
    CompletableFuture<Long> committed = new CompletableFuture<>();
    Optional<Rejection> rejected = chain.submit(tx, committed);
    Hash hash = tx.hash(suite);
    if (rejected.isPresent()) {
      // Full or halted: the node cannot take it now (503); anything else is wrong with the
      // transaction (422).
      String code = rejected.get().code();
      int status = code.equals("MEMPOOL_FULL") || code.equals("NODE_HALTED") ? 503 : 422;
      throw Problem.of(status, code, rejected.get().message());
    }
    ObjectNode out = Json.MAPPER.createObjectNode().put("hash", hash.hex());
    if (!wait) {
      json(ctx, 202, out.put("status", "PENDING"));
      return;
    }
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
    BlockStore.Location location = chain.store().locate(hash).orElseThrow();
    Transaction tx = chain.store().transactions(height).get(location.index());
    Receipt receipt = chain.store().receipts(height).get(location.index());
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("hash", hash.hex());
    out.put("status", "COMMITTED");
    out.put("height", height);
    out.put("index", location.index());
    out.set("transaction", Json.transaction(suite, tx));
    out.set("receipt", Json.receipt(receipt));
    return out;
  }

  private void transaction(Context ctx) {
    Hash hash = parseHash("hash", ctx.pathParam("hash"));
    Optional<BlockStore.Location> location = chain.store().locate(hash);
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
    Optional<BlockStore.Location> location = chain.store().locate(hash);
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
    BlockHeader header = chain.store().header(height);
    List<Transaction> transactions = chain.store().transactions(height);
    List<Receipt> receipts = chain.store().receipts(height);
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
    if (id.matches("[0-9]{1,19}")) {
      height = Long.parseLong(id);
    } else if (id.length() == 64 || id.startsWith("0x")) {
      OptionalLong found = chain.store().heightOf(parseHash("id", id));
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
    if (height > head.height()) {
      throw Problem.of(
          404,
          "BLOCK_NOT_FOUND",
          "block " + height + ": not found (head is " + head.height() + ")");
    }
    BlockHeader header = chain.store().header(height);
    List<Transaction> transactions = chain.store().transactions(height);
    List<Receipt> receipts = chain.store().receipts(height);
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
    String key = ctx.queryParam("key");
    String keyHex = ctx.queryParam("keyHex");
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
    BlockHeader header = chain.store().header(height);
    StateTree tree = new StateTree(suite, chain.store());
    Optional<byte[]> value = tree.get(header.stateRoot(), rawKey);
    Proof proof = tree.prove(header.stateRoot(), rawKey);
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("height", height);
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
    StateOverlay state = chain.stateAt(chain.head());
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
    out.put("nextNonce", Nonces.next(state, address));
    out.put("height", chain.head().height());
    json(ctx, 200, out);
  }

  /** The contracts this node runs, from their declarations: what clients build calls from. */
  private void contracts(Context ctx) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.set("contracts", Json.MAPPER.valueToTree(io.credence.execution.Runtime.builtInCatalogue()));
    ctx.contentType("application/json").result(out.toString());
  }

  private void status(Context ctx) {
    BlockHeader head = chain.head();
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("version", VERSION);
    out.put("chainId", chain.genesis().chainId());
    out.put("cryptoSuite", suite.name());
    out.put("consensus", chain.consensus());
    out.put("height", head.height());
    out.put("headHash", head.hash(suite).hex());
    out.put("headTimestampMillis", head.timestampMillis());
    out.put("peers", chain.peers());
    out.put("mempoolTransactions", chain.mempoolSize());
    ChainService.NodeState state = chain.nodeState();
    out.put("role", state.role());
    out.put("round", state.round());
    out.put("epoch", state.epoch());
    out.put("highestKnownHeight", state.highestKnownHeight());
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
    out.put("height", state.height());
    out.put("highestKnownHeight", state.highestKnownHeight());
    out.put("peers", chain.peers());
    json(ctx, state.caughtUp() && quorate ? 200 : 503, out);
  }

  private void evidence(Context ctx) {
    var out = Json.MAPPER.createObjectNode();
    var list = out.putArray("evidence");
    for (ChainService.EvidenceRecord e : chain.evidence()) {
      list.addObject()
          .put("validator", e.validator())
          .put("round", e.round())
          .put("kind", e.kind());
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
    String text = ctx.queryParam(name);
    if (text == null || text.equals("false")) {
      return false;
    }
    if (text.equals("true")) {
      return true;
    }
    throw Problem.field(400, "INVALID_PARAMETER", name, "true or false", "'" + text + "'");
  }

  private static long longParam(Context ctx, String name, long fallback, long min, long max) {
    String text = ctx.queryParam(name);
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
