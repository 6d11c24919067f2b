package com.techmart.cuj.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AgentProgram} under the real OpenTelemetry Java agent and the cuj extension, configured
 * wrongly: observability must never take the service down, and a misconfiguration must be loud.
 */
class AgentExtensionConfigurationIT {

  @TempDir Path dir;

  private String run(String... options) throws Exception {
    Path agent = Path.of(System.getProperty("cuj.test.agent"));
    Path extension = Path.of(System.getProperty("cuj.test.extension"));
    Path log = dir.resolve("program.log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-javaagent:" + agent,
        "-Dotel.javaagent.extensions=" + extension,
        "-Dotel.service.name=agent-demo",
        "-Dotel.traces.exporter=logging-otlp",
        "-Dotel.metrics.exporter=none",
        "-Dotel.logs.exporter=none",
        "-Dotel.bsp.schedule.delay=50"));
    command.addAll(List.of(options));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), AgentProgram.class.getName()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean exited = process.waitFor(3, TimeUnit.MINUTES);
    String output = Files.readString(log, StandardCharsets.UTF_8);
    if (!exited) {
      process.destroyForcibly();
    }
    assertThat(exited).as("program finished; output:%n%s", output).isTrue();
    assertThat(process.exitValue()).as("exit code: every request answered; output:%n%s", output).isZero();
    assertThat(output).contains("agent-program: done");
    return output;
  }

  /** The case: a wrong CUJ_CATALOGUE made the agent fail to start, telemetry and all. */
  @Test
  void aWrongCatalogueNeitherStopsTheAgentNorTheServiceAndIsOneLoudLine() throws Exception {
    Path missing = dir.resolve("no-such-journeys.yaml");
    String output = run("-Dcuj.catalogue=" + missing);

    // The agent still exports: the server spans of the program's requests are there.
    assertThat(output).contains("\"scopeSpans\"").contains("\"name\":\"GET /reserve\"");
    // The extension's ERROR line (the agent logs it as ERROR) names the setting and the file, once:
    // the SDK is built once. The application's own copy of cuj-core (Journeys) says it once more.
    String line = "cuj: journeys OFF, cuj.catalogue: " + missing + ": no such file";
    assertThat(output.lines().filter(l -> l.contains(line) && l.contains("ERROR com.techmart.cuj.spi.CujSetup")).count())
        .as("the extension's ERROR lines naming the catalogue; output:%n%s", output).isEqualTo(1);
    assertThat(output).doesNotContain("cuj: journeys on");
    // Trust none: a journey a caller names is never stamped, known or not.
    assertThat(output).doesNotContain("\"forged-journey\"").doesNotContain("\"order-lookup\"");
  }

  @Test
  void theExtensionSaysOnLoadWhichCatalogueHowManyJourneysAndWhichTrustMode() throws Exception {
    Path catalogue = Path.of(getClass().getResource("/catalogues/shop-v2.yaml").toURI());
    String output = run("-Dcuj.catalogue=" + catalogue, "-Dcuj.trust=known");
    assertThat(output).contains("cuj: journeys on, catalogue " + catalogue + " (2 journeys, version 2), trust known");
  }

  /** Agent 2.x declarative configuration runs no autoconfigure customizer: cuj must say so. */
  @Test
  void underDeclarativeConfigurationItSaysLoudlyThatTheExtensionIsNotActive() throws Exception {
    Path config = Files.writeString(dir.resolve("otel.yaml"), """
        file_format: "0.4"
        tracer_provider:
          processors:
            - simple:
                exporter:
                  console: {}
        propagator:
          composite: [tracecontext, baggage]
        """);
    String output = run("-Dotel.config.file=" + config, "-Dotel.experimental.config.file=" + config);
    assertThat(output).contains("WARNING: cuj: the OpenTelemetry Java agent runs with declarative configuration ("
        + config + "), under which it calls no AutoConfigurationCustomizerProvider: the cuj agent extension is NOT active");
  }
}
