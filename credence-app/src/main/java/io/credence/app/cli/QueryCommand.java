package io.credence.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.credence.app.client.ApiClient;
import io.credence.core.Hash;
import io.credence.core.Hex;
import io.credence.core.codec.CodecException;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.types.Type;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.state.Proof;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Reads from a node: status, blocks, transactions and accounts; state values and committed
 * transactions with their proofs, checked here.
 */
@Command(
    name = "query",
    description =
        "Read from a node: status | block ID | tx HASH | account ADDRESS | state KEY | proof HASH"
            + " (a transaction's inclusion proofs, checked here) | call CONTRACT.QUERY"
            + " [NAME=VALUE...] (a contract's query; --proof checks every state value it read"
            + " against the block header and recomputes the answer from them)")
public final class QueryCommand implements Callable<Integer> {
  @Option(
      names = "--node",
      defaultValue = Arguments.NodeAddress.EXAMPLE,
      converter = Arguments.NodeAddress.class,
      description = "node API address (default: ${DEFAULT-VALUE})")
  String node;

  @Option(
      names = "--height",
      converter = Arguments.Unsigned.class,
      description = "for state: read at this height (default: the head)")
  Long height;

  @Option(
      names = "--proof",
      description = "for call: ask for and check a proof of every state value the answer read")
  boolean proof;

