package com.techmart.cuj.servlet.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.techmart.cuj.testing.JourneySpans;
import com.techmart.cuj.testing.OtlpReceiver;
import com.techmart.cuj.testing.ReceivedSpan;
import com.techmart.cuj.testing.conformance.JourneyConformanceSuite;
import com.techmart.cuj.testing.conformance.OptOut;
import com.techmart.cuj.testing.conformance.Scenario;
import com.techmart.cuj.testing.conformance.ScenarioRun;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code JourneyFilter} in agent mode: the conformance service ({@link AgentConformanceProgram})
 * and its downstream service each run in a child JVM under the real OpenTelemetry Java agent with
 * the cuj agent extension, and export over OTLP to an {@link OtlpReceiver}. The agent makes the
 * server spans and extracts the context; the filter starts and ends the route journey; the
 * extension stamps the agent's spans and guards its baggage propagator. Spans still open cannot be
 * seen across the process boundary: a journey span that never ends shows as a missing one.
 */
class ServletAgentConformanceIT extends JourneyConformanceSuite {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final Pattern PORT = Pattern.compile("(?m)^port (\\d+)$");

  private static OtlpReceiver otlp;
  private static Process service;
  private static Process downstream;
  private static int servicePort;

  @BeforeAll
  static void startBothServicesUnderTheAgent(@TempDir Path dir) throws Exception {
    // The matrix's regeneration command names '*Conformance*' for surefire too; only failsafe
    // (after the package phase) has the agent and the extension to run this with.
    assumeTrue(System.getProperty("cuj.test.extension") != null,
        "agent mode runs in the integration-test phase (failsafe), which copies the agent and the extension");
    // Runs under the BOM's agent (2.20.1) and, in CI's otel-latest step, under 2.33.1: both record
    // every scenario the same, so one committed column serves both (a difference fails the column check).
    otlp = OtlpReceiver.start();
    Path catalogue = dir.resolve("conformance-journeys.yaml");
    try (InputStream in = Objects.requireNonNull(
        ServletAgentConformanceIT.class.getClassLoader().getResourceAsStream(CATALOGUE_RESOURCE))) {
      Files.copy(in, catalogue);
    }
    // Both JVMs start at once: the agent's start-up is most of the time this suite takes.
    Path downstreamLog = dir.resolve("downstream.log");
    Path serviceLog = dir.resolve("service.log");
    downstream = launch("conformance-downstream", catalogue, downstreamLog, dir.resolve("downstream.err"));
    service = launch("conformance-service", catalogue, serviceLog, dir.resolve("service.err"));
    int downstreamPort = awaitPort(downstream, downstreamLog, dir.resolve("downstream.err"));
    servicePort = awaitPort(service, serviceLog, dir.resolve("service.err"));
    control("downstream?uri=http://127.0.0.1:" + downstreamPort + "/c/plain");
  }

  @AfterAll
  static void stop() {
    for (Process p : new Process[] {service, downstream}) {
      if (p != null) {
        p.destroyForcibly();
      }
    }
    if (otlp != null) {
      otlp.close();
    }
  }

  private static Process launch(String serviceName, Path catalogue, Path out, Path err) throws Exception {
    Path agent = Path.of(System.getProperty("cuj.test.agent"));
    Path extension = Path.of(System.getProperty("cuj.test.extension"));
    assertThat(agent).as("java agent copied by the build").isRegularFile();
    assertThat(extension).as("cuj agent extension copied by the build").isRegularFile();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-javaagent:" + agent,
        "-Dotel.javaagent.extensions=" + extension,
        "-Dotel.service.name=" + serviceName,
        "-Dcuj.catalogue=" + catalogue));
    command.addAll(otlp.exporterSystemProperties());
    command.addAll(List.of("-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none", "-Dotel.bsp.schedule.delay=50",
        "-cp", System.getProperty("java.class.path"), AgentConformanceProgram.class.getName()));
    return new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
  }

  private static int awaitPort(Process process, Path out, Path err) {
    String[] port = new String[1];
    await("the service under the agent serves").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          if (!process.isAlive()) {
            throw new AssertionError("the service exited " + process.exitValue() + ":\n"
                + Files.readString(out) + Files.readString(err));
          }
          Matcher m = PORT.matcher(Files.readString(out));
          port[0] = m.find() ? m.group(1) : null;
          return port[0] != null;
        });
    return Integer.parseInt(port[0]);
  }

  private static void control(String what) throws Exception {
    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + servicePort + "/ctl/" + what)).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as("/ctl/%s: %s", what, answer.body()).isEqualTo(200);
  }

  @Override
  protected String stack() {
    return "servlet (agent)";
  }

  @Override
  protected Map<Scenario, OptOut> optOuts() {
    return ServletLibraryConformanceTest.OPT_OUTS;
  }

  @Override
  protected Map<Scenario, String> knownDefects() {
    return ServletLibraryConformanceTest.KNOWN_DEFECTS;
  }

  @Override
  protected ScenarioRun run(Scenario scenario) throws Exception {
    String[] trace = ServletLibraryConformanceTest.newTrace();
    if (scenario == Scenario.CLIENT_DISCONNECTS) {
      control("arm");
      ServletLibraryConformanceTest.disconnect(servicePort, trace[1], () -> control("entered"));
      control("release");
      return collect(scenario, trace[0]);
    }
    HttpResponse<String> response = ServletLibraryConformanceTest.send(servicePort, scenario, trace[1]);
    return collect(scenario, trace[0]).withResponse(response.statusCode(), response.headers().map());
  }

  private static ScenarioRun collect(Scenario scenario, String traceId) {
    int journeys = scenario.expectation().outcomes().size();
    long services = scenario == Scenario.HTTP_HOP ? 2 : 1;
    List<SpanData> spans = awaitOrNow(traceId, s -> s.stream().filter(x -> x.getKind() == SpanKind.SERVER).count() >= services
        && JourneySpans.journeySpans(s).size() >= journeys
        && s.stream().anyMatch(x -> x.getName().equals("work")));
    return ScenarioRun.of(spans, List.of());
  }

  private static List<SpanData> awaitOrNow(String traceId, Predicate<List<SpanData>> ready) {
    try {
      return ofTrace(otlp.awaitSpans(all -> ready.test(ofTrace(all, traceId)), Duration.ofSeconds(10)), traceId);
    } catch (AssertionError notThere) {
      // What a broken stack leaves behind is what the suite reports.
      return ofTrace(otlp.spans(), traceId);
    }
  }

  private static List<SpanData> ofTrace(List<ReceivedSpan> spans, String traceId) {
    return ReceivedSpan.toSpanData(spans.stream().filter(s -> s.traceId().equals(traceId)).toList());
  }
}
