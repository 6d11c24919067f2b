package com.techmart.cuj.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.infrastructure.Infrastructure.K8sObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The scaled topology (k8s/scaled/): agents compute span metrics on every span, route traces by
 * trace id to a gateway tier, and the gateway keeps the traces that matter for the journeys.
 */
class ScaledTopologyTest {

  /** Processors that drop spans: none may run before the connector. */
  static final Set<String> SAMPLING_PROCESSORS = Set.of("tail_sampling", "probabilistic_sampler", "filter");

  static final Pattern LATENCY_CONDITION = Pattern.compile(
      "name == \"([^\"]+)\"(?: and attributes\\[\"cuj.name\"] == \"([^\"]+)\")? and end_time_unix_nano - start_time_unix_nano > (\\d+)");
  static final Pattern ERROR_CONDITION = Pattern.compile(
      "attributes\\[\"cuj.name\"] == \"([^\"]+)\" and status.code == STATUS_CODE_ERROR");

  static CollectorConfig agent() {
    return CollectorConfig.of(Infrastructure.only(Infrastructure.objectsIn("k8s/scaled"), "OpenTelemetryCollector", "agent"));
  }

  static CollectorConfig gateway() {
    return CollectorConfig.of(Infrastructure.only(Infrastructure.objectsIn("k8s/scaled"), "OpenTelemetryCollector", "gateway"));
  }

  @Test
  @DisplayName("agents run on every node and compute span metrics from all spans, before any sampling")
  void agentsComputeSpanMetricsBeforeSampling() {
    CollectorConfig agent = agent();
    assertThat(agent.resource().at("spec", "mode")).isEqualTo("daemonset");
    CollectorConfig.Pipeline traces = agent.pipeline("traces");

    assertThat(traces.exporters()).contains("spanmetrics", "loadbalancing");
    assertThat(agent.section("processors").keySet().stream().map(CollectorConfig::type))
        .doesNotContainAnyElementsOf(SAMPLING_PROCESSORS);
    assertThat(agent.pipeline("metrics").receivers()).contains("spanmetrics");
    // Same connector as the single collector: the dashboards read the same series either way.
    assertThat(agent.component("connectors", "spanmetrics"))
        .isEqualTo(CollectorConfigTest.mainCollector().component("connectors", "spanmetrics"));
  }

  @Test
  @DisplayName("pods send to their node's agent; the agent listens on that host port")
  void podsSendToTheirNodesAgent() {
    K8sObject instrumentation = Infrastructure.only(Infrastructure.objectsIn("k8s/scaled"), "Instrumentation", "cuj");
    assertThat(Yamls.string(instrumentation.body(), "spec", "exporter", "endpoint")).isEqualTo("http://$(OTEL_NODE_IP):4318");
    assertThat(Yamls.list(agent().resource().body(), "spec", "ports"))
        .anySatisfy(p -> assertThat(Yamls.map(p)).containsEntry("port", 4318).containsEntry("hostPort", 4318));
    assertThat(TelemetryWiringTest.receiverPort(agent(), "http")).isEqualTo(4318);
    K8sObject single = Infrastructure.only(Infrastructure.defaultDeployment(), "Instrumentation", "cuj");
    assertThat(Yamls.map(instrumentation.body(), "spec")).as("same settings as the single-collector Instrumentation, but the endpoint")
        .usingRecursiveComparison().ignoringFields("exporter", "java")
        .isEqualTo(Yamls.map(single.body(), "spec"));
  }

  @Test
  @DisplayName("the loadbalancing exporter routes by trace id to the gateway's headless Service and OTLP port")
  void tracesAreRoutedByTraceIdToTheGateway() {
    Map<String, Object> loadbalancing = agent().component("exporters", "loadbalancing");
    CollectorConfig gateway = gateway();

    assertThat(loadbalancing.get("routing_key")).isEqualTo("traceID");
    assertThat(Yamls.string(loadbalancing, "resolver", "dns", "hostname"))
        .isEqualTo(gateway.resource().name() + "-collector-headless." + gateway.resource().namespace() + ".svc.cluster.local");
    // A YAML string: the exporter's port field is a string and the collector decodes strictly.
    assertThat(Yamls.at(loadbalancing, "resolver", "dns", "port"))
        .isEqualTo(String.valueOf(TelemetryWiringTest.receiverPort(gateway, "grpc")));
    assertThat(Yamls.map(loadbalancing, "protocol")).containsOnlyKeys("otlp");
    assertThat((Integer) gateway.resource().at("spec", "replicas")).isGreaterThan(1);
  }

  @Test
  @DisplayName("the gateway keeps failed and slow traces of every critical journey, per the catalogue, plus a small share")
  void gatewayTailSamplesByTheCatalogue() {
    CollectorConfig gateway = gateway();
    assertThat(gateway.pipeline("traces").processors()).contains("tail_sampling");
    Map<String, Object> tailSampling = gateway.component("processors", "tail_sampling");
    List<Object> policies = Yamls.list(tailSampling, "policies");

    List<String> errorJourneys = new ArrayList<>();
    List<String> latencyTargets = new ArrayList<>();
    List<Double> baselines = new ArrayList<>();
    for (Object policy : policies) {
      switch (Yamls.string(policy, "type")) {
        case "ottl_condition" -> {
          for (Object condition : Yamls.list(policy, "ottl_condition", "span")) {
            Matcher error = ERROR_CONDITION.matcher(String.valueOf(condition));
            Matcher latency = LATENCY_CONDITION.matcher(String.valueOf(condition));
            if (error.matches()) {
              errorJourneys.add(error.group(1));
            } else if (latency.matches()) {
              String journey = latency.group(2) != null ? latency.group(2) : latency.group(1).substring("cuj.".length());
              latencyTargets.add(journey + " " + latency.group(1) + " " + latency.group(3));
            } else {
              throw new AssertionError("unrecognised sampling condition: " + condition);
            }
          }
        }
        case "probabilistic" -> baselines.add(((Number) Yamls.at(policy, "probabilistic", "sampling_percentage")).doubleValue());
        default -> throw new AssertionError("unexpected policy type in " + policy);
      }
    }

    List<JourneyCatalogueFile.Journey> critical = JourneyCatalogueFile.journeys().stream().filter(JourneyCatalogueFile.Journey::critical).toList();
    assertThat(critical).isNotEmpty();
    assertThat(errorJourneys).containsExactlyInAnyOrderElementsOf(critical.stream().map(JourneyCatalogueFile.Journey::name).toList());
    assertThat(latencyTargets).containsExactlyInAnyOrderElementsOf(critical.stream()
        .flatMap(j -> j.objectives().stream())
        .map(o -> o.journey() + " " + o.span() + " " + o.threshold().toNanos())
        .toList());
    assertThat(baselines).singleElement().satisfies(p -> assertThat(p).isGreaterThan(0).isLessThanOrEqualTo(10));

    long longestTarget = critical.stream().flatMap(j -> j.objectives().stream())
        .mapToLong(o -> o.threshold().toMillis()).max().orElseThrow();
    assertThat(JourneyCatalogueFile.duration(Yamls.string(tailSampling, "decision_wait")).toMillis())
        .as("decision_wait must outlast the longest latency target, or its breaches are judged before they end")
        .isGreaterThan(longestTarget);
  }
}
