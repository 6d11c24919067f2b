package com.techmart.cuj;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Background work resumes the journey that queued it: same trace, same {@code cuj.name}. */
class JourneyHandoffTest {

  private final JourneyCatalogue catalogue = JourneyCatalogue.of(JourneyDefinition.of("checkout"));
  private final TestTelemetry telemetry = new TestTelemetry(catalogue);
  private final JourneyRunner journeys =
      JourneyRunner.builder(telemetry.openTelemetry()).catalogue(catalogue).build();
  private final Tracer tracer = telemetry.openTelemetry().getTracer("worker");
  private final ExecutorService worker = Executors.newSingleThreadExecutor();

  @AfterEach
  void close() throws InterruptedException {
    worker.shutdownNow();
    worker.awaitTermination(5, TimeUnit.SECONDS);
    telemetry.close();
  }

  private void stage(Map<String, String> stored, BaggageTrustPolicy policy) throws Exception {
    worker.submit(() -> {
      Context resumed = JourneyHandoff.restore(stored, policy);
      try (Scope ignored = resumed.makeCurrent()) {
        Span fulfil = tracer.spanBuilder("order.fulfil").startSpan();
        fulfil.end();
      }
    }).get(10, TimeUnit.SECONDS);
  }

  @Test
  void capturedJourneyContinuesTheTraceOnAnotherThread() throws Exception {
    Map<String, String> stored = journeys.call("checkout", JourneyHandoff::capture);
    assertThat(stored).containsKeys("traceparent", "baggage");

    stage(new HashMap<>(stored), journeys.trustPolicy());

    SpanData journey = telemetry.span("cuj.checkout");
    SpanData fulfil = telemetry.span("order.fulfil");
    assertThat(fulfil)
        .hasTraceId(journey.getTraceId())
        .hasParentSpanId(journey.getSpanId())
        .hasAttributesSatisfying(equalTo(JourneyAttributes.CUJ_NAME, "checkout"));
  }

  @Test
  void edgeServiceThatRefusesHttpJourneysStillResumesItsOwn() throws Exception {
    Map<String, String> stored = journeys.call("checkout", JourneyHandoff::capture);
    stage(stored, journeys.trustPolicy().withMode(TrustMode.NONE));
    assertThat(telemetry.span("order.fulfil").getAttributes().get(JourneyAttributes.CUJ_NAME)).isEqualTo("checkout");
  }

  @Test
  void forgedStoredJourneyIsNotTrusted() throws Exception {
    Map<String, String> stored = Map.of(
        "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "baggage", "cuj.name=made-up");
    stage(stored, journeys.trustPolicy());
    SpanData fulfil = telemetry.span("order.fulfil");
    assertThat(fulfil.getAttributes().get(JourneyAttributes.CUJ_NAME)).isNull();
    assertThat(fulfil.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
  }

  @Test
  void aHandoffStoresOnlyTheTraceAndTheJourneyNotTheCallersBaggage() throws Exception {
    // What an outbox row got from a checkout that carried 7 KB of baggage (issue 18): now bounded.
    Context request = Context.root().with(io.opentelemetry.api.baggage.Baggage.builder()
        .put("correlation.id", "req-42")
        .put("padding", "x".repeat(7_000))
        .build());
    Map<String, String> stored;
    try (Scope ignored = request.makeCurrent()) {
      stored = journeys.call("checkout", JourneyHandoff::capture);
    }
    assertThat(stored).containsOnlyKeys("traceparent", "baggage");
    assertThat(stored.get("baggage")).isEqualTo("correlation.id=req-42,cuj.critical=true,cuj.name=checkout");
    assertThat(String.join("", stored.values()).length()).isLessThan(200);

    // A row written before captures were bounded: its extra baggage is not replayed.
    Map<String, String> old = new HashMap<>(stored);
    old.put("baggage", stored.get("baggage") + ",padding=" + "x".repeat(7_000));
    old.put("tracestate", "a=" + "b".repeat(1_000));
    Context restored = JourneyHandoff.restore(old, journeys.trustPolicy());
    assertThat(io.opentelemetry.api.baggage.Baggage.fromContext(restored).getEntryValue("padding")).isNull();
    assertThat(CorrelationId.fromContext(restored)).hasValue("req-42");
    assertThat(journeys.current(restored)).hasValue(new ActiveJourney("checkout", true));
  }

  @Test
  void garbledOrEmptyMapStartsAFreshTraceInsteadOfFailing() throws Exception {
    stage(Map.of("traceparent", "garbage\r\n", "baggage", ";;;"), journeys.trustPolicy());
    stage(Map.of(), journeys.trustPolicy());
    stage(null, journeys.trustPolicy());
    assertThat(telemetry.finished()).hasSize(3).allSatisfy(span -> {
      assertThat(span.getParentSpanContext().isValid()).isFalse();
      assertThat(span.getAttributes().get(JourneyAttributes.CUJ_NAME)).isNull();
    });
  }

  @Test
  void wrappedExecutorRunsTasksInTheSubmittersJourney() throws Exception {
    ExecutorService wrapped = JourneyHandoff.wrap(worker);
    AtomicReference<ActiveJourney> seen = new AtomicReference<>();
    journeys.call("checkout", () -> wrapped.submit(() -> {
      seen.set(journeys.current().orElse(null));
      tracer.spanBuilder("send-email").startSpan().end();
    })).get(10, TimeUnit.SECONDS);

    assertThat(seen.get()).isEqualTo(new ActiveJourney("checkout", true));
    assertThat(telemetry.span("send-email"))
        .hasParentSpanId(telemetry.span("cuj.checkout").getSpanId())
        .hasAttributesSatisfying(equalTo(JourneyAttributes.CUJ_NAME, "checkout"));
  }
}
