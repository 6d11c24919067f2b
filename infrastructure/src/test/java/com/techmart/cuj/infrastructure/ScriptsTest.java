package com.techmart.cuj.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The setup scripts, run for real by bash against stand-in kubectl, helm, kind and docker (small
 * bash stubs in src/test/resources/stubs that record their calls): no cluster can run in the
 * build, so the stubs are the one mock here. The scripts see a PATH of the stubs plus the few
 * basic utilities they use, nothing else.
 */
class ScriptsTest {

  static final List<String> BASIC_TOOLS = List.of(
      "bash", "env", "dirname", "basename", "cat", "grep", "head", "base64", "tr", "sed", "sleep",
      "wc", "find", "mkdir", "sha256sum");
  static final String TOKEN = "glc_not-a-real-token-0123456789";

  @TempDir
  Path temp;

  Path stubs;
  Path tools;
  Path state;

  record Run(int exitCode, String stdout, String stderr, List<String> calls) {

    List<String> callsOf(String tool) {
      return calls.stream().filter(c -> c.startsWith(tool + " ")).toList();
    }

    /** Index of the first call containing every fragment, or -1. */
    int indexOf(String... fragments) {
      for (int i = 0; i < calls.size(); i++) {
        String call = calls.get(i);
        if (Stream.of(fragments).allMatch(call::contains)) {
          return i;
        }
      }
      return -1;
    }
  }

