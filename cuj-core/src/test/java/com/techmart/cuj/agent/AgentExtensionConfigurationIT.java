package com.techmart.cuj.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
    // The tests below decide by the agent's version: the child must run the one the build names.
    assertThat(output).contains("opentelemetry-javaagent - version: " + AGENT_VERSION);
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

  /** Agents before 2.33 run no customizer of cuj's under declarative configuration: cuj must say so. */
  @Test
  void underDeclarativeConfigurationOfAnOlderAgentItSaysLoudlyThatTheExtensionIsNotActive() throws Exception {
    assumeTrue(agentBefore(2, 33), "agent " + AGENT_VERSION + " loads the extension's declarative"
        + " customizer (see underDeclarativeConfigurationTheExtensionStampsAndGuardsBaggage)");
    Path config = declarativeConfiguration("0.4", "[tracecontext, baggage]");
    String output = run("-Dotel.config.file=" + config, "-Dotel.experimental.config.file=" + config);
    assertThat(output).contains("WARNING: cuj: the OpenTelemetry Java agent runs with declarative configuration ("
        + config + "), and the cuj agent extension did not wire journeys into it");
    assertThat(output).contains("the cuj agent extension is NOT active");
  }

  /**
   * The case (#19: 0 of 70 DB spans stamped, the baggage guard gone): agent 2.33 with
   * otel.config.file. The file names no cuj component; the extension adds its span processor and
   * guarded baggage propagator, so the agent's client span inside the journey and the downstream
   * server span carry cuj.name, and a forged journey in a caller's baggage reaches no span.
   */
  @Test
  void underDeclarativeConfigurationTheExtensionStampsAndGuardsBaggage() throws Exception {
    assumeFalse(agentBefore(2, 33), "agent " + AGENT_VERSION + " has no declarativeconfig customizer SPI;"
        + " the otel-latest profile (agent 2.33.1) runs this test");
    Path catalogue = Path.of(getClass().getResource("/catalogues/shop-v2.yaml").toURI());
    Path config = declarativeConfiguration("1.0", "[{tracecontext: {}}, {baggage: {}}]");
    String output = run("-Dotel.config.file=" + config, "-Dcuj.catalogue=" + catalogue, "-Dcuj.trust=known");

    assertThat(output).contains("cuj: journeys on, catalogue " + catalogue + " (2 journeys, version 2), trust known"
        + " (declarative configuration)");
    assertThat(output).doesNotContain("NOT active");
    // The console exporter writes one line per span: 'name' : traceId spanId KIND [tracer: ...] AttributesMap{...}
    List<String> spans = output.lines().filter(l -> l.contains("' : ") && l.contains("AttributesMap")).toList();
    assertThat(spans).as("exported spans; output:%n%s", output)
        .anySatisfy(l -> assertThat(l).contains("'cuj.checkout'").contains("cuj.name=checkout"))
        // The agent's HttpClient span inside the journey: only the extension's span processor stamps it.
        .anySatisfy(l -> assertThat(l).contains(" CLIENT ").contains("cuj.name=checkout"))
        // The /reserve server span the checkout called: the journey came in guarded baggage.
        .anySatisfy(l -> assertThat(l).contains("'GET /reserve'").contains(" SERVER ").contains("cuj.name=checkout"));
    // A caller's forged name is refused by the guarded propagator and never stamped.
    assertThat(output).doesNotContain("forged-journey");
  }

  /** An agent configuration file naming no cuj component; spans go to the console exporter. */
  private Path declarativeConfiguration(String fileFormat, String propagators) throws Exception {
    return Files.writeString(dir.resolve("otel.yaml"), """
        file_format: "%s"
        tracer_provider:
          processors:
            - simple:
                exporter:
                  console: {}
        propagator:
          composite: %s
        """.formatted(fileFormat, propagators));
  }

  private static final String AGENT_VERSION = System.getProperty("cuj.test.agent.version", "");

  private static boolean agentBefore(int major, int minor) {
    String[] parts = AGENT_VERSION.split("[.-]");
    int[] version = {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    return version[0] < major || (version[0] == major && version[1] < minor);
  }
}
