package com.techmart.cuj.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The collector configurations (single collector and the scaled agent/gateway tiers), checked
 * structurally: no collector binary can run here, so this is what stands between a typo and a
 * collector that refuses to start, or silently drops a signal.
 */
class CollectorConfigTest {

  /** The contract's histogram boundaries, in milliseconds. */
  static final List<Long> CONTRACT_BUCKETS_MS =
      List.of(5L, 10L, 25L, 50L, 100L, 250L, 300L, 400L, 500L, 1000L, 2500L, 5000L, 10000L, 30000L);

  /** The contract's connector dimensions (span attributes). */
  static final List<String> CONTRACT_DIMENSIONS = List.of(
      "cuj.name", "cuj.outcome", "http.route", "http.request.method", "http.response.status_code",
      "db.system", "server.address");

  static final DocumentedFields SPANMETRICS = DocumentedFields.resource("spanmetrics-connector-fields.yaml");

  static Stream<CollectorConfig> collectors() {
    return CollectorConfig.all(Infrastructure.objects()).stream();
  }

  static Stream<CollectorConfig> collectorsWithSpanMetrics() {
    return collectors().filter(c -> !c.section("connectors").isEmpty());
  }

  static CollectorConfig mainCollector() {
    return CollectorConfig.of(Infrastructure.only(Infrastructure.defaultDeployment(), "OpenTelemetryCollector", "otel"));
  }

