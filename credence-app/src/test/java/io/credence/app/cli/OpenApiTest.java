package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credence.api.ApiLimits;
import io.credence.api.ApiServer;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document a node serves at {@code GET /v1/openapi.json}: it describes every route the
 * API registers and no other, it is a valid OpenAPI 3.1 document, every error it describes is
 * problem+json, and the limits it names have the node's values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OpenApiTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)\\}");

  /** The keywords that bound a value, one of which a node marked {@code x-limit} carries. */
  private static final List<String> BOUNDS = List.of("maximum", "maxItems", "maxLength");

  private DevNode dev;
  private String text;
  private JsonNode document;
  private List<String> routes;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    dev = new DevNode(dir.resolve("c"), 1);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(dev.url() + "/v1/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertEquals(200, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
    text = r.body();
    document = MAPPER.readTree(text);
    // The same routes as the node's own API: every ApiServer registers them in its constructor.
    try (ApiServer api = new ApiServer(dev.node.runner())) {
      routes = api.routes();
    }
  }

  @AfterAll
  void stop() {
    dev.close();
  }

  @Test
  void everyRouteTheServerRegisters_isDescribed_andNoOther() {
    assertTrue(routes.contains("GET /v1/events/stream"), routes.toString());
    assertTrue(routes.size() >= 14, routes.toString());
    assertEquals(List.of(), differences(routes, document));
  }

  @Test
  void differences_nameARouteLeftOut_andAPathNotServed() {
    // The check above can fail: a document missing a route, or naming one more, is caught.
    ObjectNode planted = document.deepCopy();
    ((ObjectNode) planted.get("paths")).remove("/v1/status");
    ((ObjectNode) planted.get("paths"))
        .set("/v1/everything", planted.get("paths").get("/v1/evidence").deepCopy());
    assertEquals(
        List.of("not in the document: GET /v1/status", "not served: GET /v1/everything"),
        differences(routes, planted));
  }

  @Test
  void document_isOpenApi31_andEveryOperationAnswers() {
    assertEquals("3.1.0", document.get("openapi").asText());
    assertEquals(ApiServer.VERSION, document.get("info").get("version").asText());
    assertFalse(document.get("info").get("title").asText().isEmpty());
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      int operations = 0;
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        assertTrue(METHODS.contains(op.getKey()), path.getKey() + ": " + op.getKey());
        operations++;
        String where = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
        assertTrue(op.getValue().hasNonNull("operationId"), where);
        JsonNode responses = op.getValue().get("responses");
        assertTrue(responses != null && responses.size() > 0, where + ": no responses");
        assertTrue(
            responses.has("200") || responses.has("202"), where + ": no successful response");
        for (Map.Entry<String, JsonNode> r : responses.properties()) {
          assertTrue(r.getValue().hasNonNull("description"), where + " " + r.getKey());
        }
        assertPathParametersDeclared(where, path.getKey(), op.getValue());
      }
      assertTrue(operations > 0, path.getKey() + ": no operations");
    }
    // A maintained validator's reading of the same text: no messages, the same paths.
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(text, null, options);
    assertEquals(List.of(), parsed.getMessages());
    assertEquals("3.1.0", parsed.getOpenAPI().getOpenapi());
    assertEquals(document.get("paths").size(), parsed.getOpenAPI().getPaths().size());
  }

  @Test
  void everyErrorDescribed_isProblemJson() {
    int errors = 0;
    for (JsonNode path : document.get("paths")) {
      for (JsonNode op : path) {
        for (Map.Entry<String, JsonNode> r : op.get("responses").properties()) {
          boolean isHealthReport = op.get("operationId").asText().equals("getHealth");
          if (Integer.parseInt(r.getKey()) >= 400 && !isHealthReport) {
            errors++;
            assertEquals(
                "#/components/schemas/Problem",
                r.getValue()
                    .path("content")
                    .path("application/problem+json")
                    .path("schema")
                    .path("$ref")
                    .asText(),
                op.get("operationId").asText() + " " + r.getKey());
          }
        }
      }
    }
    assertTrue(errors > 50, errors + " error responses");
    JsonNode problem = document.get("components").get("schemas").get("Problem");
    for (String field :
        List.of(
            "type", "title", "status", "code", "detail", "field", "expected", "found", "limit")) {
      assertTrue(problem.get("properties").has(field), field);
    }
  }

  @Test
  void limitsNamedInTheDocument_haveTheNodesValues_andEveryLimitIsNamed() throws Exception {
    Map<String, Long> defaults = new TreeMap<>();
    for (RecordComponent c : ApiLimits.class.getRecordComponents()) {
      defaults.put(c.getName(), ((Number) c.getAccessor().invoke(ApiLimits.DEFAULTS)).longValue());
    }
    Set<String> named = new TreeSet<>();
    List<JsonNode> nodes = new ArrayList<>();
    collect(document, nodes);
    for (JsonNode node : nodes) {
      if (node.has("x-limits")) {
        for (Map.Entry<String, JsonNode> l : node.get("x-limits").properties()) {
          assertEquals(defaults.get(l.getKey()), l.getValue().asLong(), l.getKey());
          named.add(l.getKey());
        }
      }
      if (node.has("x-limit")) {
        String limit = node.get("x-limit").asText();
        List<String> bounds = BOUNDS.stream().filter(node::has).toList();
        assertEquals(1, bounds.size(), node.toString());
        assertEquals(defaults.get(limit), node.get(bounds.get(0)).asLong(), limit);
        named.add(limit);
      }
    }
    assertEquals(defaults.keySet(), named);
  }

  /** Routes the server registers that the document leaves out, and paths it names not served. */
  static List<String> differences(List<String> routes, JsonNode document) {
    Set<String> described = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        described.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
      }
    }
    List<String> out = new ArrayList<>();
    for (String route : routes) {
      if (!described.contains(route)) {
        out.add("not in the document: " + route);
      }
    }
    for (String route : described) {
      if (!routes.contains(route)) {
        out.add("not served: " + route);
      }
    }
    return out;
  }

  private static void assertPathParametersDeclared(String where, String path, JsonNode op) {
    Set<String> inPath = new TreeSet<>();
    Matcher m = PATH_PARAMETER.matcher(path);
    while (m.find()) {
      inPath.add(m.group(1));
    }
    Set<String> declared = new TreeSet<>();
    for (JsonNode p : op.path("parameters")) {
      if (p.get("in").asText().equals("path")) {
        assertTrue(p.get("required").asBoolean(), where + ": " + p);
        declared.add(p.get("name").asText());
      }
      assertTrue(p.has("schema"), where + ": " + p);
    }
    assertEquals(inPath, declared, where);
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (node.isObject()) {
      out.add(node);
    }
    node.forEach(child -> collect(child, out));
  }
}
