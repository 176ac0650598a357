package io.credence.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credence.core.Event;
import io.credence.core.Hex;
import io.credence.core.crypto.CryptoSuite;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.CommitSeal;
import io.credence.ledger.chain.InclusionProof;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.chain.Transaction;
import java.util.Map;

/** The JSON views of ledger records that the API returns. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /**
   * Puts an unsigned 64-bit number (a height, a nonce, a round, as the codec stores them): above
   * 2^63-1 it is written as the JSON integer it is, never as a negative {@code long}.
   */
  public static ObjectNode putU64(ObjectNode node, String field, long value) {
    return value >= 0
        ? node.put(field, value)
        : node.put(field, new java.math.BigInteger(Long.toUnsignedString(value)));
  }

  public static ObjectNode header(CryptoSuite suite, BlockHeader h) {
    ObjectNode out = MAPPER.createObjectNode();
    putU64(out, "height", h.height());
    out.put("hash", h.hash(suite).hex());
    out.put("chainId", h.chainId());
    out.put("parentHash", h.parentHash().hex());
    out.put("proposer", Hex.of(h.proposer()));
    putU64(out, "timestampMillis", h.timestampMillis());
    out.put("transactionsRoot", h.transactionsRoot().hex());
    out.put("receiptsRoot", h.receiptsRoot().hex());
    out.put("stateRoot", h.stateRoot().hex());
    ArrayNode signatures = out.putArray("seal");
    for (CommitSeal.Signature s : h.seal().signatures()) {
      signatures
          .addObject()
          .put("validator", Hex.of(s.validator()))
          .put("signature", Hex.of(s.signature()));
    }
    out.put("encoded", Hex.of(h.encode()));
    return out;
  }

  /** An inclusion proof: its canonical encoding, and the same fields decoded for reading. */
  public static ObjectNode inclusionProof(InclusionProof p) {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("encoded", Hex.of(InclusionProof.CODEC.encode(p)));
    out.put("leafIndex", p.leafIndex());
    out.put("leafCount", p.leafCount());
    ArrayNode siblings = out.putArray("siblings");
    p.siblings().forEach(h -> siblings.add(h.hex()));
    return out;
  }

  public static ObjectNode transaction(CryptoSuite suite, Transaction t) {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("hash", t.hash(suite).hex());
    out.put("chainId", t.chainId());
    out.put("sender", Hex.of(t.sender()));
    out.put("senderAddress", t.senderAddress(suite).hex());
    putU64(out, "nonce", t.nonce());
    putU64(out, "expiryHeight", t.expiryHeight());
    out.put("contract", t.call().contract());
    out.put("method", t.call().method());
    // Arguments by the method's declaration; bytes in hex when no declaration reads them.
    var plain = io.credence.execution.Runtime.decodeArguments(t.call());
    if (plain.isPresent()) {
      out.set("args", MAPPER.valueToTree(plain.get()));
    } else {
      out.put("argsHex", Hex.of(t.call().args()));
    }
    out.put("signature", Hex.of(t.signature()));
    return out;
  }

  /** An event: its contract, its name and its attributes in key order. */
  public static ObjectNode event(Event e) {
    ObjectNode out = MAPPER.createObjectNode().put("contract", e.contract()).put("name", e.name());
    ObjectNode attributes = out.putObject("attributes");
    for (Map.Entry<String, String> a : e.attributes().entrySet()) {
      attributes.put(a.getKey(), a.getValue());
    }
    return out;
  }

  public static ObjectNode receipt(Receipt r) {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("transactionHash", r.transactionHash().hex());
    out.put("status", r.status().name());
    ArrayNode events = out.putArray("events");
    for (Event e : r.events()) {
      events.add(event(e));
    }
    out.putObject("cost")
        .put("stateReads", r.cost().stateReads())
        .put("stateWrites", r.cost().stateWrites())
        .put("bytesWritten", r.cost().bytesWritten());
    if (!r.isSuccess()) {
      out.put("rejectionCode", r.rejectionCode());
      out.put("rejectionMessage", r.rejectionMessage());
    }
    return out;
  }
}
