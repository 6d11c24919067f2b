package com.techmart.cuj.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.infrastructure.Infrastructure.K8sObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
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

/** How the pieces of the telemetry setup point at each other: Instrumentation, collector, charts. */
class TelemetryWiringTest {

  static Map<String, Object> crdFields(String kind) {
    return Yamls.map(Yamls.load(resource("operator-crd-fields.yaml")), kind);
  }

  static java.nio.file.Path resource(String name) {
    return DashboardLabelsTest.resource(name);
  }

  @Test
  @DisplayName("the Instrumentation sends to the collector's Service on its OTLP/HTTP receiver port")
  void instrumentationEndpointIsTheCollectorsHttpReceiver() {
    List<K8sObject> objects = Infrastructure.defaultDeployment();
    K8sObject instrumentation = Infrastructure.only(objects, "Instrumentation", "cuj");
    CollectorConfig collector = CollectorConfig.of(Infrastructure.only(objects, "OpenTelemetryCollector", "otel"));
    URI endpoint = URI.create(Yamls.string(instrumentation.body(), "spec", "exporter", "endpoint"));

    // The operator names a collector's Service <name>-collector, in the collector's namespace.
    assertThat(endpoint.getHost()).isEqualTo(collector.resource().name() + "-collector."
        + collector.resource().namespace() + ".svc.cluster.local");
    assertThat(endpoint.getScheme()).isEqualTo("http");
    assertThat(instrumentationEnv(instrumentation)).containsEntry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    assertThat(endpoint.getPort()).isEqualTo(receiverPort(collector, "http"));
    assertThat(receiverPort(collector, "grpc")).isEqualTo(4317);
  }

  @Test
  @DisplayName("the Instrumentation propagates W3C trace context and baggage and keeps every span")
  void instrumentationPropagatesBaggageAndKeepsEverySpan() {
    K8sObject instrumentation = Infrastructure.only(Infrastructure.defaultDeployment(), "Instrumentation", "cuj");
    assertThat(Yamls.list(instrumentation.body(), "spec", "propagators")).containsExactly("tracecontext", "baggage");
    assertThat(Yamls.string(instrumentation.body(), "spec", "sampler", "type")).isEqualTo("parentbased_always_on");
    assertThat(Yamls.map(instrumentation.body(), "spec", "resource", "resourceAttributes"))
        .containsKeys("deployment.environment.name");
  }

  @Test
  @DisplayName("service.namespace comes from the pod annotation, the only place the operator does not override it")
  void serviceNamespaceIsSetWhereTheOperatorHonoursIt() {
    // Operator v0.136.0, internal/instrumentation/sdk.go createResourceMap: CR resource attributes
    // have the lowest precedence, and service.namespace is then set from the annotation
    // resource.opentelemetry.io/service.namespace, or else the Kubernetes namespace.
    for (K8sObject instrumentation : Infrastructure.objects().stream().filter(o -> o.kind().equals("Instrumentation")).toList()) {
      assertThat(Yamls.map(instrumentation.body(), "spec", "resource", "resourceAttributes"))
          .as(instrumentation + ": ignored by the operator").doesNotContainKey("service.namespace");
    }
    List<K8sObject> injected = Infrastructure.objects().stream()
        .filter(o -> o.kind().equals("Deployment"))
        .filter(o -> Yamls.map(o.body(), "spec", "template", "metadata", "annotations").keySet().stream()
            .anyMatch(k -> String.valueOf(k).startsWith("instrumentation.opentelemetry.io/inject-")))
        .toList();
    assertThat(injected).extracting(K8sObject::name).contains("api", "inventory", "payments");
    assertThat(injected).allSatisfy(d -> assertThat(Yamls.map(d.body(), "spec", "template", "metadata", "annotations"))
        .as(d.name()).containsEntry("resource.opentelemetry.io/service.namespace", "techmart"));
  }

  @Test
  @DisplayName("agent injection uses the OTel Java agent version the cuj artifacts are built with, plus the cuj extension")
  void agentInjectionMatchesTheBuild() throws IOException {
    K8sObject instrumentation = Infrastructure.only(Infrastructure.defaultDeployment(), "Instrumentation", "cuj");
    String rootPom = Files.readString(Infrastructure.repositoryRoot().resolve("pom.xml"));
    Matcher version = Pattern.compile("<opentelemetry-instrumentation.version>([^<]+)<").matcher(rootPom);
    assertThat(version.find()).as("root pom declares opentelemetry-instrumentation.version").isTrue();

    assertThat(Yamls.string(instrumentation.body(), "spec", "java", "image"))
        .endsWith("/autoinstrumentation-java:" + version.group(1));
    assertThat(Yamls.list(instrumentation.body(), "spec", "java", "extensions")).singleElement()
        .satisfies(e -> assertThat(Yamls.map(e)).containsKeys("image", "dir"));
    Map<String, Object> operatorValues = Yamls.load(Infrastructure.file("helm/opentelemetry-operator/values.yaml"));
    assertThat(Yamls.string(operatorValues, "manager", "autoInstrumentationImage", "java", "tag")).isEqualTo(version.group(1));
  }

