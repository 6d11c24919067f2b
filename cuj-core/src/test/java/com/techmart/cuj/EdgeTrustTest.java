package com.techmart.cuj;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an internet client can do with the headers it controls, at an edge ({@code trust: none})
 * and at an internal service ({@code trust: known}): each test extracts real request headers with
 * the W3C propagators guarded by the policy, as a server does, and checks what the service would
 * send downstream (the injected {@code baggage} header), what it records and what it counts.
 */
class EdgeTrustTest {


  /** About 8 KB in 800 entries: what made inventory answer 413 and the api 500 (issue 18). */
  static final String HOSTILE_8KB = IntStream.range(0, 800)
      .mapToObj(i -> "k" + (100 + i) + "=v" + (100 + i))
      .collect(Collectors.joining(","));

  private final JourneyCatalogue catalogue = JourneyCatalogue.builder()
      .add(JourneyDefinition.of("checkout"))
      .build();
  private final TestTelemetry telemetry = new TestTelemetry(catalogue);

  @AfterEach
  void close() {
    telemetry.close();
  }

  private BaggageTrustPolicy policy(TrustMode mode) {
    return BaggageTrustPolicy.builder(catalogue).mode(mode).openTelemetry(telemetry.openTelemetry()).build();
  }

  private static Context extract(BaggageTrustPolicy policy, String baggage) {
    Map<String, String> headers = new HashMap<>();
    headers.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    headers.put("baggage", baggage);
    Context extracted = TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), JourneyBaggagePropagator.create(policy))
        .extract(Context.root(), headers, TestTelemetry.HEADERS);
    // What the server filters do next (cuj-micronaut, cuj-servlet): apply the policy once more.
    return policy.sanitize(extracted);
  }

  /** The baggage header this context would send to a downstream service. */
  private static String forwarded(Context context) {
    Map<String, String> out = new HashMap<>();
    W3CBaggagePropagator.getInstance().inject(context, out, Map::put);
    return out.getOrDefault("baggage", "");
  }

  @Test
  void aHostile8KbBaggageHeaderIsRefusedWholeAtEveryServiceAndNothingOfItTravelsOn() {
    assertThat(HOSTILE_8KB.length()).isBetween(7_900, 8_200);
    for (TrustMode mode : TrustMode.values()) {
      Context context = extract(policy(mode), HOSTILE_8KB + ",cuj.name=checkout");
      assertThat(Baggage.fromContext(context).size()).as("entries kept in mode %s", mode).isZero();
      assertThat(forwarded(context)).as("forwarded in mode %s", mode).isEmpty();
    }
    assertThat(telemetry.rejections("too_large")).isEqualTo(TrustMode.values().length);
  }

  @Test
  void anEdgeForwardsNoBaggageItDidNotSetItself() {
    Context context = extract(policy(TrustMode.NONE), "user=42,tenant=acme,cuj.name=checkout");
    assertThat(forwarded(context)).isEmpty();
    assertThat(telemetry.rejections("not_allowed")).isEqualTo(2);
    assertThat(telemetry.rejections("untrusted_source")).isEqualTo(1);
  }

  @Test
  void aSpoofedCorrelationIdInBaggageIsIgnoredAtTheEdge() {
    Context context = extract(policy(TrustMode.NONE), "correlation.id=chosen-by-the-attacker");
    assertThat(CorrelationId.fromContext(context)).isEmpty();
    assertThat(forwarded(context)).doesNotContain("chosen-by-the-attacker");
    assertThat(telemetry.rejections("not_allowed")).isEqualTo(1);
  }

  @Test
  void everyRefusedEntryIsCountedWithABoundedReason() {
    // Unknown cuj.* keys, entries the W3C parser drops and malformed correlation ids, at an
    // internal service (trust: known).
    Context context = extract(policy(TrustMode.KNOWN),
        "cuj.name=checkout,cuj.evil=1,cuj.tenant=x,bad key=1,=2,correlation.id=a%0Db,ok=1");
    assertThat(forwarded(context)).doesNotContain("cuj.evil", "cuj.tenant", "correlation.id").contains("ok=1");
    assertThat(telemetry.rejections("unknown_key")).isEqualTo(2);
    assertThat(telemetry.rejections("unparseable")).isEqualTo(2);
    assertThat(telemetry.rejections("malformed_correlation_id")).isEqualTo(1);
  }

  @Test
  void aClientCannotSwitchItsOwnRequestOutOfTheMetricsAtAnEdge() {
    java.util.List<String> recorded = new java.util.ArrayList<>();
    for (String trust : new String[] {"none", "known"}) {
      InMemorySpanExporter spans = InMemorySpanExporter.create();
      try (OpenTelemetrySdk sdk = TestTelemetry.autoconfigured(
          Map.of("cuj.trust", trust, "cuj.catalogue", "classpath:catalogues/shop.yaml"), spans)) {
        Context parent = sdk.getPropagators().getTextMapPropagator().extract(Context.root(),
            Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"), TestTelemetry.HEADERS);
        Span server = sdk.getTracer("test").spanBuilder("POST /api/orders " + trust)
            .setSpanKind(SpanKind.SERVER).setParent(parent).startSpan();
        server.end();
        spans.getFinishedSpanItems().forEach(span -> recorded.add(span.getName()));
      }
    }
    assertThat(recorded)
        .as("the edge records a sampled=00 request; an internal service follows its (trusted) caller")
        .containsExactly("POST /api/orders none");
  }

  @Test
  void aHostHeaderCannotNameTheServerOnServerSpans() {
    io.opentelemetry.api.trace.Tracer tracer = telemetry.openTelemetry().getTracer("http");
    for (int i = 0; i < 100; i++) {
      // What HTTP server instrumentation does with Host / X-Forwarded-Host / Forwarded: host=.
      tracer.spanBuilder("GET /api/products").setSpanKind(SpanKind.SERVER)
          .setAttribute("server.address", "attacker-" + i + ".example").startSpan().end();
    }
    tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT).setAttribute("server.address", "inventory")
        .startSpan().end();
    assertThat(telemetry.finished()).extracting(s -> s.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("server.address")))
        .containsOnly("_OTHER", "inventory")
        .filteredOn("inventory"::equals).hasSize(1);
  }
}
