package io.credence.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Plain-words rendering of the API's transaction answers. */
final class Receipts {
  private Receipts() {}

  static String describe(JsonNode answer) {
    StringBuilder out = new StringBuilder();
    String hash = answer.path("hash").asText();
    if (!"COMMITTED".equals(answer.path("status").asText())) {
      return "transaction " + hash + ": accepted, waiting for a block";
    }
    JsonNode receipt = answer.get("receipt");
    out.append("transaction ")
        .append(hash)
        .append(": committed in block ")
        .append(Long.toUnsignedString(answer.path("height").asLong()))
        .append(", ")
        .append(receipt.path("status").asText());
    if ("FAILED".equals(receipt.path("status").asText())) {
      out.append(" (")
          .append(receipt.path("rejectionCode").asText())
          .append(": ")
          .append(receipt.path("rejectionMessage").asText())
          .append(")");
    }
    for (JsonNode event : receipt.path("events")) {
      out.append("\n  event ")
          .append(event.path("contract").asText())
          .append('.')
          .append(event.path("name").asText());
      for (Map.Entry<String, JsonNode> f : event.path("attributes").properties()) {
        out.append(' ').append(f.getKey()).append('=').append(f.getValue().asText());
      }
    }
    JsonNode cost = receipt.path("cost");
    out.append("\n  cost: ")
        .append(cost.path("stateReads").asLong())
        .append(" reads, ")
        .append(cost.path("stateWrites").asLong())
        .append(" writes, ")
        .append(cost.path("bytesWritten").asLong())
        .append(" bytes written");
    return out.toString();
  }
}
