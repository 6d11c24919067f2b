package com.techmart.cuj.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter under the real OpenTelemetry Java agent (from Maven Central, no cuj extension): runs
 * {@link AgentShopProgram} in a child JVM with {@code -javaagent}, spans exported as OTLP JSON on
 * the process output. Here the agent makes the server span and extracts the context; the filter
 * must use that span, not make a second one, and still apply the trust policy itself.
 */
class JourneyFilterAgentIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SERVER = 2;
  private static final String FILTER_SCOPE = "com.techmart.cuj.servlet";

  record ExportedSpan(String scope, String name, int kind, String traceId, String spanId, String parentSpanId,
      int statusCode, Map<String, JsonNode> attributes) {
    String string(String key) {
      JsonNode v = attributes.get(key);
      return v == null ? null : v.path("stringValue").asText(null);
    }

    Boolean bool(String key) {
      JsonNode v = attributes.get(key);
      return v == null || !v.has("boolValue") ? null : v.get("boolValue").asBoolean();
    }
  }

  record Answer(int status, String correlationId, Map<String, String> body) {}

  static final List<ExportedSpan> spans = new ArrayList<>();
  static final Map<String, Answer> answers = new HashMap<>();
  static String output;

  @BeforeAll
  static void runTheShopUnderTheAgent(@TempDir Path dir) throws Exception {
    // Set by failsafe, which copies the agent (named with its version) in pre-integration-test.
    assumeTrue(System.getProperty("cuj.test.agent") != null, "runs in the integration-test phase (failsafe)");
    Path agent = Path.of(System.getProperty("cuj.test.agent"));
    assertThat(agent).as("java agent copied by the build (maven-dependency-plugin)").isRegularFile();
    Path log = dir.resolve("program.log");
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-javaagent:" + agent,
        "-Dotel.service.name=servlet-shop",
        "-Dotel.traces.exporter=logging-otlp",
        "-Dotel.metrics.exporter=none",
        "-Dotel.logs.exporter=none",
        "-Dotel.bsp.schedule.delay=50",
        "-cp", System.getProperty("java.class.path"),
        AgentShopProgram.class.getName());
    // stdout and stderr go to separate files: the logging-otlp exporter writes a batch longer than
    // 8 KB to stderr in more than one write, and a println on stdout between them cut a JSON line.
    Path errors = dir.resolve("program.err");
    Process process = new ProcessBuilder(command).redirectOutput(log.toFile()).redirectError(errors.toFile()).start();
    boolean exited = process.waitFor(3, TimeUnit.MINUTES);
    output = Files.readString(log, StandardCharsets.UTF_8) + System.lineSeparator()
        + Files.readString(errors, StandardCharsets.UTF_8);
    if (!exited) {
      process.destroyForcibly();
    }
    assertThat(exited).as("program finished; output:%n%s", output).isTrue();
    assertThat(process.exitValue()).as("exit code; output:%n%s", output).isZero();
    assertThat(output).contains("agent-shop-program: done");
    for (String line : output.split("\\R")) {
      int json = line.indexOf("{\"resource");
      if (json >= 0) {
        collect(JSON.readTree(line.substring(json)));
      }
      if (line.startsWith("answer ")) {
        String[] parts = line.split(" ", 5);
        Map<String, String> body = new LinkedHashMap<>();
        for (String kv : parts.length > 4 ? parts[4].split(";") : new String[0]) {
          int eq = kv.indexOf('=');
          if (eq > 0) {
            body.put(kv.substring(0, eq), kv.substring(eq + 1));
          }
        }
        answers.put(parts[1], new Answer(Integer.parseInt(parts[2]), parts[3], body));
      }
    }
    assertThat(spans).as("exported spans; output:%n%s", output).isNotEmpty();
  }

  private static void collect(JsonNode batch) {
    JsonNode resourceSpans = batch.has("resourceSpans") ? batch.get("resourceSpans") : JSON.createArrayNode().add(batch);
    for (JsonNode rs : resourceSpans) {
      for (JsonNode ss : rs.path("scopeSpans")) {
        String scope = ss.path("scope").path("name").asText();
        for (JsonNode s : ss.path("spans")) {
          Map<String, JsonNode> attributes = new LinkedHashMap<>();
          s.path("attributes").forEach(a -> attributes.put(a.get("key").asText(), a.get("value")));
          spans.add(new ExportedSpan(scope, s.path("name").asText(), s.path("kind").asInt(),
              s.path("traceId").asText(), s.path("spanId").asText(), s.path("parentSpanId").asText(""),
              s.path("status").path("code").asInt(0), attributes));
        }
      }
    }
  }

  /** The one server span for {@code path} in the trace (the agent's HTTP client span is its parent). */
  private static ExportedSpan server(String traceId, String path) {
    List<ExportedSpan> servers = spans.stream()
        .filter(s -> s.kind() == SERVER && s.traceId().equals(traceId) && path.equals(s.string("url.path")))
        .toList();
    assertThat(servers).as("one server span for %s in trace %s:%n%s", path, traceId, describe()).hasSize(1);
    return servers.get(0);
  }

  private static ExportedSpan journey(String name) {
    return spans.stream().filter(s -> s.name().equals("cuj." + name)).findFirst()
        .orElseThrow(() -> new AssertionError("no cuj." + name + " span:\n" + describe()));
  }

  private static String describe() {
    return spans.stream()
        .map(s -> s.scope() + " " + s.name() + " kind=" + s.kind() + " trace=" + s.traceId() + " " + s.attributes().keySet())
        .collect(Collectors.joining("\n"));
  }

  @Test
  void theAgentsServerSpanIsStampedAndTheFilterMakesNoSecondOne() {
    Answer answer = answers.get("checkout");
    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.body()).containsEntry("journey", "checkout");
    ExportedSpan server = server(answer.body().get("trace"), "/api/orders");
    ExportedSpan journey = journey("checkout");

    assertThat(server.scope()).as("made by the agent").isNotEqualTo(FILTER_SCOPE);
    assertThat(server.string("cuj.name")).isEqualTo("checkout");
    assertThat(server.bool("cuj.critical")).isTrue();
    assertThat(server.string("correlation.id")).isEqualTo(answer.correlationId());
    assertThat(journey.parentSpanId()).isEqualTo(server.spanId());
    assertThat(journey.statusCode()).as("STATUS_CODE_OK").isEqualTo(1);
    assertThat(spans).noneMatch(s -> s.scope().equals(FILTER_SCOPE));
  }

  @Test
  void aKnownJourneyFromUpstreamIsAcceptedAndAForgedOneIsNot() {
    assertThat(answers.get("known").body()).containsEntry("journey", "order-lookup");
    ExportedSpan known = server(answers.get("known").body().get("trace"), "/health");
    assertThat(known.string("cuj.name")).isEqualTo("order-lookup");
    assertThat(known.bool("cuj.critical")).as("the catalogue's flag, not the caller's").isFalse();

    assertThat(answers.get("forged").body()).containsEntry("journey", "none");
    assertThat(server(answers.get("forged").body().get("trace"), "/health").string("cuj.name")).isNull();
    assertThat(spans).allSatisfy(s -> assertThat(s.string("cuj.name")).isNotEqualTo("forged-journey"));
  }

  @Test
  void theCorrelationIdReachesTheDownstreamServiceThroughTheAgentsClient() {
    Answer answer = answers.get("downstream");
    assertThat(answer.correlationId()).isEqualTo("agent-corr-1");
    assertThat(answer.body()).containsEntry("mdc", "agent-corr-1").containsEntry("correlation", "agent-corr-1");
    assertThat(answer.body().get("downstream")).contains("correlation.id=agent-corr-1");
    List<ExportedSpan> serversInTrace = spans.stream()
        .filter(s -> s.kind() == SERVER && s.traceId().equals(answer.body().get("trace"))).toList();
    assertThat(serversInTrace).hasSize(2)
        .allSatisfy(s -> assertThat(s.string("correlation.id")).isEqualTo("agent-corr-1"));
  }

  @Test
  void anAsyncRequestsJourneyEndsOkUnderTheAgentsServerSpan() {
    Answer answer = answers.get("async");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).containsEntry("journey", "reporting");
    ExportedSpan journey = journey("reporting");
    assertThat(journey.parentSpanId()).isEqualTo(server(answer.body().get("trace"), "/api/reports/r1").spanId());
    assertThat(journey.statusCode()).isEqualTo(1);
    assertThat(journey.string("cuj.outcome")).isEqualTo("success");
  }
}
