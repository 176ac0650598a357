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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Reads from a node: status, blocks, transactions, accounts, and state values with checked proofs.
 */
@Command(
    name = "query",
    description = "Read from a node: status | block ID | tx HASH | account ADDRESS | state KEY")
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

  @Parameters(index = "0", paramLabel = "WHAT", description = "status, block, tx, account or state")
  String what;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "ID",
      description = "block height or hash, transaction hash, address, or state key")
  String id;

  @Override
  public Integer call() throws IOException {
    ApiClient client = new ApiClient(node);
    try {
      JsonNode answer =
          switch (what) {
            case "status" -> client.get("/v1/status");
            case "block" -> client.get("/v1/blocks/" + blockId(required("block")));
            case "tx" -> client.get("/v1/transactions/" + required("tx"));
            case "account" -> client.get("/v1/accounts/" + required("account"));
            case "state" -> state(client, required("state"));
            default ->
                throw new UserError(
                    "WHAT: expected status, block, tx, account or state, found '" + what + "'");
          };
      System.out.println(
          io.credence.api.Json.MAPPER
              .copy()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(answer));
      return 0;
    } catch (ApiClient.ApiException e) {
      System.err.println("credence: " + e.getMessage());
      return 1;
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
