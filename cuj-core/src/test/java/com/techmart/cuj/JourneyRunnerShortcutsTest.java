package com.techmart.cuj;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runner avoids work where it can (a journey's baggage built once, no span at all when
 * telemetry is off: see benchmarks/). These tests pin that what the body and the spans see is
 * unchanged by those shortcuts.
 */
class JourneyRunnerShortcutsTest {

  private final JourneyCatalogue catalogue = JourneyCatalogue.builder()
      .add(JourneyDefinition.of("checkout"))
      .add(JourneyDefinition.builder("order-lookup").critical(false).build())
      .build();
  private final TestTelemetry telemetry = new TestTelemetry(catalogue);
  private final JourneyRunner journeys =
      JourneyRunner.builder(telemetry.openTelemetry()).catalogue(catalogue).build();
  private final JourneyRunner journeysWithTelemetryOff =
      JourneyRunner.builder(OpenTelemetry.noop()).catalogue(catalogue).build();

  @AfterEach
  void close() {
    telemetry.close();
  }

  @Test
  void theCallersOtherBaggageEntriesStayAlongsideTheJourney() {
    Baggage incoming = Baggage.builder().put("session.tier", "gold").build();
    Map<String, String> inside;
    try (Scope ignored = Context.current().with(incoming).makeCurrent()) {
      inside = journeys.call("order-lookup", () -> entries(Baggage.current()));
      assertThat(Baggage.current().getEntryValue("cuj.name")).isNull();
    }
    assertThat(inside).containsExactlyInAnyOrderEntriesOf(
        Map.of("session.tier", "gold", "cuj.name", "order-lookup", "cuj.critical", "false"));
  }

  @Test
  void aJourneyReplacesAnotherJourneysBaggageAndKeepsTheSameOne() {
    Baggage other = Baggage.builder().put("cuj.name", "order-lookup").put("cuj.critical", "false").build();
    Baggage same = Baggage.builder().put("cuj.name", "checkout").put("cuj.critical", "true")
        .put("session.tier", "gold").build();
    Map<String, String> afterOther;
    Map<String, String> afterSame;
    try (Scope ignored = Context.current().with(other).makeCurrent()) {
      afterOther = journeys.call("checkout", () -> entries(Baggage.current()));
    }
    try (Scope ignored = Context.current().with(same).makeCurrent()) {
      afterSame = journeys.call("checkout", () -> entries(Baggage.current()));
    }
    assertThat(afterOther).containsExactlyInAnyOrderEntriesOf(
        Map.of("cuj.name", "checkout", "cuj.critical", "true"));
    assertThat(afterSame).containsExactlyInAnyOrderEntriesOf(
        Map.of("cuj.name", "checkout", "cuj.critical", "true", "session.tier", "gold"));
  }

  @Test
  void withTelemetryOffTheBodyStillRunsInItsJourneyAndAHandoffStillCarriesIt() {
    ActiveJourney seen = journeysWithTelemetryOff.call("order-lookup",
        () -> journeysWithTelemetryOff.current().orElseThrow());
    String[] baggage = new String[1];
    Map<String, String> captured = journeysWithTelemetryOff.call("checkout", () -> {
      baggage[0] = Baggage.current().getEntryValue("cuj.name");
      return JourneyHandoff.capture();
    });

    assertThat(seen).isEqualTo(new ActiveJourney("order-lookup", false));
    // OpenTelemetry.noop() has no propagators, so no baggage can leave the process: the journey
    // stays out of it (one context entry, not two) ...
    assertThat(baggage[0]).isNull();
    // ... but a hand-off, which writes its own W3C headers, still carries it to the worker.
    assertThat(captured.get("baggage").split(",")).containsExactlyInAnyOrder("cuj.name=checkout", "cuj.critical=true");
    assertThat(journeysWithTelemetryOff.current(JourneyHandoff.restore(captured, journeys.trustPolicy())))
        .contains(new ActiveJourney("checkout", true));
    assertThat(journeysWithTelemetryOff.current()).isEmpty();
    assertThat(Baggage.current().isEmpty()).isTrue();
  }

