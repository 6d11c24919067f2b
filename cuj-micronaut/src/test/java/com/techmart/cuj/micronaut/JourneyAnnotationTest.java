package com.techmart.cuj.micronaut;

import static com.techmart.cuj.micronaut.TestApp.CORRELATION;
import static com.techmart.cuj.micronaut.TestApp.CUJ_CRITICAL;
import static com.techmart.cuj.micronaut.TestApp.CUJ_NAME;
import static com.techmart.cuj.micronaut.TestApp.CUJ_OUTCOME;
import static com.techmart.cuj.micronaut.TestApp.hasSpans;
import static com.techmart.cuj.micronaut.TestApp.serverSpan;
import static com.techmart.cuj.micronaut.TestApp.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/** {@code @Journey} on controller and bean methods of a real Netty server, one per result kind. */
class JourneyAnnotationTest {

  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start("journeys", Map.of("cuj.catalogue", "classpath:cuj/test-journeys.yaml"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static List<SpanData> call(String path, String journeySpan, String workSpan) {
    String[] trace = TestApp.newTrace();
    HttpResponse<String> response = app.get(path, "traceparent", trace[1]);
    List<SpanData> spans = app.awaitTrace(trace[0], list -> hasSpans(journeySpan).test(list)
        && list.stream().anyMatch(s -> s.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER)
        && (workSpan == null || hasSpans(workSpan).test(list)));
    if (!path.equals("/j/flux-fail")) {
      // Micronaut writes the error of a streamed body itself, past the filters.
      assertThat(response.headers().firstValue("X-Correlation-ID")).as("echoed correlation id").isPresent();
    }
    return spans;
  }

  /** The journey span is a child of the server span, the work a child of the journey span. */
  private static void assertTree(List<SpanData> spans, String journeySpan, String workSpan) {
    SpanData server = serverSpan(spans);
    SpanData journey = span(spans, journeySpan);
    assertThat(journey.getParentSpanId()).isEqualTo(server.getSpanId());
    if (workSpan != null) {
      SpanData work = span(spans, workSpan);
      assertThat(work.getParentSpanId()).as("work runs inside the journey").isEqualTo(journey.getSpanId());
      assertThat(work.getAttributes().get(CUJ_NAME)).isEqualTo(journey.getAttributes().get(CUJ_NAME));
    }
    assertThat(server.getAttributes().get(CUJ_NAME)).isEqualTo(journey.getAttributes().get(CUJ_NAME));
    assertThat(server.getAttributes().get(CORRELATION)).isNotBlank();
  }

  @Test
  void synchronousJourneyStampsServerSpanAndEndsOk() {
    List<SpanData> spans = call("/j/sync", "cuj.checkout", "work.sync");
    assertTree(spans, "cuj.checkout", "work.sync");
    SpanData journey = span(spans, "cuj.checkout");
    assertThat(journey.getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
    assertThat(journey.getAttributes().get(CUJ_OUTCOME)).isEqualTo("success");
    assertThat(journey.getAttributes().get(CUJ_CRITICAL)).isTrue();
  }

  @Test
  void synchronousFailureIsRecordedAsError() {
    List<SpanData> spans = call("/j/sync-fail", "cuj.checkout", "work.sync-fail");
    assertTree(spans, "cuj.checkout", "work.sync-fail");
    SpanData journey = span(spans, "cuj.checkout");
    assertThat(journey.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(journey.getAttributes().get(CUJ_OUTCOME)).isEqualTo("error");
    assertThat(journey.getEvents()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("exception");
      assertThat(e.getAttributes().get(AttributeKey.stringKey("exception.message")))
          .isEqualTo("payment service down");
    });
  }

  @Test
  void expectedOutcomeKeepsStatusOk() {
    List<SpanData> spans = call("/j/expected", "cuj.checkout", null);
    SpanData journey = span(spans, "cuj.checkout");
    assertThat(journey.getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
    assertThat(journey.getAttributes().get(CUJ_OUTCOME)).isEqualTo("expected");
    assertThat(journey.getAttributes().get(AttributeKey.stringKey("cuj.outcome.type")))
        .isEqualTo(OutOfStockException.class.getName());
  }

  @Test
  void anExpectedOutcomeDeclaredOnlyInTheCatalogueKeepsStatusOk() {
    List<SpanData> spans = call("/j/expected-by-catalogue", "cuj.order-lookup", "work.expected-by-catalogue");
    SpanData journey = span(spans, "cuj.order-lookup");
    assertThat(journey.getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
    assertThat(journey.getAttributes().get(CUJ_OUTCOME)).isEqualTo("expected");
    assertThat(journey.getAttributes().get(AttributeKey.stringKey("cuj.outcome.type")))
        .isEqualTo(OrderMissingException.class.getName());
  }

  @Test
  void journeyOnBlockingExecutorKeepsContext() {
    List<SpanData> spans = call("/j/blocking", "cuj.order-lookup", "work.blocking");
    assertTree(spans, "cuj.order-lookup", "work.blocking");
    assertThat(span(spans, "cuj.order-lookup").getAttributes().get(CUJ_CRITICAL))
        .as("the catalogue says order-lookup is not critical").isFalse();
  }

  @Test
  void completionStageJourneyEndsWhenStageCompletes() {
    List<SpanData> spans = call("/j/stage", "cuj.checkout", "work.stage");
    assertTree(spans, "cuj.checkout", "work.stage");
    assertThat(span(spans, "cuj.checkout").getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
    assertThat(span(spans, "cuj.checkout").getEndEpochNanos())
        .isGreaterThanOrEqualTo(span(spans, "work.stage").getEndEpochNanos());
  }

  @Test
  void failedCompletionStageIsAnError() {
    List<SpanData> spans = call("/j/stage-fail", "cuj.checkout", null);
    SpanData journey = span(spans, "cuj.checkout");
    assertThat(journey.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(journey.getStatus().getDescription()).isEqualTo("stock service down");
  }

  @Test
  void monoJourneyFollowsTheSchedulerHop() {
    HttpResponse<String> body = app.get("/j/mono");
    assertThat(body.body()).contains("journey=product-discovery").contains("correlation=");
    List<SpanData> spans = call("/j/mono", "cuj.product-discovery", "work.mono");
    assertTree(spans, "cuj.product-discovery", "work.mono");
    assertThat(span(spans, "cuj.product-discovery").getAttributes().get(CUJ_OUTCOME)).isEqualTo("success");
  }

  @Test
  void failedMonoIsAnError() {
    List<SpanData> spans = call("/j/mono-fail", "cuj.product-discovery", null);
    SpanData journey = span(spans, "cuj.product-discovery");
    assertThat(journey.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(journey.getStatus().getDescription()).isEqualTo("search index down");
  }

  @Test
  void fluxJourneyEndsAfterLastElement() {
    List<SpanData> spans = call("/j/flux", "cuj.product-discovery", "work.flux-3");
    assertTree(spans, "cuj.product-discovery", "work.flux-1");
    SpanData journey = span(spans, "cuj.product-discovery");
    assertThat(journey.getEndEpochNanos()).isGreaterThanOrEqualTo(span(spans, "work.flux-3").getEndEpochNanos());
    assertThat(journey.getAttributes().get(CUJ_OUTCOME)).isEqualTo("success");
  }

  @Test
  void failingFluxIsAnError() {
    List<SpanData> spans = call("/j/flux-fail", "cuj.product-discovery", null);
    SpanData journey = span(spans, "cuj.product-discovery");
    assertThat(journey.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(journey.getStatus().getDescription()).isEqualTo("catalogue gone");
  }

  @Test
  void cancellingAReactiveJourneyEndsItsSpan() {
    SlowJourneys beans = app.context.getBean(SlowJourneys.class);
    app.spans.reset();

    Disposable flux = beans.follow().subscribe();
    Disposable mono = beans.await().subscribe();
    beans.feed.tryEmitNext("one");
    flux.dispose();
    mono.dispose();

    List<SpanData> spans = app.awaitSpans(s -> s.getName().startsWith("cuj."),
        hasSpans("cuj.product-discovery", "cuj.checkout"));
    assertThat(spans).allSatisfy(s -> {
      assertThat(s.getAttributes().get(CUJ_OUTCOME)).isEqualTo("cancelled");
      assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
      assertThat(s.hasEnded()).isTrue();
    });
  }

  @Test
  void clientGoingAwayCancelsAStreamingJourney() throws Exception {
    String[] trace = TestApp.newTrace();
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.server.getPort())) {
      socket.getOutputStream().write(("GET /j/stream HTTP/1.1\r\nHost: localhost\r\n"
          + "traceparent: " + trace[1] + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      java.io.InputStream in = socket.getInputStream();
      String received = "";
      byte[] buffer = new byte[512];
      while (!received.contains("tick 1")) {
        int n = in.read(buffer);
        assertThat(n).as("stream still open").isPositive();
        received += new String(buffer, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
      }
    }
    List<SpanData> spans = app.awaitTrace(trace[0], TestApp.hasSpan("cuj.product-discovery"));
    assertThat(span(spans, "cuj.product-discovery").getAttributes().get(CUJ_OUTCOME)).isEqualTo("cancelled");
  }
}