  @Test
  @DisplayName("the collector reads Grafana Cloud credentials from the Secret the template describes")
  void collectorCredentialsComeFromTheTemplatedSecret() {
    K8sObject template = Infrastructure.only(Infrastructure.defaultDeployment(), "Secret", "grafana-cloud");
    Set<String> templateKeys = Yamls.map(template.body(), "stringData").keySet();
    for (CollectorConfig collector : CollectorConfig.all(Infrastructure.objects())) {
      Set<String> keys = new LinkedHashSet<>();
      for (Object env : Yamls.list(collector.resource().body(), "spec", "env")) {
        assertThat(Yamls.string(env, "valueFrom", "secretKeyRef", "name")).as(collector + " env").isEqualTo(template.name());
        keys.add(Yamls.string(env, "valueFrom", "secretKeyRef", "key"));
      }
      assertThat(keys).as(collector + " secret keys").containsExactlyInAnyOrderElementsOf(templateKeys);
      assertThat(collector.resource().namespace()).isEqualTo(template.namespace());
    }
    assertThat(SecretSources.scriptSecrets().get("observability/grafana-cloud"))
        .as("keys setup-telemetry.sh writes").containsExactlyInAnyOrderElementsOf(templateKeys);
  }

  static Stream<K8sObject> operatorResources() {
    return Infrastructure.objects().stream()
        .filter(o -> List.of("OpenTelemetryCollector", "Instrumentation").contains(o.kind()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operatorResources")
  @DisplayName("operator resources use only fields the pinned operator's CRDs define")
  void operatorResourcesMatchTheirCrd(K8sObject object) {
    Map<String, Object> crd = crdFields(object.kind());
    Map<String, Object> spec = Yamls.map(object.body(), "spec");
    assertThat(object.apiVersion()).isEqualTo(crd.get("apiVersion"));
    assertThat(Yamls.list(crd, "spec-fields")).as(object + " spec fields").containsAll(spec.keySet());
    assertThat(spec.keySet()).as(object + " required spec fields")
        .containsAll(Yamls.list(crd, "spec-required").stream().map(String::valueOf).toList());
    if ("OpenTelemetryCollector".equals(object.kind())) {
      assertThat(Yamls.map(spec, "config").keySet())
          .containsAll(Yamls.list(crd, "config-required").stream().map(String::valueOf).toList());
      assertThat(Yamls.list(crd, "mode")).contains(spec.get("mode"));
      for (Object port : Yamls.list(spec, "ports")) {
        assertThat(Yamls.list(crd, "ports-item-fields")).containsAll(Yamls.map(port).keySet());
      }
    } else {
      assertThat(Yamls.list(crd, "exporter-fields")).containsAll(Yamls.map(spec, "exporter").keySet());
      assertThat(Yamls.list(crd, "sampler-type")).contains(Yamls.string(spec, "sampler", "type"));
      assertThat(Yamls.list(crd, "propagators")).containsAll(Yamls.list(spec, "propagators"));
      assertThat(Yamls.list(crd, "resource-fields")).containsAll(Yamls.map(spec, "resource").keySet());
      assertThat(Yamls.list(crd, "java-fields")).containsAll(Yamls.map(spec, "java").keySet());
    }
  }

  @Test
  @DisplayName("Helm values set only keys the pinned charts define; the scripts pin those chart versions")
  void helmValuesMatchThePinnedCharts() throws IOException {
    Map<String, Object> charts = Yamls.load(resource("helm-chart-value-keys.yaml"));
    String script = Files.readString(Infrastructure.file("scripts/setup-telemetry.sh"));
    for (String chart : List.of("cert-manager", "opentelemetry-operator")) {
      Set<String> known = new LinkedHashSet<>();
      Yamls.list(charts, chart, "keys").forEach(k -> known.add(String.valueOf(k)));
      List<String> unknown = new ArrayList<>();
      for (String path : paths("", Yamls.load(Infrastructure.file("helm/" + chart + "/values.yaml")))) {
        if (!known.contains(path) && !underOpenMap(path, known)) {
          unknown.add(path);
        }
      }
      assertThat(unknown).as("helm/" + chart + "/values.yaml keys the chart does not define").isEmpty();
      assertThat(script).contains("--version \"$" + (chart.equals("cert-manager") ? "CERT_MANAGER" : "OPERATOR") + "_CHART_VERSION\"");
      String variable = chart.equals("cert-manager") ? "CERT_MANAGER_CHART_VERSION" : "OPERATOR_CHART_VERSION";
      assertThat(script).contains(variable + "=" + Yamls.string(charts, chart, "version"));
    }
  }

  private static boolean underOpenMap(String path, Set<String> known) {
    for (String key : known) {
      if (key.endsWith(".*") && path.startsWith(key.substring(0, key.length() - 1))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> paths(String prefix, Map<String, Object> values) {
    List<String> paths = new ArrayList<>();
    values.forEach((key, value) -> {
      String path = prefix + key;
      if (value instanceof Map<?, ?> map && !map.isEmpty()) {
        paths.addAll(paths(path + ".", Yamls.asMap(value)));
      } else {
        paths.add(path);
      }
    });
    return paths;
  }

  static int receiverPort(CollectorConfig collector, String protocol) {
    String endpoint = Yamls.string(collector.component("receivers", "otlp"), "protocols", protocol, "endpoint");
    assertThat(endpoint).as(collector + " otlp " + protocol + " endpoint").isNotNull();
    return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
  }

  static Map<String, String> instrumentationEnv(K8sObject instrumentation) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    Yamls.list(instrumentation.body(), "spec", "env").forEach(e -> env.put(Yamls.string(e, "name"), Yamls.string(e, "value")));
    return env;
  }
}
