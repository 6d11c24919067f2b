package com.techmart.cuj.micronaut;

import static com.techmart.cuj.micronaut.TestApp.CUJ_OUTCOME;
import static com.techmart.cuj.micronaut.TestApp.hasSpans;
import static com.techmart.cuj.micronaut.TestApp.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** How {@code @Journey} and route journeys end, on a real Netty server (DESIGN §4 "Outcomes"). */
class OutcomeTest {

  private static final AttributeKey<String> OUTCOME_TYPE = AttributeKey.stringKey("cuj.outcome.type");
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start("outcomes", Map.of(
        "cuj.catalogue", "classpath:cuj/test-journeys.yaml",
        "cuj.routes", Map.of("GET /o/routed-checkout", "checkout")));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @BeforeEach
  void clear() {
    app.spans.reset();
  }

  private static SpanData journeyOf(String path, String journeySpan, int status) {
    String[] trace = TestApp.newTrace();
    assertThat(app.get(path, "traceparent", trace[1]).statusCode()).isEqualTo(status);
    List<SpanData> spans = app.awaitTrace(trace[0], list -> hasSpans(journeySpan).test(list)
        && list.stream().anyMatch(s -> s.getKind() == SpanKind.SERVER));
    assertThat(spans).filteredOn(s -> s.getName().equals(journeySpan)).as("one journey span").hasSize(1);
    return span(spans, journeySpan);
  }

  private static List<SpanData> beanJourneys(String name, int count) {
    return app.awaitSpans(s -> s.getName().equals(name), list -> list.size() >= count);
  }

  @Test
  void anEndpointThatReturnsA500IsAnError() {
    SpanData journey = journeyOf("/o/returns-500", "cuj.checkout", 500);
    assertThat(journey.getAttributes().get(CUJ_OUTCOME)).isEqualTo("error");
    assertThat(journey.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void anExceptionAnsweredWithA4xxIsExpectedWithItsStatus() {
    SpanData journey = journeyOf("/o/mapped-409", "cuj.checkout", 409);
    assertThat(journey.getAttributes().get(CUJ_OUTCOME)).isEqualTo("expected");
    assertThat(journey.getAttributes().get(OUTCOME_TYPE)).isEqualTo("http.409");
    assertThat(journey.getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
  }

  @Test
  void aRouteJourneyAndABeanJourneyOfTheSameNameAreOneJourney() {
    SpanData journey = journeyOf("/o/routed-checkout", "cuj.checkout", 200);
    assertThat(journey.getAttributes().get(CUJ_OUTCOME)).isEqualTo("success");
  }

  @Test
  void anEmptyReactiveAnswerEndsTheJourneyByTheStatusTheClientGets() {
    SpanData journey = journeyOf("/o/empty", "cuj.product-discovery", 404);
    assertThat(journey.getAttributes().get(OUTCOME_TYPE)).isEqualTo("http.404");
  }

  @Test
  void aCheckedExceptionThroughJourneyIsRecordedAsAnError() {
    OutcomeBeans beans = app.context.getBean(OutcomeBeans.class);
    assertThatThrownBy(beans::charge).isInstanceOf(IOException.class).hasMessage("card network unreachable");

    SpanData journey = beanJourneys("cuj.payment", 1).get(0);
    assertThat(journey.getAttributes().get(CUJ_OUTCOME)).isEqualTo("error");
    assertThat(journey.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void aNullStageIsAnError() {
    OutcomeBeans beans = app.context.getBean(OutcomeBeans.class);
    // Micronaut turns the null into a failed stage, with or without CUJ.
    assertThat(beans.chargeLater().toCompletableFuture()).isCompletedExceptionally();

    SpanData journey = beanJourneys("cuj.payment", 1).get(0);
    assertThat(journey.getAttributes().get(CUJ_OUTCOME)).isEqualTo("error");
  }

  @Test
  void aReactiveJourneyStartsPerSubscription() {
    OutcomeBeans beans = app.context.getBean(OutcomeBeans.class);
    Mono<String> neverSubscribed = beans.flaky();
    Mono<String> retried = beans.flaky();

    assertThat(retried.retry(5).block()).isEqualTo("charged");

    List<SpanData> journeys = beanJourneys("cuj.payment", 3);
    assertThat(journeys).as("one journey per subscription, none for the publisher nobody subscribed to")
        .extracting(s -> s.getAttributes().get(CUJ_OUTCOME))
        .containsExactlyInAnyOrder("error", "error", "success");
    assertThat(neverSubscribed).isNotNull();
    assertThat(beans.subscriptions).hasValue(3);
  }

  @Test
  void aClientThatLeavesBeforeTheAnswerIsACancellation() throws Exception {
    OutcomeBeans beans = app.context.getBean(OutcomeBeans.class);
    String[] trace = TestApp.newTrace();
    try (Socket socket = new Socket("127.0.0.1", app.server.getPort())) {
      socket.getOutputStream().write(("GET /o/slow HTTP/1.1\r\nHost: localhost\r\n"
          + "traceparent: " + trace[1] + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      assertThat(beans.entered.await(10, TimeUnit.SECONDS)).as("handler entered").isTrue();
    }
    // The socket is closed; the handler answers once the server notices, to nobody.

    List<SpanData> spans = app.awaitTrace(trace[0], TestApp.hasSpan("cuj.order-lookup"));
    SpanData journey = span(spans, "cuj.order-lookup");
    assertThat(journey.getAttributes().get(CUJ_OUTCOME)).isEqualTo("cancelled");
    assertThat(journey.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }
}
