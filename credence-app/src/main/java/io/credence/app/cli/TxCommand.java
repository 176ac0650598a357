package io.credence.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.credence.app.client.ApiClient;
import io.credence.app.config.ConfigException;
import io.credence.app.config.KeyFileIo;
import io.credence.core.Call;
import io.credence.core.Hex;
import io.credence.core.crypto.KeyPair;
import io.credence.core.types.Type;
import io.credence.core.types.Types;
import io.credence.ledger.chain.Transaction;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Builds a transaction, signs it with a key file, submits it and prints the receipt. */
@Command(
    name = "tx",
    description =
        "Build, sign and submit a transaction, then print its receipt.%n"
            + "Example: credence tx --key admin.pem identity.register publicKey=<hex> roles=OPERATOR%n"
            + "Arguments are checked and encoded by the node's catalogue (GET /v1/contracts):%n"
            + "'credence tx --list' shows every method, its arguments and who may call it.%n"
            + "A list is comma-separated (roles=OPERATOR,VIEWER) or JSON, a record JSON.")
public final class TxCommand implements Callable<Integer> {
  static final long EXPIRY_BLOCKS_DEFAULT = 100;

  @Option(
      names = "--node",
      defaultValue = Arguments.NodeAddress.EXAMPLE,
      converter = Arguments.NodeAddress.class,
      description = "node API address (default: ${DEFAULT-VALUE})")
  String node;

  @Option(names = "--key", description = "the sender's key file (required but with --list)")
  Path key;

  @Option(
      names = "--passphrase-file",
      description = "file whose first line is the key's passphrase")
  Path passphraseFile;

  @Option(
      names = "--nonce",
      converter = Arguments.Unsigned.class,
      description = "nonce (default: the account's next nonce, asked from the node)")
  Long nonce;

  @Option(
      names = "--expiry-height",
      converter = Arguments.Unsigned.class,
      description = "last height the transaction may be included at (default: head + 100)")
  Long expiryHeight;

  @Option(names = "--chain-id", description = "chain id (default: asked from the node)")
  String chainId;

  @Option(
      names = "--no-wait",
      description = "return once the node accepted it, without waiting for its block")
  boolean noWait;

  @Option(
      names = "--print-only",
      description =
          "print the signed transaction as hex and do not submit it (needs --nonce, --expiry-height and --chain-id)")
  boolean printOnly;

  @Option(
      names = "--list",
      description = "list the node's contracts and methods with their arguments, then exit")
  boolean list;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "CONTRACT.METHOD",
      description = "for example identity.register")
  String target;

  @Parameters(index = "1..*", paramLabel = "NAME=VALUE", description = "call arguments")
  List<String> arguments = new ArrayList<>();

  @Override
  public Integer call() throws ConfigException, IOException {
    ApiClient client = new ApiClient(node);
    if (list) {
      System.out.print(Catalogue.describe(Catalogue.fetch(client)));
      return 0;
    }
    if (target == null) {
      throw new UserError("CONTRACT.METHOD: expected for example identity.register, found none");
    }
    if (key == null) {
      throw new UserError("--key: expected the sender's key file, found none");
    }
    // --print-only works offline: this release's own declarations stand in for the node's.
    Call call =
        parseCall(target, arguments, printOnly ? Catalogue.builtIn() : Catalogue.fetch(client));
    KeyPair sender = KeyFileIo.read(key, passphraseFile);
    if (printOnly && (nonce == null || expiryHeight == null || chainId == null)) {
      throw new UserError(
          "--print-only: expected --nonce, --expiry-height and --chain-id, found some missing");
    }
    try {
      Transaction tx = sign(client, sender, call, nonce, expiryHeight, chainId);
      if (printOnly) {
        System.out.println(Hex.of(tx.encode()));
        return 0;
      }
      JsonNode answer = client.submit(tx, !noWait);
      System.out.println(Receipts.describe(answer));
      return answer.path("receipt").path("status").asText("SUCCESS").equals("FAILED") ? 1 : 0;
    } catch (ApiClient.ApiException e) {
      System.err.println("credence: rejected: " + e.getMessage());
      return 1;
    }
  }

  /**
   * Signs {@code call} as {@code sender}; the chain id, the expiry (head + {@value
   * #EXPIRY_BLOCKS_DEFAULT}) and the sender's next nonce are asked from the node where not given.
   */
  static Transaction sign(
      ApiClient client, KeyPair sender, Call call, Long nonce, Long expiryHeight, String chainId)
      throws IOException, ApiClient.ApiException {
    if (chainId == null || expiryHeight == null) {
      JsonNode status = client.get("/v1/status");
      chainId = chainId == null ? client.text(status, "chainId") : chainId;
      expiryHeight =
          expiryHeight == null
              ? client.u64(status, "height") + EXPIRY_BLOCKS_DEFAULT
              : expiryHeight;
    }
    if (nonce == null) {
      nonce =
          client.u64(
              client.get("/v1/accounts/" + sender.suite().address(sender.publicKey()).hex()),
              "nextNonce");
    }
    return Transaction.sign(
        sender.suite().signer(sender.privateKey(), new SecureRandom()),
        chainId,
        nonce,
        expiryHeight,
        call);
  }

  static Call parseCall(
      String target, List<String> arguments, List<Map<String, Object>> catalogue) {
    int dot = target.indexOf('.');
    if (dot <= 0 || dot == target.length() - 1) {
      throw new UserError(
          "CONTRACT.METHOD: expected for example identity.register, found '" + target + "'");
    }
    return encodeCall(
        target.substring(0, dot),
        target.substring(dot + 1),
        Catalogue.plainArguments(arguments),
        catalogue);
  }

  /** {@code contract.method} with plain arguments, checked and encoded by the catalogue. */
  static Call encodeCall(
      String contract,
      String method,
      Map<String, Object> args,
      List<Map<String, Object>> catalogue) {
    Type.Record signature = Catalogue.signature(catalogue, contract, method);
    try {
      return new Call(contract, method, Types.encode(signature, signature.fromPlain("", args)));
    } catch (IllegalArgumentException e) {
      throw new UserError(contract + "." + method + " argument " + e.getMessage());
    }
  }
}
