package io.credence.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.credence.app.client.ApiClient;
import io.credence.core.types.Type;
import io.credence.core.types.Types;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The contracts' catalogue as a client sees it (GET /v1/contracts): the CLI finds a method's
 * arguments there, checks and encodes them by their declared types, and prints help from it.
 */
final class Catalogue {
  static final ObjectMapper JSON = new ObjectMapper();

  private Catalogue() {}

  /** The node's catalogue. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> fetch(ApiClient client) throws IOException {
    try {
      Map<String, Object> answer = JSON.convertValue(client.get("/v1/contracts"), Map.class);
      return (List<Map<String, Object>>) answer.get("contracts");
    } catch (ApiClient.ApiException e) {
      throw new IOException("the node's catalogue (GET /v1/contracts): " + e.getMessage(), e);
    }
  }

  /** This release's own catalogue, for offline use. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> builtIn() {
    return JSON.convertValue(io.credence.execution.Runtime.builtInCatalogue(), List.class);
  }

  /** The argument record of {@code contract.method}, or a user error listing what exists. */
  static Type.Record signature(List<Map<String, Object>> catalogue, String contract, String name) {
    return arguments(catalogue, "methods", "CONTRACT.METHOD", contract, name);
  }

  /** The argument record of query {@code contract.name}, or a user error listing the queries. */
  static Type.Record querySignature(
      List<Map<String, Object>> catalogue, String contract, String name) {
    return arguments(catalogue, "queries", "CONTRACT.QUERY", contract, name);
  }

  /** The arguments of the entry {@code contract.name} of {@code kind} ("methods" or "queries"). */
  @SuppressWarnings("unchecked")
  private static Type.Record arguments(
      List<Map<String, Object>> catalogue,
      String kind,
      String label,
      String contract,
      String name) {
    List<String> known = new ArrayList<>();
    for (Map<String, Object> c : catalogue) {
      for (Map<String, Object> entry :
          (List<Map<String, Object>>) c.getOrDefault(kind, List.of())) {
        String full = c.get("name") + "." + entry.get("name");
        known.add(full);
        if (full.equals(contract + "." + name)) {
          List<Object> fields = new ArrayList<>();
          for (Map<String, Object> a : (List<Map<String, Object>>) entry.get("arguments")) {
            Map<String, Object> field = new java.util.LinkedHashMap<>();
            field.put("name", a.get("name"));
            field.put("type", a.get("type"));
            field.put("doc", a.get("doc"));
            if (a.get("default") != null) {
              field.put("default", a.get("default"));
            }
            fields.add(field);
          }
          return (Type.Record) Types.fromDescriptor(Map.of("type", "record", "fields", fields));
        }
      }
    }
    throw new UserError(
        label + ": expected one of " + known + ", found '" + contract + "." + name + "'");
  }

  /**
   * NAME=VALUE words as plain arguments: a value that starts with {@code [} or {@code {} is JSON
   * (a list or a record), any other is text; a name given twice or a word without {@code =} is a
   * user error.
   */
  static Map<String, Object> plainArguments(List<String> words) {
    Map<String, Object> args = new java.util.LinkedHashMap<>();
    for (String a : words) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new UserError("argument: expected NAME=VALUE, found '" + a + "'");
      }
      String name = a.substring(0, eq);
      String value = a.substring(eq + 1);
      Object plain = value;
      if (value.startsWith("[") || value.startsWith("{")) {
        try {
          plain = JSON.readValue(value, Object.class);
        } catch (IOException e) {
          throw new UserError("argument " + name + ": expected JSON, found '" + value + "'");
        }
      }
      if (args.put(name, plain) != null) {
        throw new UserError("argument " + name + ": expected once, found twice");
      }
    }
    return args;
  }

  /** Every method with its arguments and who may call it, for people. */
  @SuppressWarnings("unchecked")
  static String describe(List<Map<String, Object>> catalogue) {
    StringBuilder out = new StringBuilder();
    for (Map<String, Object> c : catalogue) {
      out.append(c.get("name")).append(": ").append(c.get("doc")).append('\n');
      for (Map<String, Object> m : (List<Map<String, Object>>) c.get("methods")) {
        Map<String, Object> access = (Map<String, Object>) m.get("access");
        out.append("  ").append(c.get("name")).append('.').append(m.get("name"));
        for (Map<String, Object> a : (List<Map<String, Object>>) m.get("arguments")) {
          out.append(' ').append(a.get("name")).append("=...");
        }
        out.append("\n      ").append(m.get("doc")).append('\n');
        for (Map<String, Object> a : (List<Map<String, Object>>) m.get("arguments")) {
          out.append("      ")
              .append(a.get("name"))
              .append(": ")
              .append(a.get("describe"))
              .append(a.get("doc") == null || "".equals(a.get("doc")) ? "" : " - " + a.get("doc"))
              .append('\n');
        }
        out.append("      who: ").append(who(access)).append('\n');
      }
      for (Map<String, Object> q :
          (List<Map<String, Object>>) c.getOrDefault("queries", List.of())) {
        out.append("  query ").append(c.get("name")).append('.').append(q.get("name"));
        for (Map<String, Object> a : (List<Map<String, Object>>) q.get("arguments")) {
          out.append(' ').append(a.get("name")).append("=...");
        }
        out.append("\n      ").append(q.get("doc")).append('\n');
        for (Map<String, Object> a : (List<Map<String, Object>>) q.get("arguments")) {
          out.append("      ")
              .append(a.get("name"))
              .append(": ")
              .append(a.get("describe"))
              .append('\n');
        }
      }
    }
    return out.toString();
  }

  @SuppressWarnings("unchecked")
  private static String who(Map<String, Object> access) {
    List<String> roles = (List<String>) access.get("accountRoles");
    List<String> orgs = (List<String>) access.get("organisationRoles");
    StringBuilder s = new StringBuilder();
    if (Boolean.TRUE.equals(access.get("makerChecker"))) {
      s.append("prepared by an OPERATOR, approved by an APPROVER of the same organisation");
    } else {
      s.append(String.join(" or ", roles));
    }
    if (!orgs.isEmpty()) {
      s.append(", of a ").append(String.join(" or ", orgs));
    }
    if (Boolean.TRUE.equals(access.get("kyc"))) {
      s.append(", KYC valid");
    }
    return s.toString();
  }
}