  @Test
  void thereAreThreeCollectors() {
    assertThat(collectors().map(c -> c.resource().name())).containsExactlyInAnyOrder("otel", "agent", "gateway");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("collectors")
  @DisplayName("every component a pipeline names is defined, and every defined component is used")
  void componentsAreDefinedAndUsed(CollectorConfig collector) {
    Set<String> used = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    for (CollectorConfig.Pipeline pipeline : collector.pipelines().values()) {
      assertThat(List.of("traces", "metrics", "logs")).as("signal of pipeline " + pipeline.name()).contains(pipeline.signal());
      assertThat(pipeline.receivers()).as(pipeline.name() + " receivers").isNotEmpty();
      assertThat(pipeline.exporters()).as(pipeline.name() + " exporters").isNotEmpty();
      for (String id : pipeline.receivers()) {
        requireDefined(collector, id, List.of("receivers", "connectors"), pipeline, problems);
      }
      for (String id : pipeline.processors()) {
        requireDefined(collector, id, List.of("processors"), pipeline, problems);
      }
      for (String id : pipeline.exporters()) {
        requireDefined(collector, id, List.of("exporters", "connectors"), pipeline, problems);
      }
      used.addAll(pipeline.receivers());
      used.addAll(pipeline.processors());
      used.addAll(pipeline.exporters());
    }
    used.addAll(collector.serviceExtensions());
    for (String section : List.of("receivers", "processors", "exporters", "connectors", "extensions")) {
      for (String id : collector.section(section).keySet()) {
        if (!used.contains(id)) {
          problems.add(section + "." + id + " is defined but no pipeline (or service.extensions) uses it");
        }
      }
    }
    for (String id : collector.serviceExtensions()) {
      if (!collector.section("extensions").containsKey(id)) {
        problems.add("service.extensions names " + id + " but extensions does not define it");
      }
    }
    assertThat(problems).as(collector.toString()).isEmpty();
  }

  private static void requireDefined(CollectorConfig collector, String id, List<String> sections,
      CollectorConfig.Pipeline pipeline, List<String> problems) {
    if (sections.stream().noneMatch(s -> collector.section(s).containsKey(id))) {
      problems.add("pipeline " + pipeline.name() + " uses " + id + ", which no section of " + sections + " defines");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("collectors")
  @DisplayName("memory_limiter comes first and batch last in every pipeline")
  void memoryLimiterFirstBatchLast(CollectorConfig collector) {
    for (CollectorConfig.Pipeline pipeline : collector.pipelines().values()) {
      assertThat(pipeline.processors()).as(collector + " " + pipeline.name()).isNotEmpty();
      assertThat(CollectorConfig.type(pipeline.processors().get(0))).as(collector + " " + pipeline.name() + " first processor")
          .isEqualTo("memory_limiter");
      assertThat(CollectorConfig.type(pipeline.processors().get(pipeline.processors().size() - 1)))
          .as(collector + " " + pipeline.name() + " last processor").isEqualTo("batch");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("collectors")
  @DisplayName("exporters authenticate with an extension the service starts; env references are provided")
  void authenticatorsAndEnvironment(CollectorConfig collector) {
    collector.section("exporters").forEach((id, body) -> {
      String authenticator = Yamls.string(body, "auth", "authenticator");
      if (authenticator != null) {
        assertThat(collector.serviceExtensions()).as(id + " authenticator").contains(authenticator);
      }
    });
    Set<String> declared = new LinkedHashSet<>();
    Yamls.list(collector.resource().body(), "spec", "env").forEach(e -> declared.add(Yamls.string(e, "name")));
    Matcher reference = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}").matcher(String.valueOf(collector.config()));
    Set<String> referenced = new LinkedHashSet<>();
    while (reference.find()) {
      referenced.add(reference.group(1));
    }
    assertThat(declared).as(collector + ": env variables the config reads (${env:...}) must be in spec.env")
        .containsAll(referenced);
  }

  @Test
  @DisplayName("single collector: traces feed the spanmetrics connector, metrics receive from it")
  void tracesFeedTheConnectorAndMetricsReceiveFromIt() {
    CollectorConfig collector = mainCollector();

    assertThat(collector.section("connectors")).containsOnlyKeys(SPANMETRICS.type());
    assertThat(collector.pipeline("traces").exporters()).contains("spanmetrics");
    assertThat(collector.pipeline("metrics").receivers()).contains("spanmetrics", "otlp");
    assertThat(collector.pipelines().values().stream()
        .filter(p -> p.receivers().contains("spanmetrics"))
        .map(CollectorConfig.Pipeline::signal)).containsOnly("metrics");
    assertThat(collector.pipelines().values().stream()
        .filter(p -> p.exporters().contains("spanmetrics"))
        .map(CollectorConfig.Pipeline::signal)).containsOnly("traces");
  }

  @Test
  @DisplayName("single collector: traces, metrics and logs go to Grafana Cloud over OTLP/HTTP with basic auth")
  void everySignalGoesToGrafanaCloud() {
    CollectorConfig collector = mainCollector();
    for (String signal : List.of("traces", "metrics", "logs")) {
      List<String> exporters = collector.pipeline(signal).exporters().stream()
          .filter(id -> collector.section("exporters").containsKey(id)).toList();
      assertThat(exporters).as(signal).singleElement()
          .satisfies(id -> assertThat(CollectorConfig.type(id)).isEqualTo("otlphttp"));
      Map<String, Object> exporter = collector.component("exporters", exporters.get(0));
      assertThat(Yamls.string(exporter, "endpoint")).isEqualTo("${env:GRAFANA_CLOUD_OTLP_ENDPOINT}");
      String authenticator = Yamls.string(exporter, "auth", "authenticator");
      assertThat(CollectorConfig.type(authenticator)).isEqualTo("basicauth");
      assertThat(collector.component("extensions", authenticator)).isEqualTo(Map.of("client_auth", Map.of(
          "username", "${env:GRAFANA_CLOUD_INSTANCE_ID}", "password", "${env:GRAFANA_CLOUD_API_TOKEN}")));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("collectorsWithSpanMetrics")
  @DisplayName("spanmetrics uses only documented fields, with the contract's namespace, buckets and dimensions")
  void spanMetricsConnectorFollowsTheContract(CollectorConfig collector) {
    assertThat(collector.section("connectors")).containsOnlyKeys(SPANMETRICS.type());
    Map<String, Object> connector = collector.component("connectors", SPANMETRICS.type());

    assertThat(SPANMETRICS.problems(connector))
        .as("fields outside the spanmetrics connector's documented set (collector " + SPANMETRICS.version() + ")")
        .isEmpty();
    assertThat(connector.get("namespace")).isEqualTo("techmart");
    assertThat(Yamls.string(connector, "histogram", "unit")).as("unit fixes the metric name *_milliseconds").isEqualTo("ms");
    assertThat(buckets(connector)).isEqualTo(CONTRACT_BUCKETS_MS);
    List<String> dimensions = Yamls.list(connector, "dimensions").stream().map(d -> Yamls.string(d, "name")).toList();
    assertThat(dimensions).containsExactlyElementsOf(CONTRACT_DIMENSIONS);
    assertThat(dimensions).as("the connector rejects a repeated built-in dimension")
        .doesNotContainAnyElementsOf(SPANMETRICS.builtInDimensions());
  }

  @Test
  @DisplayName("every latency threshold of the journey catalogue is a histogram boundary")
  void catalogueThresholdsAreBucketBoundaries() {
    List<Long> buckets = buckets(mainCollector().component("connectors", "spanmetrics"));
    List<JourneyCatalogueFile.Objective> objectives = JourneyCatalogueFile.journeys().stream()
        .flatMap(j -> j.objectives().stream()).toList();

    assertThat(objectives).isNotEmpty();
    assertThat(objectives).allSatisfy(o -> assertThat(buckets)
        .as(o.journey() + " " + o.span() + " threshold " + o.threshold().toMillis() + "ms")
        .contains(o.threshold().toMillis()));
  }

  @Test
  @DisplayName("the field check rejects an undocumented field and a mistyped one")
  void documentedFieldCheckRejectsUnknownFields() {
    Map<String, Object> connector = Map.of(
        "namespace", "techmart",
        "dimension", List.of(Map.of("name", "cuj.name")),          // typo of "dimensions"
        "histogram", Map.of("explicit", Map.of("buckets", List.of("5ms", "soon"))),
        "exemplars", Map.of("enabled", "yes"));

    assertThat(SPANMETRICS.problems(connector)).containsExactlyInAnyOrder(
        "dimension: not a documented field",
        "histogram.explicit.buckets[1]: expected duration, found 'soon'",
        "exemplars.enabled: expected bool, found 'yes'");
  }

  static List<Long> buckets(Map<String, Object> connector) {
    return Yamls.list(connector, "histogram", "explicit", "buckets").stream()
        .map(b -> JourneyCatalogueFile.duration(String.valueOf(b)))
        .map(Duration::toMillis)
        .toList();
  }
}
