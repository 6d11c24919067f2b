package com.techmart.cuj.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts {@link AgentProgram} in a child JVM under the real OpenTelemetry Java agent (from Maven
 * Central) with the cuj agent extension jar built by this module, exports spans as OTLP JSON to the
 * process output, and checks what a collector would receive.
 */
class AgentExtensionIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SERVER = 2;
  private static final int CLIENT = 3;

  record ExportedSpan(String name, int kind, String traceId, String spanId, String parentSpanId,
      Map<String, JsonNode> attributes, int status) {
    String string(String key) {
      JsonNode v = attributes.get(key);
      return v == null ? null : v.path("stringValue").asText(null);
    }

    Boolean bool(String key) {
      JsonNode v = attributes.get(key);
      return v == null || !v.has("boolValue") ? null : v.get("boolValue").asBoolean();
    }
  }

  static List<ExportedSpan> spans = new ArrayList<>();
  static String output;

  @BeforeAll
  static void runProgramUnderTheAgent(@TempDir Path dir) throws Exception {
    Path agent = Path.of(System.getProperty("cuj.test.agent"));
    Path extension = Path.of(System.getProperty("cuj.test.extension"));
    assertThat(agent).as("java agent copied by the build").isRegularFile();
    assertThat(extension).as("agent extension jar built by the build").isRegularFile();
    Path catalogue = Path.of(AgentExtensionIT.class.getResource("/catalogues/shop-v2.yaml").toURI());
    Path log = dir.resolve("program.log");

    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-javaagent:" + agent,
        "-Dotel.javaagent.extensions=" + extension,
        "-Dotel.service.name=agent-demo",
        "-Dotel.traces.exporter=logging-otlp",
        "-Dotel.metrics.exporter=none",
        "-Dotel.logs.exporter=none",
        "-Dotel.bsp.schedule.delay=50",
        "-Dcuj.catalogue=" + catalogue,
        "-cp", System.getProperty("java.class.path"),
        AgentProgram.class.getName());
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
    assertThat(output).contains("agent-program: done");
    for (String line : output.split("\\R")) {
      int start = line.indexOf("{\"resource");
      if (start >= 0) {
        collect(JSON.readTree(line.substring(start)));
      }
    }
    assertThat(spans).as("exported spans; output:%n%s", output).isNotEmpty();
  }

  private static void collect(JsonNode batch) {
    JsonNode resourceSpans = batch.has("resourceSpans") ? batch.get("resourceSpans") : JSON.createArrayNode().add(batch);
    for (JsonNode rs : resourceSpans) {
      for (JsonNode ss : rs.path("scopeSpans")) {
        for (JsonNode s : ss.path("spans")) {
          Map<String, JsonNode> attributes = new LinkedHashMap<>();
          s.path("attributes").forEach(a -> attributes.put(a.get("key").asText(), a.get("value")));
          spans.add(new ExportedSpan(s.path("name").asText(), s.path("kind").asInt(), s.path("traceId").asText(),
              s.path("spanId").asText(), s.path("parentSpanId").asText(""), attributes,
              s.path("status").path("code").asInt(0)));
        }
      }
    }
  }

  private static List<ExportedSpan> servers(String path) {
    return spans.stream()
        .filter(s -> s.kind() == SERVER && path.equals(s.string("url.path")))
        .collect(Collectors.toList());
  }

  /** The {@code cuj.checkout} span whose parent is the server span of {@code path}. */
  private static ExportedSpan journeyUnder(String path) {
    ExportedSpan server = servers(path).get(0);
    return spans.stream()
        .filter(s -> s.name().equals("cuj.checkout") && s.parentSpanId().equals(server.spanId())).findFirst()
        .orElseThrow(() -> new AssertionError("no cuj.checkout span under " + path + ":\n" + describe()));
  }

  private static String describe() {
    return spans.stream().map(s -> s.name() + " kind=" + s.kind() + " trace=" + s.traceId() + " " + s.attributes().keySet())
        .collect(Collectors.joining("\n"));
  }

  @Test
  void journeySpanAndStampedServerSpan() {
    ExportedSpan server = servers("/checkout").get(0);
    ExportedSpan journey = journeyUnder("/checkout");
    assertThat(journey.traceId()).isEqualTo(server.traceId());
    assertThat(server.string("cuj.name")).isEqualTo("checkout");
    assertThat(server.bool("cuj.critical")).isTrue();
  }

  @Test
  void clientCallAndDownstreamServerInsideTheJourneyCarryItsName() {
    ExportedSpan journey = journeyUnder("/checkout");
    List<ExportedSpan> sameTrace = spans.stream().filter(s -> s.traceId().equals(journey.traceId())).toList();
    ExportedSpan client = sameTrace.stream().filter(s -> s.kind() == CLIENT).findFirst()
        .orElseThrow(() -> new AssertionError("no client span in the journey's trace:\n" + describe()));
    ExportedSpan downstream = sameTrace.stream()
        .filter(s -> s.kind() == SERVER && "/reserve".equals(s.string("url.path"))).findFirst()
        .orElseThrow(() -> new AssertionError("no downstream server span:\n" + describe()));
    assertThat(client.string("cuj.name")).isEqualTo("checkout");
    assertThat(downstream.parentSpanId()).isEqualTo(client.spanId());
    assertThat(downstream.string("cuj.name")).isEqualTo("checkout");
  }

  @Test
  void anExpectedOutcomeDeclaredInTheCatalogueIsHonouredUnderTheAgent() {
    ExportedSpan journey = journeyUnder("/sold-out");
    assertThat(journey.string("cuj.outcome")).isEqualTo("expected");
    assertThat(journey.string("cuj.outcome.type")).isEqualTo("java.util.NoSuchElementException");
    assertThat(journey.status()).as("status code of the journey span, 1 = OK").isEqualTo(1);
  }

  @Test
  void forgedJourneyFromOutsideNeverBecomesAnAttribute() {
    assertThat(spans).allSatisfy(s -> assertThat(s.string("cuj.name")).isNotEqualTo("forged-journey"));
    assertThat(output).doesNotContain("\"forged-journey\"");
  }

  @Test
  void knownJourneyFromUpstreamIsAcceptedWithTheCataloguesCriticality() {
    List<ExportedSpan> lookups = servers("/reserve").stream()
        .filter(s -> "order-lookup".equals(s.string("cuj.name"))).toList();
    assertThat(lookups).as(describe()).hasSize(1);
    assertThat(lookups.get(0).bool("cuj.critical")).isFalse();
  }
}
