package com.techmart.cuj.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.infrastructure.Infrastructure.K8sObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Kubernetes manifests: well-formed, complete, and consistent with each other. */
class ManifestsTest {

  /** apiVersion and the fields each kind we use cannot do without. */
  static final Map<String, List<String>> REQUIRED = Map.of(
      "Namespace", List.of("v1"),
      "Service", List.of("v1", "spec.ports"),
      "Secret", List.of("v1"),
      "Deployment", List.of("apps/v1", "spec.selector.matchLabels", "spec.template.metadata.labels", "spec.template.spec.containers"),
      "StatefulSet", List.of("apps/v1", "spec.serviceName", "spec.selector.matchLabels", "spec.template.metadata.labels", "spec.template.spec.containers"),
      "OpenTelemetryCollector", List.of("opentelemetry.io/v1beta1", "spec.config", "spec.mode", "spec.image"),
      "Instrumentation", List.of("opentelemetry.io/v1alpha1", "spec.exporter.endpoint"));

  static final Set<String> CLUSTER_SCOPED = Set.of("Namespace");

  /** The webstore services and what each must be told (the reference app's deployment contract). */
  static final Map<String, List<String>> APP_ENV = Map.of(
      "api", List.of("OTEL_SERVICE_NAME", "CUJ_TRUST", "TECHMART_DB_URL", "TECHMART_DB_USER", "TECHMART_DB_PASSWORD",
          "TECHMART_INVENTORY_URL", "TECHMART_PAYMENTS_URL"),
      "inventory", List.of("OTEL_SERVICE_NAME", "CUJ_TRUST", "TECHMART_DB_URL", "TECHMART_DB_USER", "TECHMART_DB_PASSWORD"),
      "payments", List.of("OTEL_SERVICE_NAME", "CUJ_TRUST", "TECHMART_DB_URL", "TECHMART_DB_USER", "TECHMART_DB_PASSWORD"));

  static Stream<Path> yamlFiles() {
    return Infrastructure.yamlFiles().stream();
  }

