package io.credence.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.credence.core.Hash;
import io.credence.core.Hex;
import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.crypto.CryptoSuite;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.InclusionProof;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.chain.Transaction;
import java.util.Optional;

/**
 * What a node's answer to {@code GET /v1/transactions/{hash}/proof} proves, checked here with
 * nothing but the answer: the transaction's bytes hash to the hash asked for and, with their proof,
 * recompute the transactions root of the header; the receipt names that transaction and, with its
 * proof, recomputes the receipts root; the header's bytes hash to the block hash shown. Whether
 * that block is on the chain is the business of the header's commit seal, which this does not
 * check.
 */
record ProvenTransaction(
    Hash transactionHash,
    long height,
    Hash blockHash,
    long leafIndex,
    long leafCount,
    Receipt.Status status) {

  /** The answer does not prove what it claims; the message names the field, expected and found. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /** Checks {@code answer} for the transaction {@code asked}, or says why it proves nothing. */
  static ProvenTransaction check(CryptoSuite suite, Hash asked, JsonNode answer) throws Refused {
    BlockHeader header = decode(BlockHeader.CODEC, "header.encoded", hex(answer, "header.encoded"));
    Hash blockHash = header.hash(suite);
    String height = Long.toString(header.height());
    expect(
        "header.hash", blockHash.hex(), "the hash of header.encoded", text(answer, "header.hash"));
    expect("header.height", height, "as encoded", text(answer, "header.height"));
    expect("height", height, "the header's", text(answer, "height"));
    expect(
        "header.transactionsRoot",
        header.transactionsRoot().hex(),
        "as encoded",
        text(answer, "header.transactionsRoot"));
    expect(
        "header.receiptsRoot",
        header.receiptsRoot().hex(),
        "as encoded",
        text(answer, "header.receiptsRoot"));

    byte[] transactionBytes = hex(answer, "transaction");
    decode(Transaction.CODEC, "transaction", transactionBytes);
    Hash served = suite.hash(transactionBytes);
    if (!served.equals(asked)) {
      throw new Refused(
          "transaction: expected bytes hashing to "
              + asked.hex()
              + " (the hash asked for), found bytes hashing to "
              + served.hex());
    }
    byte[] receiptBytes = hex(answer, "receipt");
    Receipt receipt = decode(Receipt.CODEC, "receipt", receiptBytes);
    expect(
        "receipt.transactionHash",
        asked.hex(),
        "the transaction's",
        receipt.transactionHash().hex());

    InclusionProof transactionProof = proof(answer, "transactionProof");
    InclusionProof receiptProof = proof(answer, "receiptProof");
    leadsTo(
        suite,
        "transactionProof",
        transactionProof,
        transactionBytes,
        "transactions root of block " + height,
        header.transactionsRoot());
    leadsTo(
        suite,
        "receiptProof",
        receiptProof,
        receiptBytes,
        "receipts root of block " + height,
        header.receiptsRoot());
    // Receipt i belongs to transaction i: the two proofs must place them alike.
    expect(
        "receiptProof.leafIndex",
        Long.toString(transactionProof.leafIndex()),
        "the transaction's",
        Long.toString(receiptProof.leafIndex()));
    expect(
        "receiptProof.leafCount",
        Long.toString(transactionProof.leafCount()),
        "the transaction's",
        Long.toString(receiptProof.leafCount()));
    expect(
        "index",
        Long.toString(transactionProof.leafIndex()),
        "the transaction proof's",
        text(answer, "index"));
    return new ProvenTransaction(
        asked,
        header.height(),
        blockHash,
        transactionProof.leafIndex(),
        transactionProof.leafCount(),
        receipt.status());
  }

  /** What was proven, in two plain lines. */
  String describe() {
    String leaf = "leaf " + leafIndex + " of " + leafCount;
    return "transaction "
        + transactionHash.hex()
        + " is committed in block "
        + height
        + " (hash "
        + blockHash.hex()
        + "): "
        + leaf
        + " under its transactions root\nits receipt ("
        + status
        + ") is "
        + leaf
        + " under its receipts root; the block's commit seal is not checked here, so compare the"
        + " block hash with one you trust";
  }

  /**
   * The proof under {@code field}: its encoding, which the decoded view beside it must match, so
   * that what a reader sees is what was checked.
   */
  private static InclusionProof proof(JsonNode answer, String field) throws Refused {
    InclusionProof proof =
        decode(InclusionProof.CODEC, field + ".encoded", hex(answer, field + ".encoded"));
    expect(
        field + ".leafIndex",
        Long.toString(proof.leafIndex()),
        "as encoded",
        text(answer, field + ".leafIndex"));
    expect(
        field + ".leafCount",
        Long.toString(proof.leafCount()),
        "as encoded",
        text(answer, field + ".leafCount"));
    JsonNode shown = node(answer, field + ".siblings");
    expect(
        field + ".siblings",
        proof.siblings().size() + " hashes",
        "as encoded",
        shown.size() + " hashes");
    for (int i = 0; i < proof.siblings().size(); i++) {
      expect(
          field + ".siblings[" + i + "]",
          proof.siblings().get(i).hex(),
          "as encoded",
          shown.get(i).asText());
    }
    return proof;
  }

  private static void leadsTo(
      CryptoSuite suite,
      String field,
      InclusionProof proof,
      byte[] leaf,
      String rootName,
      Hash root)
      throws Refused {
    Optional<Hash> found = proof.root(suite, leaf);
    if (found.isEmpty()) {
      throw new Refused(
          field
              + ": expected a path that fits leaf "
              + proof.leafIndex()
              + " of "
              + proof.leafCount()
              + ", found "
              + proof.siblings().size()
              + " siblings that do not");
    }
    if (!found.get().equals(root)) {
      throw new Refused(
          field
              + ": expected to recompute "
              + root.hex()
              + " (the "
              + rootName
              + "), found "
              + found.get().hex());
    }
  }

  private static void expect(String field, String expected, String which, String found)
      throws Refused {
    if (!expected.equals(found)) {
      throw new Refused(field + ": expected " + expected + " (" + which + "), found " + found);
    }
  }

  private static JsonNode node(JsonNode answer, String path) throws Refused {
    JsonNode node = answer;
    for (String name : path.split("\\.")) {
      node = node == null ? null : node.get(name);
    }
    if (node == null || node.isNull()) {
      throw new Refused(path + ": expected a value, found none");
    }
    return node;
  }

  private static String text(JsonNode answer, String path) throws Refused {
    return node(answer, path).asText();
  }

  private static byte[] hex(JsonNode answer, String path) throws Refused {
    try {
      return Hex.parse(path, text(answer, path));
    } catch (IllegalArgumentException e) {
      throw new Refused(e.getMessage());
    }
  }

  private static <T> T decode(Codec<T> codec, String field, byte[] bytes) throws Refused {
    try {
      return codec.decode(bytes);
    } catch (CodecException e) {
      throw new Refused(field + ": expected a canonical encoding, found " + e.getMessage());
    }
  }
}