  @BeforeEach
  void installStubs() throws IOException {
    stubs = Files.createDirectories(temp.resolve("stubs"));
    tools = Files.createDirectories(temp.resolve("tools"));
    state = Files.createDirectories(temp.resolve("state"));
    for (String stub : List.of("kubectl", "helm", "kind", "docker")) {
      Path target = stubs.resolve(stub);
      Files.copy(DashboardLabelsTest.resource("stubs/" + stub), target);
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    for (String tool : BASIC_TOOLS) {
      Path real = onSystemPath(tool).orElseThrow(() -> new IllegalStateException(tool + " not found on PATH"));
      Files.createSymbolicLink(tools.resolve(tool), real);
    }
  }

  static Optional<Path> onSystemPath(String tool) {
    return Stream.of(System.getenv("PATH").split(File.pathSeparator))
        .map(dir -> Path.of(dir, tool))
        .filter(Files::isExecutable)
        .findFirst();
  }

  Run run(String script, Map<String, String> environment, String... args) {
    return run(script, environment, List.of("kubectl", "helm", "kind", "docker"), args);
  }

  Run run(String script, Map<String, String> environment, List<String> stubsOnPath, String... args) {
    try {
      Path bin = Files.createDirectories(temp.resolve("bin-" + System.nanoTime()));
      for (String stub : stubsOnPath) {
        Files.createSymbolicLink(bin.resolve(stub), stubs.resolve(stub));
      }
      List<String> command = new ArrayList<>(List.of(tools.resolve("bash").toString(),
          Infrastructure.file("scripts/" + script).toString()));
      command.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().clear();
      builder.environment().put("PATH", bin + File.pathSeparator + tools);
      builder.environment().put("HOME", temp.toString());
      builder.environment().put("STUB_STATE", state.toString());
      builder.environment().putAll(environment);
      Path out = temp.resolve("stdout");
      Path err = temp.resolve("stderr");
      Files.deleteIfExists(state.resolve("calls.log"));
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(script + " did not finish within 60 s");
      }
      Path log = state.resolve("calls.log");
      List<String> calls = Files.exists(log) ? Files.readAllLines(log) : List.of();
      return new Run(process.exitValue(), Files.readString(out), Files.readString(err), calls);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static Map<String, String> grafanaCloud() {
    Map<String, String> env = new HashMap<>();
    env.put("GRAFANA_CLOUD_INSTANCE_ID", "123456");
    env.put("GRAFANA_CLOUD_API_TOKEN", TOKEN);
    env.put("GRAFANA_CLOUD_OTLP_ENDPOINT", "https://otlp-gateway-prod-eu-west-2.grafana.net/otlp");
    return env;
  }

  List<String> stdinManifests() throws IOException {
    try (Stream<Path> files = Files.list(state)) {
      return files.filter(p -> p.getFileName().toString().startsWith("stdin-")).sorted().map(p -> {
        try {
          return Files.readString(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
    }
  }

  static String b64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Calls that change something; --dry-run must make none. */
  static List<String> mutatingCalls(Run run) {
    return run.calls().stream()
        .filter(c -> !c.matches("kind get clusters.*"))
        .filter(c -> !c.matches("docker image inspect .*"))
        .filter(c -> !c.matches("kubectl .* get .*"))
        .toList();
  }

  @Nested
  class Shellcheck {

    @Test
    @DisplayName("the scripts are shellcheck clean")
    void shellcheckClean() throws Exception {
      Optional<Path> shellcheck = onSystemPath("shellcheck");
      assumeTrue(shellcheck.isPresent(), "shellcheck is not installed (apt-get install shellcheck); scripts not linted");
      List<String> command = new ArrayList<>(List.of(shellcheck.get().toString(), "-x"));
      try (Stream<Path> scripts = Files.list(Infrastructure.file("scripts"))) {
        scripts.filter(p -> p.toString().endsWith(".sh")).sorted().forEach(p -> command.add(p.toString()));
      }
      try (Stream<Path> stubFiles = Files.list(stubs)) {
        stubFiles.sorted().forEach(p -> command.add(p.toString()));
      }
      Process process = new ProcessBuilder(command).directory(Infrastructure.file("scripts").toFile())
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(output).isZero();
    }
  }

  @Nested
  class CreateCluster {

    @Test
    @DisplayName("creates the kind cluster from kind/cluster.yaml, then the namespaces")
    void createsClusterThenNamespaces() {
      Run run = run("create-cluster.sh", Map.of());

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      int create = run.indexOf("kind create cluster", "--name techmart", "--config " + Infrastructure.file("kind/cluster.yaml"));
      int namespaces = run.indexOf("kubectl --context kind-techmart apply -f", "k8s/namespaces.yaml");
      assertThat(create).isNotNegative();
      assertThat(namespaces).isGreaterThan(create);
    }

    @Test
    @DisplayName("a second run keeps the existing cluster and succeeds")
    void secondRunKeepsTheCluster() {
      assertThat(run("create-cluster.sh", Map.of()).exitCode()).isZero();

      Run second = run("create-cluster.sh", Map.of());

      assertThat(second.exitCode()).as(second.stderr()).isZero();
      assertThat(second.indexOf("kind create cluster")).isNegative();
      assertThat(second.stdout()).contains("already exists");
    }

    @Test
    @DisplayName("a missing tool stops the script with one line, before anything runs")
    void missingToolIsOneClearLine() {
      Run run = run("create-cluster.sh", Map.of(), List.of("kubectl", "docker"));

      assertThat(run.exitCode()).isNotZero();
      assertThat(run.stderr().lines().toList())
          .containsExactly("create-cluster.sh: 'kind' is not installed or not on PATH (this script needs: kind kubectl docker)");
      assertThat(run.calls()).isEmpty();
    }

    @Test
    @DisplayName("--dry-run prints the cluster creation and applies nothing")
    void dryRunAppliesNothing() {
      Run run = run("create-cluster.sh", Map.of(), "--dry-run");

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      assertThat(mutatingCalls(run)).isEmpty();
      assertThat(run.stdout()).contains("[dry-run] kind create cluster --name techmart", "[dry-run] kubectl --context kind-techmart apply -f");
    }

    @Test
    @DisplayName("an unknown argument is refused")
    void unknownArgumentIsRefused() {
      Run run = run("create-cluster.sh", Map.of(), "--force");
      assertThat(run.exitCode()).isNotZero();
      assertThat(run.stderr()).isEqualTo("create-cluster.sh: unknown argument '--force' (usage: create-cluster.sh [--dry-run])\n");
      assertThat(run.calls()).isEmpty();
    }
  }

  @Nested
  class SetupTelemetry {

    @Test
    @DisplayName("installs cert-manager, waits, the operator, waits, then credentials, Instrumentation and collector")
    void stepsRunInOrder() throws IOException {
      Run run = run("setup-telemetry.sh", grafanaCloud());

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      int certManager = run.indexOf("helm upgrade --install cert-manager cert-manager", "--version v1.18.2",
          "--repo https://charts.jetstack.io", "helm/cert-manager/values.yaml", "--kube-context kind-techmart");
      int certManagerReady = run.indexOf("kubectl", "-n cert-manager wait --for=condition=Available");
      int operator = run.indexOf("helm upgrade --install opentelemetry-operator opentelemetry-operator", "--version 0.97.1",
          "helm/opentelemetry-operator/values.yaml");
      int operatorReady = run.indexOf("kubectl", "-n opentelemetry-operator-system wait --for=condition=Available");
      int secret = run.indexOf("kubectl --context kind-techmart apply -f -");
      int instrumentation = run.indexOf("apply -f", "k8s/telemetry/instrumentation.yaml");
      int collector = run.calls().lastIndexOf("kubectl --context kind-techmart apply -f -");
      int collectorReady = run.indexOf("-n observability rollout status deployment/otel-collector");

      assertThat(List.of(run.indexOf("k8s/namespaces.yaml"), certManager, certManagerReady, operator, operatorReady,
          secret, instrumentation, collector, collectorReady)).doesNotContain(-1).isSorted();

      assertThat(stdinManifests()).hasSize(2);
      assertThat(stdinManifests().get(1)).contains("kind: OpenTelemetryCollector", "name: otel");
      String manifest = stdinManifests().get(0);
      assertThat(manifest).contains("kind: Secret", "name: grafana-cloud", "namespace: observability",
          "api-token: " + b64(TOKEN), "instance-id: " + b64("123456"),
          "otlp-endpoint: " + b64("https://otlp-gateway-prod-eu-west-2.grafana.net/otlp"));
      assertThat(String.join("\n", run.calls()) + run.stdout() + run.stderr())
          .as("the token never appears on a command line or in the output").doesNotContain(TOKEN);
    }

    @Test
    @DisplayName("a second run applies the same state again and succeeds")
    void secondRunIsIdempotent() {
      Run first = run("setup-telemetry.sh", grafanaCloud());
      Run second = run("setup-telemetry.sh", grafanaCloud());

      assertThat(second.exitCode()).as(second.stderr()).isZero();
      assertThat(second.calls()).isEqualTo(first.calls());
      // Only idempotent operations: apply, upgrade --install, waits and reads; never create/replace/delete.
      assertThat(second.calls())
          .noneMatch(c -> c.matches("kubectl .* (create|replace|delete|patch) .*"))
          .noneMatch(c -> c.matches("helm (install|uninstall|delete) .*"))
          .allMatch(c -> c.contains(" apply ") || c.startsWith("helm upgrade --install ")
              || c.contains(" wait ") || c.contains(" rollout status ") || c.contains(" get "));
    }

    @Test
    @DisplayName("a rotated token rolls the collector: the credentials' checksum is in its pod annotations")
    void rotatedTokenRestartsTheCollector() throws IOException {
      run("setup-telemetry.sh", grafanaCloud());
      Map<String, String> rotated = grafanaCloud();
      rotated.put("GRAFANA_CLOUD_API_TOKEN", "glc_rotated-token-9876543210");
      Run again = run("setup-telemetry.sh", grafanaCloud());
      Run rotation = run("setup-telemetry.sh", rotated);
      assertThat(rotation.exitCode()).as(rotation.stderr()).isZero();

      List<String> collectors = stdinManifests().stream().filter(m -> m.contains("kind: OpenTelemetryCollector")).toList();
      assertThat(collectors).hasSize(3);
      java.util.function.Function<String, String> checksum = m -> m.lines()
          .filter(l -> l.contains("techmart.example/grafana-cloud-checksum:")).findFirst().orElseThrow();
      assertThat(collectors.get(0)).contains("spec:\n  podAnnotations:\n    techmart.example/grafana-cloud-checksum: \"");
      assertThat(checksum.apply(collectors.get(1))).as("same credentials, same pods").isEqualTo(checksum.apply(collectors.get(0)));
      assertThat(checksum.apply(collectors.get(2))).as("rotated token, new pods").isNotEqualTo(checksum.apply(collectors.get(0)));
      assertThat(String.join("\n", collectors)).doesNotContain(TOKEN, "glc_rotated");
      assertThat(Yamls.map(Yamls.asMap(new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
          new org.yaml.snakeyaml.LoaderOptions())).load(collectors.get(0))), "spec", "config")).containsKeys("receivers", "exporters");
    }

    @Test
    @DisplayName("operator resources are applied again while the operator's webhook refuses them, then the setup goes on")
    void operatorResourcesAreRetriedWhileTheWebhookIsNotReady() throws IOException {
      Files.writeString(state.resolve("webhook-refusals"), "3\n");
      Map<String, String> env = grafanaCloud();
      env.put("CR_APPLY_DELAY", "0");
      Run run = run("setup-telemetry.sh", env);

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      assertThat(run.callsOf("kubectl").stream().filter(c -> c.contains("instrumentation.yaml"))).hasSize(4);
      assertThat(run.stdout()).contains("attempt 4/30");
      assertThat(run.indexOf("rollout status deployment/otel-collector")).isPositive();

      Files.writeString(state.resolve("webhook-refusals"), "1000\n");
      env.put("CR_APPLY_ATTEMPTS", "3");
      Run refused = run("setup-telemetry.sh", env);
      assertThat(refused.exitCode()).isNotZero();
      assertThat(refused.stderr()).contains("setup-telemetry.sh: the API server refused the operator resource 3 times");
      assertThat(refused.calls()).noneMatch(c -> c.contains("rollout status deployment/otel-collector"));
    }

    @Test
    @DisplayName("a missing Grafana Cloud variable stops the script with one line naming it, before any change")
    void missingVariableIsOneClearLine() {
      Map<String, String> env = grafanaCloud();
      env.remove("GRAFANA_CLOUD_API_TOKEN");

      Run run = run("setup-telemetry.sh", env);

      assertThat(run.exitCode()).isNotZero();
      assertThat(run.stderr().lines().toList()).containsExactly(
          "setup-telemetry.sh: GRAFANA_CLOUD_API_TOKEN is not set: export it before running (see infrastructure/README.md)");
      assertThat(run.calls()).isEmpty();
    }

    @Test
    @DisplayName("an endpoint that is not https, or a non-numeric instance id, is refused")
    void malformedVariablesAreRefused() {
      Map<String, String> plainHttp = grafanaCloud();
      plainHttp.put("GRAFANA_CLOUD_OTLP_ENDPOINT", "http://otlp.example/otlp");
      Run run = run("setup-telemetry.sh", plainHttp);
      assertThat(run.exitCode()).isNotZero();
      assertThat(run.stderr()).startsWith("setup-telemetry.sh: GRAFANA_CLOUD_OTLP_ENDPOINT must be an https:// URL");
      assertThat(run.calls()).isEmpty();

      Map<String, String> badId = grafanaCloud();
      badId.put("GRAFANA_CLOUD_INSTANCE_ID", "my-stack");
      Run second = run("setup-telemetry.sh", badId);
      assertThat(second.exitCode()).isNotZero();
      assertThat(second.stderr().lines().toList()).singleElement().asString().contains("GRAFANA_CLOUD_INSTANCE_ID");
    }

    @Test
    @DisplayName("a missing helm stops the script with one line")
    void missingHelm() {
      Run run = run("setup-telemetry.sh", grafanaCloud(), List.of("kubectl"));
      assertThat(run.stderr().lines().toList())
          .containsExactly("setup-telemetry.sh: 'helm' is not installed or not on PATH (this script needs: kubectl helm sha256sum)");
      assertThat(run.calls()).isEmpty();
    }

    @Test
    @DisplayName("--dry-run prints every step, redacts the credentials and applies nothing")
    void dryRunAppliesNothing() throws IOException {
      Run run = run("setup-telemetry.sh", grafanaCloud(), "--dry-run");

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      assertThat(mutatingCalls(run)).isEmpty();
      assertThat(stdinManifests()).isEmpty();
      assertThat(run.stdout()).contains(
          "[dry-run] helm upgrade --install cert-manager", "[dry-run] helm upgrade --install opentelemetry-operator",
          "k8s/telemetry/instrumentation.yaml", "k8s/telemetry/collector.yaml", "api-token: <redacted>",
          "rollout status deployment/otel-collector");
      assertThat(run.stdout()).doesNotContain(TOKEN, b64(TOKEN));
    }
  }

  @Nested
  class DeployWebstore {

    @BeforeEach
    void clusterAndImageExist() throws IOException {
      Files.writeString(state.resolve("kind-clusters"), "techmart\n");
      Files.writeString(state.resolve("docker-images"), "techmart/reference-app:0.1.0\n");
      Files.writeString(state.resolve("instrumentation-exists"), "");
    }

    @Test
    @DisplayName("loads the image, creates the database secret once, applies the webstore and waits for it")
    void deploysAndWaits() throws IOException {
      Run run = run("deploy-webstore.sh", Map.of());

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      int load = run.indexOf("kind load docker-image techmart/reference-app:0.1.0 --name techmart");
      int secret = run.indexOf("apply -f -");
      int postgres = run.indexOf("apply -f", "k8s/webstore/postgres.yaml");
      int api = run.indexOf("apply -f", "k8s/webstore/api.yaml");
      int postgresReady = run.indexOf("-n webstore rollout status statefulset/postgres");
      int apiReady = run.indexOf("-n webstore rollout status deployment/api");
      assertThat(List.of(load, secret, postgres, api, postgresReady, apiReady)).doesNotContain(-1).isSorted();
      assertThat(run.indexOf("rollout status deployment/inventory")).isBetween(postgresReady, apiReady);
      assertThat(run.indexOf("rollout status deployment/payments")).isBetween(postgresReady, apiReady);

      String manifest = stdinManifests().get(0);
      assertThat(manifest).contains("name: postgres-credentials", "namespace: webstore", "username: " + b64("techmart"));
      String password = new String(Base64.getDecoder().decode(
          manifest.lines().filter(l -> l.startsWith("  password: ")).findFirst().orElseThrow().substring(12).trim()),
          StandardCharsets.UTF_8);
      assertThat(password).as("generated password").matches("[A-Za-z0-9]{32}");
      assertThat(run.stdout()).doesNotContain(password);
    }

    @Test
    @DisplayName("a second run keeps the database secret and succeeds")
    void secondRunKeepsTheSecret() throws IOException {
      assertThat(run("deploy-webstore.sh", Map.of()).exitCode()).isZero();

      Run second = run("deploy-webstore.sh", Map.of());

      assertThat(second.exitCode()).as(second.stderr()).isZero();
      assertThat(second.indexOf("apply -f -")).as("the secret is not re-created").isNegative();
      assertThat(stdinManifests()).hasSize(1);
      assertThat(second.stdout()).contains("postgres-credentials exists; keeping it");
    }

    @Test
    @DisplayName("TECHMART_DB_PASSWORD, when set, is the database password")
    void passwordFromEnvironment() throws IOException {
      Run run = run("deploy-webstore.sh", Map.of("TECHMART_DB_PASSWORD", "s3cret-from-env"));
      assertThat(run.exitCode()).as(run.stderr()).isZero();
      assertThat(stdinManifests().get(0)).contains("password: " + b64("s3cret-from-env"));
    }

    @Test
    @DisplayName("a missing image or cluster stops the script with one line, before any change")
    void missingPrerequisites() throws IOException {
      Files.writeString(state.resolve("docker-images"), "");
      Run noImage = run("deploy-webstore.sh", Map.of());
      assertThat(noImage.exitCode()).isNotZero();
      assertThat(noImage.stderr().lines().toList()).singleElement().asString()
          .startsWith("deploy-webstore.sh: image techmart/reference-app:0.1.0 is not in the local Docker");
      assertThat(mutatingCalls(noImage)).isEmpty();

      Files.writeString(state.resolve("docker-images"), "techmart/reference-app:0.1.0\n");
      Files.writeString(state.resolve("kind-clusters"), "");
      Run noCluster = run("deploy-webstore.sh", Map.of());
      assertThat(noCluster.exitCode()).isNotZero();
      assertThat(noCluster.stderr().lines().toList()).containsExactly(
          "deploy-webstore.sh: kind cluster 'techmart' does not exist; run infrastructure/scripts/create-cluster.sh first");
      assertThat(mutatingCalls(noCluster)).isEmpty();
    }

    @Test
    @DisplayName("without telemetry set up it says so, and still deploys")
    void warnsWithoutInstrumentation() throws IOException {
      Files.delete(state.resolve("instrumentation-exists"));
      Run run = run("deploy-webstore.sh", Map.of());
      assertThat(run.exitCode()).isZero();
      assertThat(run.stdout()).contains("no Instrumentation webstore/cuj yet");
    }

    @Test
    @DisplayName("--dry-run prints what it would do and applies nothing")
    void dryRunAppliesNothing() throws IOException {
      Run run = run("deploy-webstore.sh", Map.of(), "--dry-run");

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      assertThat(mutatingCalls(run)).isEmpty();
      assertThat(stdinManifests()).isEmpty();
      assertThat(run.stdout()).contains("[dry-run] kind load docker-image techmart/reference-app:0.1.0",
          "password: <redacted>", "k8s/webstore/api.yaml", "rollout status deployment/api");
    }
  }
}