  static Stream<K8sObject> objects() {
    return Infrastructure.objects().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("yamlFiles")
  @DisplayName("every YAML file parses into mappings")
  void everyYamlFileParses(Path file) {
    List<Object> documents = Yamls.loadAll(file);
    assertThat(documents).as(file.toString()).isNotEmpty().allSatisfy(d -> assertThat(d).isInstanceOf(Map.class));
  }

  @Test
  void theManifestsDeclareTheExpectedObjects() {
    assertThat(Infrastructure.defaultDeployment()).extracting(o -> o.kind() + "/" + o.name()).containsExactlyInAnyOrder(
        "Namespace/webstore", "Namespace/observability",
        "Service/postgres", "StatefulSet/postgres",
        "Service/api", "Deployment/api", "Service/inventory", "Deployment/inventory",
        "Service/payments", "Deployment/payments",
        "Instrumentation/cuj", "OpenTelemetryCollector/otel", "Secret/grafana-cloud");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objects")
  @DisplayName("every object has the fields its kind requires")
  void everyObjectHasTheFieldsItsKindRequires(K8sObject object) {
    assertThat(REQUIRED).as("a validation rule for kind " + object.kind()).containsKey(object.kind());
    List<String> rule = REQUIRED.get(object.kind());
    assertThat(object.apiVersion()).as(object + " apiVersion").isEqualTo(rule.get(0));
    assertThat(object.name()).as(object + " metadata.name").isNotBlank()
        .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    for (String path : rule.subList(1, rule.size())) {
      Object value = object.at(path.split("\\."));
      assertThat(value).as(object + " " + path).isNotNull();
      if (value instanceof Map<?, ?> m) {
        assertThat(m).as(object + " " + path).isNotEmpty();
      } else if (value instanceof List<?> l) {
        assertThat(l).as(object + " " + path).isNotEmpty();
      }
    }
    if (CLUSTER_SCOPED.contains(object.kind())) {
      assertThat(object.namespace()).as(object + " is cluster-scoped").isNull();
    } else {
      assertThat(object.namespace()).as(object + " metadata.namespace").isIn(namespaces());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objects")
  @DisplayName("containers: named, pinned image, resource requests and limits")
  void containersArePinnedAndBounded(K8sObject object) {
    for (Map<String, Object> container : object.containers()) {
      String name = Yamls.string(container, "name");
      String image = Yamls.string(container, "image");
      assertThat(name).as(object + " container name").isNotBlank();
      assertThat(image).as(object + " " + name + " image").matches("[^:@]+[:@][^:]+").doesNotEndWith(":latest");
      assertThat(Yamls.map(container, "resources", "requests")).as(object + " " + name + " requests")
          .containsKeys("cpu", "memory");
      assertThat(Yamls.map(container, "resources", "limits")).as(object + " " + name + " limits").containsKey("memory");
      assertThat(container).as(object + " " + name + " probes").containsKeys("readinessProbe", "livenessProbe");
    }
    if ("OpenTelemetryCollector".equals(object.kind())) {
      assertThat(Yamls.string(object.body(), "spec", "image")).matches("otel/opentelemetry-collector-contrib:\\d+\\.\\d+\\.\\d+");
      assertThat(Yamls.map(object.body(), "spec", "resources", "limits")).containsKey("memory");
    }
  }

  @Test
  @DisplayName("workload selectors match their pod labels; Services select a workload")
  void selectorsMatchLabels() {
    List<K8sObject> objects = Infrastructure.defaultDeployment();
    for (K8sObject workload : workloads(objects)) {
      Map<String, Object> selector = Yamls.map(workload.body(), "spec", "selector", "matchLabels");
      assertThat(podLabels(workload)).as(workload + " pod labels vs selector").containsAllEntriesOf(selector);
    }
    for (K8sObject service : kind(objects, "Service")) {
      assertThat(selected(service, objects)).as(service + " selects a workload").isNotEmpty();
    }
    for (K8sObject statefulSet : kind(objects, "StatefulSet")) {
      assertThat(kind(objects, "Service")).as(statefulSet + " serviceName")
          .anySatisfy(s -> assertThat(s.name() + "/" + s.namespace())
              .isEqualTo(Yamls.string(statefulSet.body(), "spec", "serviceName") + "/" + statefulSet.namespace()));
    }
  }

  @Test
  @DisplayName("Service targetPorts and probe ports are ports the containers declare")
  void portsAreConsistent() {
    List<K8sObject> objects = Infrastructure.defaultDeployment();
    for (K8sObject service : kind(objects, "Service")) {
      for (Object port : Yamls.list(service.body(), "spec", "ports")) {
        Object target = Objects.requireNonNullElse(Yamls.at(port, "targetPort"), Yamls.at(port, "port"));
        for (K8sObject workload : selected(service, objects)) {
          assertThat(containerPorts(workload)).as(service + " targetPort " + target + " in " + workload)
              .contains(String.valueOf(target));
        }
      }
    }
    for (K8sObject workload : workloads(objects)) {
      for (Map<String, Object> container : workload.containers()) {
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
          Object port = Yamls.at(container, probe, "httpGet", "port");
          if (port != null) {
            assertThat(containerPorts(workload)).as(workload + " " + probe + " port").contains(String.valueOf(port));
          }
        }
      }
    }
  }

  @Test
  @DisplayName("URLs in env point at a Service and one of its ports")
  void urlsInEnvPointAtServices() {
    List<K8sObject> objects = Infrastructure.defaultDeployment();
    Pattern url = Pattern.compile("^(?:jdbc:)?[a-z]+://([^/:]+):(\\d+)");
    List<String> checked = new ArrayList<>();
    for (K8sObject workload : workloads(objects)) {
      for (Map<String, Object> container : workload.containers()) {
        for (Object env : Yamls.list(container, "env")) {
          String value = Yamls.string(env, "value");
          Matcher m = value == null ? null : url.matcher(value);
          if (m != null && m.find()) {
            assertServiceAddress(objects, workload.namespace(), m.group(1), Integer.parseInt(m.group(2)),
                workload + " " + Yamls.string(env, "name"));
            checked.add(Yamls.string(env, "name"));
          }
        }
      }
    }
    assertThat(checked).contains("TECHMART_DB_URL", "TECHMART_INVENTORY_URL", "TECHMART_PAYMENTS_URL");
  }

  @Test
  @DisplayName("the webstore services follow the reference app's deployment contract")
  void webstoreServicesFollowTheDeploymentContract() {
    List<K8sObject> objects = Infrastructure.defaultDeployment();
    K8sObject instrumentation = Infrastructure.only(objects, "Instrumentation", "cuj");
    APP_ENV.forEach((role, required) -> {
      K8sObject deployment = Infrastructure.only(objects, "Deployment", role);
      Map<String, Object> container = deployment.containers().get(0);
      Map<String, Object> env = env(container);

      assertThat(Yamls.string(container, "image")).isEqualTo("techmart/reference-app:0.1.0");
      assertThat(Yamls.list(container, "args")).containsExactly("serve", "--role", role);
      assertThat(containerPorts(deployment)).contains("8080");
      assertThat(Yamls.string(container, "readinessProbe", "httpGet", "path")).isEqualTo("/health/readiness");
      assertThat(Yamls.string(container, "livenessProbe", "httpGet", "path")).isEqualTo("/health/liveness");
      assertThat(env).as(role + " env").containsKeys(required.toArray(String[]::new));
      assertThat(Yamls.string(env.get("OTEL_SERVICE_NAME"), "value")).isEqualTo(role);
      assertThat(Yamls.string(env.get("CUJ_TRUST"), "value")).isEqualTo(role.equals("api") ? "none" : "known");
      // The exporter endpoint comes from the operator: the pod opts in, the Instrumentation
      // in its namespace provides OTEL_EXPORTER_OTLP_ENDPOINT.
      assertThat(env).as(role + " must leave OTEL_EXPORTER_OTLP_ENDPOINT to the Instrumentation")
          .doesNotContainKey("OTEL_EXPORTER_OTLP_ENDPOINT");
      assertThat(Yamls.map(deployment.body(), "spec", "template", "metadata", "annotations"))
          .containsEntry("instrumentation.opentelemetry.io/inject-sdk", "true");
      assertThat(instrumentation.namespace()).isEqualTo(deployment.namespace());
    });
  }

  @Test
  @DisplayName("every secretKeyRef names a Secret and key that a script or template provides")
  void secretReferencesAreProvided() {
    Map<String, Set<String>> provided = SecretSources.providedSecrets();
    assertThat(provided).containsKeys("webstore/postgres-credentials", "observability/grafana-cloud");
    for (K8sObject object : Infrastructure.objects()) {
      List<Object> envs = new ArrayList<>(Yamls.list(object.body(), "spec", "env"));
      object.containers().forEach(c -> envs.addAll(Yamls.list(c, "env")));
      for (Object env : envs) {
        String secret = Yamls.string(env, "valueFrom", "secretKeyRef", "name");
        if (secret != null) {
          String key = Yamls.string(env, "valueFrom", "secretKeyRef", "key");
          assertThat(provided).as(object + " secret " + secret).containsKey(object.namespace() + "/" + secret);
          assertThat(provided.get(object.namespace() + "/" + secret)).as(object + " secret " + secret + " key").contains(key);
        }
      }
    }
  }

  @Test
  @DisplayName("the kind cluster publishes the api's NodePort on the host")
  void kindPublishesTheApiNodePort() {
    Map<String, Object> cluster = Yamls.load(Infrastructure.file("kind/cluster.yaml"));
    assertThat(cluster).containsEntry("kind", "Cluster").containsEntry("apiVersion", "kind.x-k8s.io/v1alpha4");
    K8sObject api = Infrastructure.only(Infrastructure.defaultDeployment(), "Service", "api");
    Object nodePort = Yamls.at(Yamls.list(api.body(), "spec", "ports").get(0), "nodePort");
    List<Object> mappings = Yamls.list(Yamls.list(cluster, "nodes").get(0), "extraPortMappings");
    assertThat(mappings).anySatisfy(m -> assertThat(Yamls.at(m, "containerPort")).isEqualTo(nodePort));
    assertThat(Yamls.string(Yamls.list(cluster, "nodes").get(0), "image")).matches("kindest/node:v\\d+\\.\\d+\\.\\d+");
  }

  @Test
  @DisplayName("no committed manifest carries a credential")
  void noCredentialsAreCommitted() {
    for (K8sObject secret : kind(Infrastructure.objects(), "Secret")) {
      assertThat(Yamls.map(secret.body(), "data")).as(secret + " data").isEmpty();
      Yamls.map(secret.body(), "stringData").forEach((key, value) ->
          assertThat(String.valueOf(value)).as(secret + " " + key).matches("\\$\\{[A-Z_]+}"));
    }
  }

  static void assertServiceAddress(List<K8sObject> objects, String fromNamespace, String host, int port, String what) {
    String[] parts = host.split("\\.");
    String name = parts[0];
    String namespace = parts.length > 1 ? parts[1] : fromNamespace;
    if (parts.length > 2) {
      assertThat(host).as(what + " host").endsWith(".svc.cluster.local");
    }
    K8sObject service = objects.stream()
        .filter(o -> "Service".equals(o.kind()) && name.equals(o.name()) && namespace.equals(o.namespace()))
        .findFirst().orElseThrow(() -> new AssertionError(what + ": no Service " + namespace + "/" + name));
    assertThat(Yamls.list(service.body(), "spec", "ports")).as(what + " port").anySatisfy(p ->
        assertThat(Yamls.at(p, "port")).isEqualTo(port));
  }

  static Set<String> namespaces() {
    Set<String> names = new LinkedHashSet<>();
    for (K8sObject ns : kind(Infrastructure.objects(), "Namespace")) {
      names.add(ns.name());
    }
    return names;
  }

  static List<K8sObject> kind(List<K8sObject> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.kind())).toList();
  }

  static List<K8sObject> workloads(List<K8sObject> objects) {
    return objects.stream().filter(o -> o.podTemplate().isPresent()).toList();
  }

  static Map<String, Object> podLabels(K8sObject workload) {
    return Yamls.map(workload.podTemplate().orElseThrow(), "metadata", "labels");
  }

  static List<K8sObject> selected(K8sObject service, List<K8sObject> objects) {
    Map<String, Object> selector = Yamls.map(service.body(), "spec", "selector");
    return workloads(objects).stream()
        .filter(w -> Objects.equals(w.namespace(), service.namespace()))
        .filter(w -> !selector.isEmpty() && podLabels(w).entrySet().containsAll(selector.entrySet()))
        .toList();
  }

  /** Container port numbers and names of a workload, as strings. */
  static Set<String> containerPorts(K8sObject workload) {
    Set<String> ports = new LinkedHashSet<>();
    for (Map<String, Object> container : workload.containers()) {
      for (Object port : Yamls.list(container, "ports")) {
        ports.add(Yamls.string(port, "containerPort"));
        if (Yamls.string(port, "name") != null) {
          ports.add(Yamls.string(port, "name"));
        }
      }
    }
    return ports;
  }

  static Map<String, Object> env(Map<String, Object> container) {
    Map<String, Object> env = new LinkedHashMap<>();
    Yamls.list(container, "env").forEach(e -> env.put(Yamls.string(e, "name"), e));
    return env;
  }
}
