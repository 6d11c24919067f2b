package com.techmart.cuj.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The manifests installed into a real Kubernetes (k3s in Docker): PostgreSQL and the three
 * services from k8s/webstore, and a collector running the connector configuration of
 * k8s/telemetry/collector.yaml. Journeys sent to the api must come back as the connector's
 * metrics. Skips, visibly, without Docker or without the reference-app image.
 *
 * <p>Two stand-ins, because the real parts need the internet and an account: the OpenTelemetry
 * Operator is not installed, so the test adds to each pod the environment its Instrumentation
 * would inject; and Grafana Cloud is replaced by the collector's own Prometheus endpoint, from
 * which the metrics are read back (receivers, processors and connector are the committed ones).
 */
@Tag("k3s")
@Testcontainers(disabledWithoutDocker = true)
class WebstoreOnK3sTest {

  static final String APP_IMAGE = "techmart/reference-app:0.1.0";
  static final DockerImageName K3S = DockerImageName.parse("rancher/k3s:v1.33.1-k3s1");
  static final Duration STARTUP = Duration.ofMinutes(6);

  static K3sContainer k3s;
  static KubernetesClient client;

  @BeforeAll
  static void installTheWebstore(@TempDir Path temp) throws IOException {
    DockerClient docker = DockerClientFactory.instance().client();
    assumeTrue(imageExists(docker, APP_IMAGE),
        APP_IMAGE + " is not in the local Docker: build the reference-app image to run the k3s tests");
    // k3s imports every image archive it finds in this folder at start-up: no registry needed.
    Path archive = temp.resolve("reference-app.tar");
    try (InputStream image = docker.saveImageCmd("techmart/reference-app").withTag("0.1.0").exec()) {
      Files.copy(image, archive);
    }
    k3s = new K3sContainer(K3S)
        .withCopyFileToContainer(MountableFile.forHostPath(archive), "/var/lib/rancher/k3s/agent/images/reference-app.tar");
    k3s.start();
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();

    apply(Infrastructure.file("k8s/namespaces.yaml"));
    client.secrets().inNamespace("webstore").resource(new SecretBuilder()
        .withNewMetadata().withName("postgres-credentials").withNamespace("webstore").endMetadata()
        .addToStringData("username", "techmart")
        .addToStringData("password", randomPassword())
        .build()).serverSideApply();
    installCollector();
    for (String service : List.of("postgres", "inventory", "payments", "api")) {
      for (HasMetadata object : load(Infrastructure.file("k8s/webstore/" + service + ".yaml"))) {
        if (object instanceof Deployment deployment) {
          injectLikeTheOperator(deployment);
        }
        client.resource(object).forceConflicts().serverSideApply();
      }
    }

    client.apps().statefulSets().inNamespace("webstore").withName("postgres").waitUntilReady(STARTUP.toMinutes(), TimeUnit.MINUTES);
    for (String deployment : List.of("inventory", "payments", "api")) {
      client.apps().deployments().inNamespace("webstore").withName(deployment).waitUntilReady(STARTUP.toMinutes(), TimeUnit.MINUTES);
    }
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (k3s != null) {
      k3s.stop();
    }
  }

