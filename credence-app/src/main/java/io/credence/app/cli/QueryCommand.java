package io.credence.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.credence.app.client.ApiClient;
import io.credence.core.Hash;
import io.credence.core.Hex;
import io.credence.core.codec.CodecException;
import io.credence.core.crypto.CryptoSuite;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.state.Proof;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
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
            + " (a transaction's inclusion proofs, checked here)")
public final class QueryCommand implements Callable<Integer> {
  @Option(
      names = "--node",
      defaultValue = "http://127.0.0.1:8645",
      description = "node API address")
  String node;

  @Option(names = "--height", description = "for state: read at this height (default: the head)")
  Long height;

  @Parameters(
      index = "0",
      paramLabel = "WHAT",
      description = "status, block, tx, account, state or proof")
  String what;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "ID",
      description = "block height or hash, transaction hash, address, or state key")
  String id;

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
            case "block" -> client.get("/v1/blocks/" + required("block"));
            case "tx" -> client.get("/v1/transactions/" + required("tx"));
            case "account" -> client.get("/v1/accounts/" + required("account"));
            case "state" -> state(client, required("state"));
            default ->
                throw new UserError(
                    "WHAT: expected status, block, tx, account, state or proof, found '"
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

  private JsonNode state(ApiClient client, String key) throws IOException, ApiClient.ApiException {
    String path =
        "/v1/state?keyHex="
            + Hex.of(key.getBytes(StandardCharsets.UTF_8))
            + (height == null ? "" : "&height=" + height);
    JsonNode answer = client.get(path);
    String suiteName = client.get("/v1/status").get("cryptoSuite").asText();
    boolean verified =
        checkProof(CryptoSuite.named(suiteName), answer, key.getBytes(StandardCharsets.UTF_8));
    System.err.println(
        verified
            ? "proof verified against the state root of block " + answer.get("height").asLong()
            : "PROOF DOES NOT VERIFY: the node's answer cannot be trusted");
    if (!verified) {
      throw new UserError("state " + key + ": the proof does not verify against the block header");
    }
    return answer;
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
