package com.techmart.cuj;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Incoming baggage is untrusted input. Each test builds real request headers, extracts them with
 * the W3C propagators (guarded by the policy, as a server would), starts the server span and a
 * child in that context, and checks what reached the span attributes and the rejection counter.
 */
class BaggageTrustPolicyTest {


  private final JourneyCatalogue catalogue = JourneyCatalogue.builder()
      .add(JourneyDefinition.of("checkout"))
      .add(JourneyDefinition.builder("order-lookup").critical(false).build())
      .build();
  private final TestTelemetry telemetry = new TestTelemetry(catalogue);

  @AfterEach
  void close() {
    telemetry.close();
  }

  private BaggageTrustPolicy policy(TrustMode mode) {
    return BaggageTrustPolicy.builder(catalogue).mode(mode).openTelemetry(telemetry.openTelemetry()).build();
  }

  /** Serves one request with these headers; returns the context the handler ran in. */
  private Context serve(BaggageTrustPolicy policy, Map<String, String> headers) {
    TextMapPropagator propagator = TextMapPropagator.composite(
        W3CTraceContextPropagator.getInstance(), JourneyBaggagePropagator.create(policy));
    Context extracted = propagator.extract(Context.root(), headers, TestTelemetry.HEADERS);
    Span server = telemetry.openTelemetry().getTracer("test")
        .spanBuilder("GET /reserve").setSpanKind(SpanKind.SERVER).setParent(extracted).startSpan();
    try (Scope ignored = extracted.with(server).makeCurrent()) {
      telemetry.openTelemetry().getTracer("test").spanBuilder("UPDATE stock").startSpan().end();
      return Context.current();
    } finally {
      server.end();
    }
  }

  private static Map<String, String> baggage(String header) {
    Map<String, String> headers = new HashMap<>();
    headers.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    headers.put("baggage", header);
    return headers;
  }

  private Set<String> stampedNames() {
    return telemetry.finished().stream()
        .map(s -> s.getAttributes().get(JourneyAttributes.CUJ_NAME))
        .filter(java.util.Objects::nonNull)
        .collect(Collectors.toSet());
  }

