package io.credence.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.credence.api.epcis.Epcis;
import io.credence.app.client.ApiClient;
import io.credence.app.config.ConfigException;
import io.credence.app.config.KeyFileIo;
import io.credence.core.Call;
import io.credence.core.crypto.KeyPair;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code credence trace}: goods, custody and recalls, in GS1 EPCIS 2.0. */
@Command(
    name = "trace",
    description =
        "Traceability: register products and locations, capture EPCIS 2.0 events, follow goods.",
    subcommands = {
      TraceCommand.Product.class,
      TraceCommand.Location.class,
      TraceCommand.Capture.class,
      TraceCommand.Custody.class,
      TraceCommand.Backward.class,
      TraceCommand.Forward.class,
      TraceCommand.Recall.class,
      TraceCommand.Events.class
    })
public final class TraceCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The biggest EPCIS document read, in bytes. */
  static final long DOCUMENT_BYTES_MAX = 4L * 1024 * 1024;

  abstract static class TraceStep extends FinanceCommand.Step {
    @Override
    String contract() {
      return "trace";
    }
  }

  @Command(name = "product", description = "Register a product of yours by its GTIN")
  static final class Product extends TraceStep {
    @Option(names = "--gtin", required = true, description = "its GTIN (with check digit)")
    String gtin;

    @Option(names = "--name", required = true, description = "its name")
    String name;

    @Override
    String method() {
      return "registerProduct";
    }

    @Override
    Map<String, Object> arguments() {
      return Map.of("gtin", gtin, "name", name);
    }
  }

  @Command(
      name = "location",
      description = "Register a location of yours (or your organisation as a party) by its GLN")
  static final class Location extends TraceStep {
    @Option(
        names = "--gln",
        required = true,
        description = "its GLN (13 digits) or SGLN (urn:epc:id:sgln:...)")
    String gln;

    @Option(names = "--name", required = true, description = "its name")
    String name;

    @Override
    String method() {
      return "registerLocation";
    }

    @Override
    Map<String, Object> arguments() {
      return Map.of("gln", gln, "name", name);
    }
  }

  /** Reads an EPCIS document and records each event, in order, stopping at the first refusal. */
  @Command(
      name = "capture",
      description =
          "Record the events of an EPCIS 2.0 JSON(-LD) document (or one event), each signed by"
              + " you, in order; stops at the first refused")
  static final class Capture implements Callable<Integer> {
    @Mixin FinanceCommand.Sender sender;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--file", required = true, description = "the EPCIS document (JSON)")
    Path file;

    @Override
    public Integer call() throws IOException, ConfigException {
      if (!Files.isRegularFile(file)) {
        throw new UserError("--file: expected an EPCIS document, found no file " + file);
      }
      if (Files.size(file) > DOCUMENT_BYTES_MAX) {
        throw new UserError(
            "--file: expected at most " + DOCUMENT_BYTES_MAX + " bytes, found " + Files.size(file));
      }
      JsonNode document;
      try {
        document = new ObjectMapper().readTree(file.toFile());
      } catch (IOException e) {
        throw new UserError("--file: expected JSON, found " + e.getMessage());
      }
      List<Map<String, Object>> events;
      try {
        events = Epcis.captureArguments(document);
      } catch (Epcis.EpcisException e) {
        throw new UserError(file + ": " + e.getMessage());
      }
      ApiClient client = new ApiClient(sender.node);
      KeyPair key = KeyFileIo.read(sender.key, sender.passphraseFile);
      var catalogue = Catalogue.fetch(client);
      PrintWriter out = spec.commandLine().getOut();
      for (int i = 0; i < events.size(); i++) {
        Call call = TxCommand.encodeCall("trace", "capture", events.get(i), catalogue);
        JsonNode answer;
        try {
          answer = FinanceCommand.Step.submit(client, key, call);
        } catch (ApiClient.ApiException e) {
          spec.commandLine()
              .getErr()
              .println("credence: event " + (i + 1) + ": rejected: " + e.getMessage());
          return Failures.EXIT_REFUSED;
        }
        if (!FinanceCommand.Step.succeeded(answer)) {
          out.println(
              "event "
                  + (i + 1)
                  + " of "
                  + events.size()
                  + ": "
                  + FinanceCommand.Step.words(answer));
          out.println((i) + " of " + events.size() + " events recorded before it");
          out.flush();
          return Failures.EXIT_REFUSED;
        }
        JsonNode captured = null;
        for (JsonNode e : answer.path("receipt").path("events")) {
          if (e.path("name").asText().equals("EventCaptured")) {
            captured = e.path("attributes");
          }
        }
        out.printf(
            Locale.ROOT,
            "event %d of %d: recorded as trace event %s (%s, %s), block %s%n",
            i + 1,
            events.size(),
            captured == null ? "?" : captured.path("event").asText(),
            captured == null ? "" : captured.path("custody").asText().toLowerCase(Locale.ROOT),
            events.get(i).get("type").toString().toLowerCase(Locale.ROOT),
            answer.path("height").asText());
      }
      out.flush();
      return 0;
    }
  }

  abstract static class TraceRead extends FinanceCommand.Read {
    @Option(names = "--epc", required = true, description = "the thing's EPC URI or Digital Link")
    String epc;

    @Override
    String contract() {
      return "trace";
    }
  }

  @Command(name = "custody", description = "A thing: where it is, and each event that moved it")
  static final class Custody extends TraceRead {
    @Override
    void read(ApiClient client, PrintWriter out) throws IOException, ApiClient.ApiException {
      JsonNode thing = ask(client, "object", Map.of("epc", epc)).path("answer");
      JsonNode custody = ask(client, "custody", Map.of("epc", epc)).path("answer");
      if (json) {
        printJson(out, List.of(thing, custody));
        return;
      }
      out.println(thing.path("epc").asText());
      String status = thing.path("status").asText();
      out.println(
          "  "
              + (status.equals("IN_TRANSIT")
                  ? "in transit from "
                      + thing.path("holder").asText()
                      + " to "
                      + thing.path("inTransitTo").asText()
                  : status.equals("ACTIVE")
                      ? "held by "
                          + thing.path("holder").asText()
                          + " at "
                          + thing.path("location").asText()
                      : "inactive (last held by " + thing.path("holder").asText() + ")"));
      if (!thing.path("parent").asText().isEmpty()) {
        out.println("  packed in " + thing.path("parent").asText());
      }
      for (JsonNode s : custody.path("steps")) {
        out.printf(
            Locale.ROOT,
            "  event %-5s %-14s by %s%s (block %s)%n",
            s.path("event").asText(),
            s.path("bizStep").asText(),
            s.path("signer").asText(),
            s.path("bizLocation").asText().isEmpty() ? "" : " at " + s.path("bizLocation").asText(),
            s.path("height").asText());
      }
    }
  }

  abstract static class Walk extends TraceRead {
    @Option(
        names = "--depth",
        defaultValue = "16",
        description = "the most steps to walk (default: ${DEFAULT-VALUE}, at most 64)")
    long depth;

    @Option(
        names = "--nodes",
        defaultValue = "1000",
        description = "the most things to visit (default: ${DEFAULT-VALUE}, at most 1000)")
    long nodes;

    JsonNode walk(ApiClient client, String query) throws IOException, ApiClient.ApiException {
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("epc", epc);
      args.put("depthMax", Long.toString(depth));
      args.put("nodesMax", Long.toString(nodes));
      return ask(client, query, args).path("answer");
    }

    static void cut(JsonNode answer, PrintWriter out) {
      if (answer.path("cut").asBoolean()) {
        out.println(
            "  CUT: "
                + answer.path("cutBecause").asText()
                + "; the answer is partial (raise"
                + " --depth or --nodes)");
      }
    }
  }

  @Command(name = "backward", description = "What went into a thing: lots, farms and plants")
  static final class Backward extends Walk {
    @Override
    void read(ApiClient client, PrintWriter out) throws IOException, ApiClient.ApiException {
      JsonNode answer = walk(client, "backward");
      if (json) {
        printJson(out, List.of(answer));
        return;
      }
      out.println(answer.path("epc").asText() + " was made from:");
      for (JsonNode r : answer.path("reached")) {
        out.printf(
            Locale.ROOT,
            "  %s%s  (commissioned by %s at %s)%n",
            "  ".repeat((int) r.path("depth").asLong() - 1),
            r.path("epc").asText(),
            r.path("commissionedBy").asText(),
            r.path("commissionedAt").asText());
      }
      cut(answer, out);
    }
  }

  @Command(
      name = "forward",
      description =
          "Forward trace: everything made from a thing or shipped with it, and who holds each"
              + " now (the recall list, before a recall)")
  static final class Forward extends Walk {
    @Override
    void read(ApiClient client, PrintWriter out) throws IOException, ApiClient.ApiException {
      JsonNode answer = walk(client, "forward");
      if (json) {
        printJson(out, List.of(answer));
        return;
      }
      out.println("recall of " + answer.path("epc").asText() + ":");
      for (JsonNode r : answer.path("reached")) {
        String status = r.path("status").asText();
        out.printf(
            Locale.ROOT,
            "  %-48s %s%n",
            r.path("epc").asText(),
            status.equals("IN_TRANSIT")
                ? "in transit to " + r.path("inTransitTo").asText()
                : status.equals("ACTIVE")
                    ? "held by " + r.path("holder").asText() + " at " + r.path("location").asText()
                    : "used up or decommissioned");
      }
      out.println("  holders to contact: " + String.join(", ", strings(answer.path("holders"))));
      cut(answer, out);
    }

    private static List<String> strings(JsonNode list) {
      List<String> out = new java.util.ArrayList<>();
      list.forEach(n -> out.add(n.asText()));
      return out;
    }
  }

  /** Issues a recall: the chain marks what it reaches and the certificates of those goods. */
  @Command(
      name = "recall",
      description =
          "Recall a thing (your product's, or as a regulator): the chain marks everything made"
              + " from it or shipped with it, names who holds each, and the certificates whose"
              + " trade those goods were")
  static final class Recall extends TraceStep {
    @Option(names = "--epc", required = true, description = "the thing's EPC URI or Digital Link")
    String epc;

    @Option(names = "--reason", required = true, description = "why, in words")
    String reason;

    @Override
    String method() {
      return "recall";
    }

    @Override
    Map<String, Object> arguments() {
      return Map.of("epc", epc, "reason", reason);
    }

    @Override
    boolean print(JsonNode answer) throws IOException {
      boolean ok = printPlain(answer);
      if (!ok || sender.json) {
        return ok;
      }
      String recall = "";
      for (JsonNode e : answer.path("receipt").path("events")) {
        if (e.path("name").asText().equals("RecallIssued")) {
          recall = e.path("attributes").path("recall").asText();
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      try {
        JsonNode r =
            new ApiClient(sender.node)
                .get("/v1/query/finance/recall?recall=" + recall)
                .path("answer");
        out.println(
            "recall "
                + recall
                + ": "
                + r.path("things").asText()
                + " things; holders to contact: "
                + String.join(", ", Recall.texts(r.path("holders"))));
        for (JsonNode c : r.path("certificates")) {
          out.println("  certificate " + c.asText() + " is marked");
        }
        if (r.path("cut").asBoolean()) {
          out.println("  CUT: a limit shortened the walk or the list; the answer is partial");
        }
      } catch (ApiClient.ApiException e) {
        out.println("recall " + recall + ": " + e.getMessage());
      }
      out.flush();
      return true;
    }

    static List<String> texts(JsonNode list) {
      List<String> out = new java.util.ArrayList<>();
      list.forEach(n -> out.add(n.asText()));
      return out;
    }
  }

  @Command(
      name = "events",
      description = "The events that moved a thing, as an EPCIS 2.0 JSON document")
  static final class Events extends TraceRead {
    @Override
    void read(ApiClient client, PrintWriter out) throws IOException, ApiClient.ApiException {
      JsonNode doc =
          client.get(
              "/v1/epcis/events?epc="
                  + java.net.URLEncoder.encode(epc, java.nio.charset.StandardCharsets.UTF_8));
      out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    }
  }
}