  @Parameters(
      index = "0",
      paramLabel = "WHAT",
      description = "status, block, tx, account, state, proof or call")
  String what;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "ID",
      description = "block height or hash, transaction hash, address, state key, or CONTRACT.QUERY")
  String id;

  @Parameters(index = "2..*", paramLabel = "NAME=VALUE", description = "for call: arguments")
  java.util.List<String> arguments = new java.util.ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ApiClient client = new ApiClient(node);
    try {
      if (what.equals("proof")) {
        return proof(client, required("proof"));
      }
      JsonNode answer =
          switch (what) {
            case "status" -> client.get("/v1/status");
            case "block" -> client.get("/v1/blocks/" + blockId(required("block")));
            case "tx" -> client.get("/v1/transactions/" + required("tx"));
            case "account" -> client.get("/v1/accounts/" + required("account"));
            case "state" -> state(client, required("state"));
            case "call" -> contractQuery(client, required("call"));
            default ->
                throw new UserError(
                    "WHAT: expected status, block, tx, account, state, proof or call, found '"
                        + what
                        + "'");
          };
      System.out.println(
          io.credence.api.Json.MAPPER
              .copy()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(answer));
      return 0;
    } catch (ApiClient.ApiException e) {
      spec.commandLine().getErr().println("credence: " + e.getMessage());
      return 1;
    }
  }

  /**
   * Fetches a committed transaction's inclusion proofs and checks them here, against the header
   * they come with; prints what they prove, or refuses with exit code 1.
   */
  private int proof(ApiClient client, String text) throws IOException, ApiClient.ApiException {
    Hash asked;
    try {
      asked = Hash.parse("TXHASH", text);
    } catch (IllegalArgumentException e) {
      throw new UserError("query proof " + e.getMessage());
    }
    JsonNode answer = client.get("/v1/transactions/" + asked.hex() + "/proof");
    String suiteName = client.get("/v1/status").path("cryptoSuite").asText();
    try {
      ProvenTransaction proven = ProvenTransaction.check(suite(suiteName), asked, answer);
      System.out.println(proven.describe());
      return 0;
    } catch (ProvenTransaction.Refused e) {
      spec.commandLine()
          .getErr()
          .println(
              "credence: the proof of transaction "
                  + asked.hex()
                  + " does not verify, so the node's answer cannot be trusted: "
                  + e.getMessage());
      return 1;
    }
  }

  private static CryptoSuite suite(String name) throws ProvenTransaction.Refused {
    try {
      return CryptoSuite.named(name);
    } catch (IllegalArgumentException e) {
      throw new ProvenTransaction.Refused("GET /v1/status " + e.getMessage());
    }
  }

  private String required(String name) {
    if (id == null) {
      throw new UserError("query " + name + ": expected an ID argument, found none");
    }
    return id;
  }

  /**
   * A block's height, checked as the unsigned 64-bit number it is, or its hash (64 hex digits),
   * which the node checks.
   */
  static String blockId(String id) {
    if (id.matches("[-+]?[0-9]{1,20}")) {
      try {
        return Long.toUnsignedString(new Arguments.Unsigned().convert(id));
      } catch (CommandLine.TypeConversionException e) {
        throw new UserError(
            "ID: expected a block height 0 to "
                + Arguments.U64_MAX
                + " or a block hash, found "
                + id);
      }
    }
    return id;
  }

  private JsonNode state(ApiClient client, String key) throws IOException, ApiClient.ApiException {
    String path =
        "/v1/state?keyHex="
            + Hex.of(key.getBytes(StandardCharsets.UTF_8))
            + (height == null ? "" : "&height=" + Long.toUnsignedString(height));
    JsonNode answer = client.get(path);
    String suiteName = client.text(client.get("/v1/status"), "cryptoSuite");
    CryptoSuite suite;
    try {
      suite = CryptoSuite.named(suiteName);
    } catch (IllegalArgumentException e) {
      throw new IOException(
          "node "
              + client.base()
              + ": expected cryptoSuite standard or national, found "
              + suiteName);
    }
    boolean verified = checkProof(suite, answer, key.getBytes(StandardCharsets.UTF_8));
    System.err.println(
        verified
            ? "proof verified against the state root of block "
                + Long.toUnsignedString(client.u64(answer, "height"))
            : "PROOF DOES NOT VERIFY: the node's answer cannot be trusted");
    if (!verified) {
      throw new UserError("state " + key + ": the proof does not verify against the block header");
    }
    return answer;
  }

  private JsonNode contractQuery(ApiClient client, String target)
      throws IOException, ApiClient.ApiException {
    int dot = target.indexOf('.');
    if (dot <= 0 || dot == target.length() - 1) {
      throw new UserError(
          "CONTRACT.QUERY: expected for example identity.account, found '" + target + "'");
    }
    return ask(
        client,
        target.substring(0, dot),
        target.substring(dot + 1),
        plainArguments(),
        proof,
        height,
        spec.commandLine().getErr());
  }

  /**
   * Asks {@code contract.query} with plain arguments, first checked against the node's catalogue (a
   * wrong name or argument is told here); with {@code proof}, checks every state value the answer
   * read against the block header and recomputes the answer from them, saying so on {@code err}, or
   * refuses with a user error. Returns the node's whole answer (answer, height, proofs).
   */
  static JsonNode ask(
      ApiClient client,
      String contract,
      String query,
      java.util.Map<String, Object> args,
      boolean proof,
      Long height,
      java.io.PrintWriter err)
      throws IOException, ApiClient.ApiException {
    String target = contract + "." + query;
    StringBuilder path =
        new StringBuilder("/v1/query/")
            .append(enc(contract))
            .append('/')
            .append(enc(query))
            .append("?proof=")
            .append(proof);
    if (height != null) {
      path.append("&height=").append(height);
    }
    for (java.util.Map.Entry<String, Object> a : args.entrySet()) {
      Object v = a.getValue();
      String text =
          v instanceof java.util.Map<?, ?> || v instanceof java.util.List<?>
              ? io.credence.api.Json.MAPPER.writeValueAsString(v)
              : String.valueOf(v);
      path.append('&').append(enc(a.getKey())).append('=').append(enc(text));
    }
    Type.Record signature = Catalogue.querySignature(Catalogue.fetch(client), contract, query);
    try {
      signature.fromPlain("", args);
    } catch (IllegalArgumentException e) {
      throw new UserError(target + " argument " + e.getMessage());
    }
    JsonNode answer = client.get(path.toString());
    if (proof) {
      String suiteName = client.get("/v1/status").get("cryptoSuite").asText();
      int checked = checkQueryAnswer(CryptoSuite.named(suiteName), answer, contract, query, args);
      err.println(
          checked
              + " state value(s) proven against the state root of block "
              + answer.get("height").asLong()
              + "; the answer recomputed from them matches");
      err.flush();
    }
    return answer;
  }

  /**
   * Checks a query's answer with nothing but what came with it: every proof against the header's
   * state root, then the answer itself, recomputed by this release's own query on the proven values
   * alone. Returns how many values were proven; a user error says what failed.
   */
  static int checkQueryAnswer(
      CryptoSuite suite,
      JsonNode answer,
      String contract,
      String query,
      java.util.Map<String, Object> args) {
    String target = contract + "." + query;
    int checked = 0;
    java.util.Map<String, byte[]> proven = new java.util.HashMap<>();
    for (JsonNode p : answer.path("proofs")) {
      com.fasterxml.jackson.databind.node.ObjectNode one =
          io.credence.api.Json.MAPPER.createObjectNode();
      one.set("header", answer.get("header"));
      one.set("proof", p.get("proof"));
      one.set("valueHex", p.get("valueHex"));
      byte[] key;
      try {
        key = Hex.parse("keyHex", p.path("keyHex").asText());
      } catch (IllegalArgumentException e) {
        key = null;
      }
      if (key == null || !checkProof(suite, one, key)) {
        throw new UserError(
            "call "
                + target
                + ": a proof does not verify against the block header: the node's answer cannot"
                + " be trusted");
      }
      JsonNode v = p.get("valueHex");
      proven.put(Hex.of(key), v == null || v.isNull() ? null : Hex.parse("valueHex", v.asText()));
      checked++;
    }
    Object recomputed;
    try {
      BlockHeader header =
          BlockHeader.CODEC.decode(
              Hex.parse("header.encoded", answer.get("header").get("encoded").asText()));
      recomputed =
          io.credence.execution.Runtime.queryBuiltIn(
                  contract,
                  query,
                  args,
                  provenState(proven),
                  header.height(),
                  io.credence.core.CalendarDate.ofEpochMillis(header.timestampMillis()))
              .plain();
    } catch (RuntimeException e) {
      throw new UserError(
          "call "
              + target
              + ": the answer cannot be recomputed from the proven values: "
              + e.getMessage());
    }
    // Compared as the JSON the node sends: a tree built from Java values would hold a u64 as a
    // long node where the parsed answer holds an int node, and those are never equal.
    JsonNode recomputedJson;
    try {
      recomputedJson =
          io.credence.api.Json.MAPPER.readTree(
              io.credence.api.Json.MAPPER.writeValueAsString(recomputed));
    } catch (IOException e) {
      throw new UserError("call " + target + ": the recomputed answer is not JSON: " + e);
    }
    if (!recomputedJson.equals(answer.get("answer"))) {
      throw new UserError(
          "call " + target + ": the node's answer differs from the one its proven state gives");
    }
    return checked;
  }

  private java.util.Map<String, Object> plainArguments() {
    return Catalogue.plainArguments(arguments);
  }

  /** State made of proven values only: reading anything else is refused. */
  private static io.credence.execution.ContractState provenState(
      java.util.Map<String, byte[]> proven) {
    return new io.credence.execution.ContractState() {
      @Override
      public byte[] get(byte[] key) {
        String hex = Hex.of(key);
        if (!proven.containsKey(hex)) {
          throw new IllegalStateException("the answer read key " + hex + ", which no proof covers");
        }
        byte[] v = proven.get(hex);
        return v == null ? null : v.clone();
      }

      @Override
      public void put(byte[] key, byte[] value) {
        throw new IllegalStateException("a query cannot write");
      }

      @Override
      public void delete(byte[] key) {
        throw new IllegalStateException("a query cannot write");
      }
    };
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Checks the answer's proof with nothing but the header it came with. */
  static boolean checkProof(CryptoSuite suite, JsonNode answer, byte[] key) {
    try {
      BlockHeader header =
          BlockHeader.CODEC.decode(
              Hex.parse("header.encoded", answer.get("header").get("encoded").asText()));
      Proof proof = Proof.CODEC.decode(Hex.parse("proof", answer.get("proof").asText()));
      JsonNode value = answer.get("valueHex");
      byte[] raw = value == null || value.isNull() ? null : Hex.parse("valueHex", value.asText());
      Hash root = header.stateRoot();
      return proof.verify(suite, root, key, raw);
    } catch (CodecException | IllegalArgumentException | NullPointerException e) {
      return false;
    }
  }
}
