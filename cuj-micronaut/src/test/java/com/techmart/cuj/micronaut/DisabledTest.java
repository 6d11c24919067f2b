package com.techmart.cuj.micronaut;

import static com.techmart.cuj.micronaut.TestApp.CUJ_NAME;
import static com.techmart.cuj.micronaut.TestApp.hasSpans;
import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.JourneyRunner;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code cuj.enabled=false}: the same application with journeys switched off (benchmarks' baseline). */
class DisabledTest {

  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start("journeys", Map.of(
        "cuj.enabled", false,
        "cuj.catalogue", "classpath:cuj/test-journeys.yaml",
        "cuj.routes", Map.of("GET /j/blocking", "order-lookup")));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void annotationFilterAndSpanProcessorPassThrough() {
    String[] trace = TestApp.newTrace();
    HttpResponse<String> response = app.get("/j/sync", "traceparent", trace[1],
        "baggage", "cuj.name=checkout", "X-Correlation-ID", "req-1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Correlation-ID")).isEmpty();
    List<SpanData> spans = app.awaitTrace(trace[0], hasSpans("work.sync"));
    assertThat(spans).noneMatch(s -> s.getName().startsWith("cuj."))
        .allSatisfy(s -> assertThat(s.getAttributes().get(CUJ_NAME)).as(s.getName()).isNull());
  }

  @Test
  void routesPassThrough() {
    String[] trace = TestApp.newTrace();
    assertThat(app.get("/j/blocking", "traceparent", trace[1]).statusCode()).isEqualTo(200);
    assertThat(app.awaitTrace(trace[0], hasSpans("work.blocking"))).noneMatch(s -> s.getName().startsWith("cuj."));
  }

  @Test
  void runnerIsStillThereForCodeThatUsesIt() {
    assertThat(app.context.getBean(JourneyRunner.class).catalogue().knows("checkout")).isTrue();
  }
}