  @Test
  void withTracingOffButPropagatorsOnTheJourneyIsInBaggageForDownstreamCalls() {
    JourneyRunner propagatingOnly = JourneyRunner.builder(OpenTelemetry.propagating(
        ContextPropagators.create(W3CBaggagePropagator.getInstance()))).catalogue(catalogue).build();
    String[] baggage = new String[2];
    propagatingOnly.run("checkout", () -> {
      baggage[0] = Baggage.current().getEntryValue("cuj.name");
      baggage[1] = Baggage.current().getEntryValue("cuj.critical");
    });
    assertThat(baggage).containsExactly("checkout", "true");
  }

  @Test
  void withTelemetryOffExceptionsPassThroughUnchanged() {
    IOException thrown = new IOException("gateway down");
    assertThatThrownBy(() -> journeysWithTelemetryOff.call("checkout", () -> {
      throw thrown;
    })).isSameAs(thrown);
    assertThatThrownBy(() -> journeysWithTelemetryOff.run("checkout", () -> {
      throw thrown;
    })).isSameAs(thrown);
    assertThat(journeysWithTelemetryOff.current()).isEmpty();
  }

  @Test
  void withTelemetryOffARecordingEnclosingSpanIsStillStamped() {
    // An application whose server spans come from elsewhere (another SDK instance) while the
    // runner was built on the no-op API: the enclosing span is stamped as with telemetry on.
    Tracer other = telemetry.openTelemetry().getTracer("server");
    Span server = other.spanBuilder("GET /api/orders/{id}").setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = server.makeCurrent()) {
      journeysWithTelemetryOff.run("order-lookup", () -> {});
    } finally {
      server.end();
    }
    assertThat(telemetry.names()).containsExactly("GET /api/orders/{id}");
    assertThat(telemetry.span("GET /api/orders/{id}")).hasAttributesSatisfying(
        equalTo(JourneyAttributes.CUJ_NAME, "order-lookup"), equalTo(JourneyAttributes.CUJ_CRITICAL, false));
  }

  @Test
  void aBeforeEndActionRacingTheEndRunsExactlyWhenItWasAccepted() throws Exception {
    JourneyDefinition checkout = catalogue.find("checkout").orElseThrow();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 500; round++) {
        StartedJourney journey = journeys.start(checkout);
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        Future<Boolean> registered = pool.submit(() -> {
          go.await();
          return journey.beforeEnd(span -> ran.incrementAndGet());
        });
        Future<?> ended = pool.submit(() -> {
          go.await();
          journey.succeed();
          return null;
        });
        go.countDown();
        boolean accepted = registered.get(10, TimeUnit.SECONDS);
        ended.get(10, TimeUnit.SECONDS);
        assertThat(ran.get()).as("round %d, accepted=%s", round, accepted).isEqualTo(accepted ? 1 : 0);
        assertThat(journey.isEnded()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aKnownJourneyArrivingAsWeWouldWriteItIsAcceptedWithItsBaggageUntouched() {
    Context handler = extract("cuj.name=checkout,cuj.critical=true,tenant=acme");
    assertThat(entries(Baggage.fromContext(handler))).containsExactlyInAnyOrderEntriesOf(
        Map.of("cuj.name", "checkout", "cuj.critical", "true", "tenant", "acme"));
    assertThat(journeys.current(handler)).contains(new ActiveJourney("checkout", true));
  }

  @Test
  void theShortcutStillRemovesStrayJourneyKeysAndMetadata() {
    Baggage stray = Baggage.fromContext(extract("cuj.name=checkout,cuj.critical=true,cuj.evil=1"));
    Baggage withMetadata = Baggage.fromContext(extract("cuj.name=checkout;sneaky=1,cuj.critical=true"));

    assertThat(entries(stray)).containsExactlyInAnyOrderEntriesOf(Map.of("cuj.name", "checkout", "cuj.critical", "true"));
    assertThat(withMetadata.getEntry("cuj.name").getMetadata().getValue()).isEmpty();
    assertThat(withMetadata.getEntryValue("cuj.name")).isEqualTo("checkout");
  }

  private Context extract(String baggageHeader) {
    BaggageTrustPolicy policy = BaggageTrustPolicy.builder(catalogue)
        .openTelemetry(telemetry.openTelemetry()).build();
    return JourneyBaggagePropagator.create(policy).extract(Context.root(), Map.of("baggage", baggageHeader),
        TestTelemetry.HEADERS);
  }

  private static Map<String, String> entries(Baggage baggage) {
    return baggage.asMap().entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getValue()));
  }
}