  @Test
  @DisplayName("product-discovery journeys come back from the connector as techmart_* metrics with cuj_name")
  void journeysBecomeConnectorMetrics() {
    for (int i = 0; i < 20; i++) {
      client.raw("/api/v1/namespaces/webstore/services/api:8080/proxy/api/products");
    }

    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
      List<String> series = metrics().lines().filter(l -> l.contains("cuj_name=\"product-discovery\"")).toList();
      assertThat(series).anySatisfy(l -> assertThat(l)
          .startsWith("techmart_calls_total{").contains("span_name=\"cuj.product-discovery\"", "service_name=\"api\""));
      // The catalogue's 300 ms target is a bucket boundary of the duration histogram.
      assertThat(series).anySatisfy(l -> assertThat(l)
          .startsWith("techmart_duration_milliseconds_bucket{").contains("le=\"300\""));
    });
  }

  /** The collector's metrics, as its Prometheus exporter serves them, through the API server proxy. */
  static String metrics() {
    String text = client.raw("/api/v1/namespaces/observability/services/otel-collector:8889/proxy/metrics");
    return text == null ? "" : text;
  }

  /**
   * Runs the committed collector configuration as a plain Deployment, with the Grafana Cloud
   * exporter swapped for a Prometheus endpoint and a short flush interval so the test need not
   * wait a minute per data point.
   */
  @SuppressWarnings("unchecked")
  static void installCollector() {
    Infrastructure.K8sObject resource = Infrastructure.only(Infrastructure.defaultDeployment(), "OpenTelemetryCollector", "otel");
    Map<String, Object> config = new LinkedHashMap<>(Yamls.map(resource.body(), "spec", "config"));
    config.put("extensions", Map.of("health_check", Map.of("endpoint", "0.0.0.0:13133")));
    config.put("exporters", Map.of("prometheus", Map.of("endpoint", "0.0.0.0:8889"), "debug", Map.of()));
    Map<String, Object> connectors = new LinkedHashMap<>(Yamls.map(config, "connectors"));
    Map<String, Object> spanmetrics = new LinkedHashMap<>(Yamls.map(connectors, "spanmetrics"));
    spanmetrics.put("metrics_flush_interval", "5s");
    connectors.put("spanmetrics", spanmetrics);
    config.put("connectors", connectors);
    Map<String, Object> service = new LinkedHashMap<>(Yamls.map(config, "service"));
    service.put("extensions", List.of("health_check"));
    Map<String, Object> pipelines = new LinkedHashMap<>();
    Yamls.map(service, "pipelines").forEach((name, body) -> {
      Map<String, Object> pipeline = new LinkedHashMap<>((Map<String, Object>) body);
      List<String> exporters = new ArrayList<>();
      for (Object exporter : (List<Object>) pipeline.get("exporters")) {
        exporters.add(CollectorConfig.type(String.valueOf(exporter)).equals("otlphttp")
            ? (name.startsWith("metrics") ? "prometheus" : "debug")
            : String.valueOf(exporter));
      }
      pipeline.put("exporters", exporters);
      pipelines.put(name, pipeline);
    });
    service.put("pipelines", pipelines);
    config.put("service", service);

    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    String configYaml = new Yaml(options).dump(config);
    Map<String, String> labels = Map.of("app.kubernetes.io/name", "otel-collector");
    client.configMaps().inNamespace("observability").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("otel-collector-config").withNamespace("observability").endMetadata()
        .addToData("config.yaml", configYaml).build()).serverSideApply();
    client.apps().deployments().inNamespace("observability").resource(new DeploymentBuilder()
        .withNewMetadata().withName("otel-collector").withNamespace("observability").endMetadata()
        .withNewSpec().withNewSelector().withMatchLabels(labels).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
        .withNewSpec().addNewContainer().withName("otc-container")
        .withImage(Yamls.string(resource.body(), "spec", "image"))
        .withArgs("--config=/conf/config.yaml")
        .addNewVolumeMount().withName("config").withMountPath("/conf").endVolumeMount()
        .endContainer()
        .addNewVolume().withName("config").withNewConfigMap().withName("otel-collector-config").endConfigMap().endVolume()
        .endSpec().endTemplate().endSpec().build()).serverSideApply();
    // Same Service name and ports as the operator would create, so the Instrumentation's endpoint resolves.
    client.services().inNamespace("observability").resource(new ServiceBuilder()
        .withNewMetadata().withName("otel-collector").withNamespace("observability").endMetadata()
        .withNewSpec().withSelector(labels)
        .addNewPort().withName("otlp-grpc").withPort(4317).endPort()
        .addNewPort().withName("otlp-http").withPort(4318).endPort()
        .addNewPort().withName("prometheus").withPort(8889).endPort()
        .endSpec().build()).serverSideApply();
    client.apps().deployments().inNamespace("observability").withName("otel-collector")
        .waitUntilReady(STARTUP.toMinutes(), TimeUnit.MINUTES);
  }

  /** What the operator injects for inject-sdk, from the committed Instrumentation. */
  static void injectLikeTheOperator(Deployment deployment) {
    Infrastructure.K8sObject instrumentation = Infrastructure.only(Infrastructure.defaultDeployment(), "Instrumentation", "cuj");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", Yamls.string(instrumentation.body(), "spec", "exporter", "endpoint"));
    env.put("OTEL_PROPAGATORS", String.join(",", Yamls.list(instrumentation.body(), "spec", "propagators").stream().map(String::valueOf).toList()));
    env.put("OTEL_TRACES_SAMPLER", Yamls.string(instrumentation.body(), "spec", "sampler", "type"));
    env.putAll(TelemetryWiringTest.instrumentationEnv(instrumentation));
    deployment.getSpec().getTemplate().getSpec().getContainers().forEach(container ->
        env.forEach((name, value) -> container.getEnv().add(new EnvVar(name, value, null))));
  }

  static List<HasMetadata> load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return client.load(in).items();
    }
  }

  static void apply(Path file) throws IOException {
    for (HasMetadata object : load(file)) {
      client.resource(object).forceConflicts().serverSideApply();
    }
  }

  static boolean imageExists(DockerClient docker, String image) {
    try {
      docker.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  static String randomPassword() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
