package com.techmart.cuj.micronaut;

import static com.techmart.cuj.micronaut.TestApp.CUJ_NAME;
import static com.techmart.cuj.micronaut.TestApp.serverSpan;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Observability never takes a service down: with an invalid catalogue (and no opt-in to fail
 * fast) the application starts and serves, logs one ERROR line naming the problem, runs no
 * journey, and refuses every journey arriving in baggage (trust none).
 */
class ConfigurationProblemTest {

  private static LogCapture logs;
  private static TestApp app;

  @BeforeAll
  static void start() {
    logs = new LogCapture();
    app = TestApp.start("routes", Map.of(
        "cuj.catalogue", "classpath:cuj/broken.yaml",
        "cuj.routes", Map.of("GET /routed/orders/{id}", "order-lookup")));
  }

  @AfterAll
  static void stop() {
    app.close();
    logs.close();
  }

  private static List<SpanData> request(String path, String... headers) {
    String[] trace = TestApp.newTrace();
    String[] all = new String[headers.length + 2];
    all[0] = "traceparent";
    all[1] = trace[1];
    System.arraycopy(headers, 0, all, 2, headers.length);
    assertThat(app.get(path, all).statusCode()).as("answered by the application").isEqualTo(200);
    return app.awaitTrace(trace[0], list -> list.stream().anyMatch(s -> s.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER)
        && list.stream().anyMatch(s -> s.getName().startsWith("work.")));
  }

  @Test
  void oneErrorLineNamesTheSettingTheFileAndTheProblem() {
    assertThat(logs.lines()).filteredOn(l -> l.contains("cuj.catalogue: classpath:cuj/broken.yaml"))
        .singleElement().asString()
        .startsWith(JourneySettings.class.getName() + " cuj: journeys OFF, cuj.catalogue: classpath:cuj/broken.yaml: "
            + "journey 'checkout': slo.availability must be a percentage");
  }

  @Test
  void theServiceServesButRunsNoJourney() {
    List<SpanData> routed = request("/routed/orders/7");
    assertThat(routed).noneMatch(s -> s.getName().startsWith("cuj."));
    assertThat(serverSpan(routed).getAttributes().get(CUJ_NAME)).isNull();

    List<SpanData> annotated = request("/routed/annotated");
    assertThat(annotated).noneMatch(s -> s.getName().startsWith("cuj."));
  }

  @Test
  void theBaggageGuardKeepsRunningAtTrustNone() {
    List<SpanData> spans = request("/routed/health", "baggage", "cuj.name=checkout,cuj.critical=true");
    assertThat(spans).allSatisfy(s -> assertThat(s.getAttributes().get(CUJ_NAME)).as(s.getName()).isNull());
  }
}