  @Test
  void knownJourneyFromUpstreamReachesEverySpanOfTheService() {
    Context handler = serve(policy(TrustMode.KNOWN), baggage("cuj.name=checkout,cuj.critical=true"));

    assertThat(telemetry.finished()).hasSize(2).allSatisfy(span ->
        assertThat(span.getAttributes().get(JourneyAttributes.CUJ_NAME)).isEqualTo("checkout"));
    assertThat(Baggage.fromContext(handler).getEntryValue("cuj.name")).isEqualTo("checkout");
    assertThat(telemetry.span("GET /reserve").getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
  }

  @Test
  void catalogueDecidesCriticalNotTheCaller() {
    serve(policy(TrustMode.KNOWN), baggage("cuj.name=order-lookup,cuj.critical=true"));
    assertThat(telemetry.span("GET /reserve").getAttributes().get(JourneyAttributes.CUJ_CRITICAL)).isFalse();
  }

  @Test
  void unknownNameIsDroppedCountedAndNotSentFurther() {
    Context handler = serve(policy(TrustMode.KNOWN), baggage("cuj.name=free-money,tenant=acme"));

    assertThat(stampedNames()).isEmpty();
    assertThat(Baggage.fromContext(handler).getEntryValue("cuj.name")).isNull();
    assertThat(Baggage.fromContext(handler).getEntryValue("tenant")).isEqualTo("acme");
    assertThat(telemetry.rejections(BaggageTrustPolicy.Rejection.UNKNOWN_NAME)).isEqualTo(1);
  }

  @Test
  void tenThousandDistinctForgedNamesLeaveAttributesWithinTheCatalogue() {
    BaggageTrustPolicy policy = policy(TrustMode.KNOWN);
    for (int i = 0; i < 10_000; i++) {
      serve(policy, baggage("cuj.name=journey-" + i));
    }
    serve(policy, baggage("cuj.name=checkout"));

    assertThat(stampedNames()).containsExactly("checkout");
    Set<String> allValues = telemetry.finished().stream()
        .flatMap(s -> s.getAttributes().asMap().values().stream())
        .map(String::valueOf)
        .collect(Collectors.toSet());
    assertThat(allValues).noneMatch(v -> v.startsWith("journey-"));
    assertThat(telemetry.rejections(BaggageTrustPolicy.Rejection.UNKNOWN_NAME)).isEqualTo(10_000);
  }

  @Test
  void malformedNamesAreRefusedWhateverTheMode() {
    String[] hostile = {
      "cuj.name=CHECKOUT",
      "cuj.name=check%0D%0Aout",                  // CR LF after percent-decoding
      "cuj.name=%00checkout",
      "cuj.name=" + "a".repeat(64),               // one over the limit
      "cuj.name=checkout%20--%20drop",
      "cuj.name=",
    };
    for (String header : hostile) {
      serve(policy(TrustMode.OPEN), baggage(header));
    }
    assertThat(stampedNames()).isEmpty();
    assertThat(telemetry.rejections(BaggageTrustPolicy.Rejection.MALFORMED_NAME)).isGreaterThanOrEqualTo(5);
  }

  @Test
  void oversizedAndGarbledHeadersAreSurvivedAndServed() {
    String huge = "x=" + "y".repeat(64 * 1024) + ",cuj.name=" + "z".repeat(8 * 1024);
    String[] headers = {huge, ";;;==,,,=;", "cuj.name", "=checkout", "cuj.name=checkout;;;;prop=%%%", "\u0000\r\n"};
    for (String header : headers) {
      Context handler = serve(policy(TrustMode.KNOWN), baggage(header));
      assertThat(handler).isNotNull();
    }
    assertThat(stampedNames()).isSubsetOf(Set.of("checkout"));
    // 2 spans per request: nothing was lost on the way.
    assertThat(telemetry.finished()).hasSize(headers.length * 2);
  }

  @Test
  void edgeServiceRefusesEveryIncomingJourneyAndForwardsOnlyAllowlistedKeys() {
    BaggageTrustPolicy edge = BaggageTrustPolicy.builder(catalogue).mode(TrustMode.NONE)
        .allowKeys(Set.of("tenant")).openTelemetry(telemetry.openTelemetry()).build();
    Context handler = serve(edge, baggage("cuj.name=checkout,cuj.critical=true,user=42,tenant=acme"));

    assertThat(stampedNames()).isEmpty();
    assertThat(Baggage.fromContext(handler).getEntryValue("cuj.name")).isNull();
    assertThat(Baggage.fromContext(handler).getEntryValue("cuj.critical")).isNull();
    assertThat(Baggage.fromContext(handler).getEntryValue("user")).isNull();
    assertThat(Baggage.fromContext(handler).getEntryValue("tenant")).isEqualTo("acme");
    assertThat(telemetry.rejections(BaggageTrustPolicy.Rejection.UNTRUSTED_SOURCE)).isEqualTo(1);
    assertThat(telemetry.rejections(BaggageTrustPolicy.Rejection.NOT_ALLOWED)).isEqualTo(1);
  }

  @Test
  void anEdgeCannotBeToldToTrustJourneyKeysOrCorrelationIdsFromOutside() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BaggageTrustPolicy.builder(catalogue).allowKeys(Set.of("cuj.name")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'cuj.name' cannot be allowed from outside");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BaggageTrustPolicy.builder(catalogue).allowKeys(Set.of("correlation.id")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'correlation.id' cannot be allowed");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BaggageTrustPolicy.builder(catalogue).maxBytes(10))
        .hasMessageContaining("at least 128, was 10");
  }

  @Test
  void whatAServiceSendsDownstreamStaysUnderItsByteCap() {
    BaggageTrustPolicy policy = policy(TrustMode.KNOWN);
    Context local = Context.root().with(Baggage.builder()
        .put("cuj.name", "checkout").put("cuj.critical", "true").put("correlation.id", "req-1")
        .put("notes", "n".repeat(3_000)).build());
    Map<String, String> out = new HashMap<>();
    JourneyBaggagePropagator.create(policy).inject(local, out, Map::put);
    assertThat(out.get("baggage")).isEqualTo("correlation.id=req-1,cuj.critical=true,cuj.name=checkout");
    assertThat(telemetry.rejections(BaggageTrustPolicy.Rejection.FORWARD_TOO_LARGE)).isEqualTo(1);

    Map<String, String> small = new HashMap<>();
    Context normal = Context.root().with(Baggage.builder().put("cuj.name", "checkout").put("tenant", "acme").build());
    JourneyBaggagePropagator.create(policy).inject(normal, small, Map::put);
    assertThat(small.get("baggage")).isEqualTo("cuj.name=checkout,tenant=acme");
  }

  @Test
  void sanitizingTwiceCountsOnce() {
    BaggageTrustPolicy policy = policy(TrustMode.NONE);
    Context once = serve(policy, baggage("user=1,cuj.name=checkout"));
    assertThat(policy.sanitize(once)).isSameAs(once);
    assertThat(telemetry.rejections(BaggageTrustPolicy.Rejection.NOT_ALLOWED)).isEqualTo(1);
    assertThat(telemetry.rejections(BaggageTrustPolicy.Rejection.UNTRUSTED_SOURCE)).isEqualTo(1);
  }

  @Test
  void openModeAcceptsAnyWellFormedName() {
    serve(policy(TrustMode.OPEN), baggage("cuj.name=partner-import,cuj.critical=false"));
    SpanData server = telemetry.span("GET /reserve");
    assertThat(server.getAttributes().get(JourneyAttributes.CUJ_NAME)).isEqualTo("partner-import");
    assertThat(server.getAttributes().get(JourneyAttributes.CUJ_CRITICAL)).isFalse();
  }

  @Test
  void strayCujEntriesAreRemovedFromWhatTravelsDownstream() {
    Context handler = serve(policy(TrustMode.KNOWN), baggage("cuj.name=checkout,cuj.evil=1,cuj.critical=maybe"));
    Baggage out = Baggage.fromContext(handler);
    assertThat(out.getEntryValue("cuj.evil")).isNull();
    assertThat(out.getEntryValue("cuj.critical")).isEqualTo("true");
    assertThat(out.getEntryValue("cuj.name")).isEqualTo("checkout");
  }

  @Test
  void judgeNamesTheReasonWithoutCounting() {
    BaggageTrustPolicy policy = policy(TrustMode.KNOWN);
    assertThat(policy.judge("checkout")).isNull();
    assertThat(policy.judge("unknown")).isEqualTo(BaggageTrustPolicy.Rejection.UNKNOWN_NAME);
    assertThat(policy.judge("Bad Name")).isEqualTo(BaggageTrustPolicy.Rejection.MALFORMED_NAME);
    assertThat(telemetry.rejections(BaggageTrustPolicy.Rejection.UNKNOWN_NAME)).isZero();
  }

  @Test
  void rejectionCounterCarriesOnlyTheReasonNeverTheValue() {
    serve(policy(TrustMode.KNOWN), baggage("cuj.name=attacker-chosen"));
    telemetry.metrics.collectAllMetrics().forEach(metric ->
        metric.getLongSumData().getPoints().forEach(point ->
            assertThat(point.getAttributes().asMap()).containsOnlyKeys(AttributeKey.stringKey("reason"))));
  }
}
