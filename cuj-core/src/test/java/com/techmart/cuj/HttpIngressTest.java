package com.techmart.cuj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.techmart.cuj.spi.HttpIngress;
import com.techmart.cuj.spi.JourneyRoutes;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Core's one HTTP ingress path, driven as a server adapter drives it, on a real SDK: what a
 * request's headers can and cannot do to the server span and the journey.
 */
class HttpIngressTest {

  private static final JourneyCatalogue CATALOGUE = JourneyCatalogue.of(
      JourneyDefinition.builder("checkout").route("POST /api/orders").build(),
      JourneyDefinition.builder("order-lookup").critical(false).route("GET /api/orders/{id}").build());

  private final TestTelemetry telemetry = new TestTelemetry(CATALOGUE);
  private final JourneyRunner runner = JourneyRunner.builder(telemetry.openTelemetry()).catalogue(CATALOGUE).build();
  private final HttpIngress ingress = HttpIngress.builder(runner).build();

  @AfterEach
  void close() {
    telemetry.close();
  }

  /** One request as an adapter takes it: admit, route, its own server span, start, end. */
  private SpanData serve(String method, String path, Map<String, String> headers, int status, Throwable thrown) {
    Context extracted = W3CBaggagePropagator.getInstance().extract(Context.root(), headers, MapGetter.INSTANCE);
    HttpIngress.Request request = ingress.admit(extracted, headers.get(ingress.correlationHeader()));
    JourneyRoutes.Route route = ingress.route(method, path);
    Span server = telemetry.openTelemetry().getTracer("test").spanBuilder(method).setSpanKind(SpanKind.SERVER)
        .setParent(request.context()).startSpan();
    request.start(request.context().with(server), route == null ? null : ingress.definition(route));
    request.end(status, thrown, false);
    server.end();
    return telemetry.span(method);
  }

  @Test
  void aRouteStartsItsJourneyAndTheStatusEndsIt() {
    SpanData server = serve("POST", "/api/orders", Map.of(), 503, null);

    SpanData journey = telemetry.span("cuj.checkout");
    assertThat(journey.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(journey.getAttributes().get(JourneyAttributes.CUJ_OUTCOME)).isEqualTo("error");
    assertThat(journey.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(server.getAttributes().get(JourneyAttributes.CUJ_NAME)).isEqualTo("checkout");
  }

  @Test
  void aMappedExceptionEndsByTheStatusTheClientGot() {
    serve("GET", "/api/orders/7", Map.of(), 409, new IllegalStateException("changed meanwhile"));

    SpanData journey = telemetry.span("cuj.order-lookup");
    assertThat(journey.getAttributes().get(JourneyAttributes.CUJ_OUTCOME)).isEqualTo("expected");
    assertThat(journey.getAttributes().get(JourneyAttributes.CUJ_OUTCOME_TYPE)).isEqualTo("http.409");
  }

  @Test
  void aKnownIncomingJourneyIsStampedOnTheServerSpanAndAForgedOneNowhere() {
    SpanData known = serve("GET", "/health", Map.of("baggage", "cuj.name=checkout,cuj.critical=true"), 200, null);
    assertThat(known.getAttributes().get(JourneyAttributes.CUJ_NAME)).isEqualTo("checkout");
    assertThat(known.getAttributes().get(JourneyAttributes.CUJ_CRITICAL)).isTrue();

    telemetry.spans.reset();
    SpanData forged = serve("GET", "/health", Map.of("baggage", "cuj.name=free-money,cuj.critical=true"), 200, null);
    assertThat(forged.getAttributes().get(JourneyAttributes.CUJ_NAME)).isNull();
    assertThat(telemetry.names()).containsExactly("GET");
  }

  @Test
  void aWellFormedCorrelationIdIsKeptAndAHostileOneReplaced() {
    SpanData kept = serve("GET", "/health", Map.of("X-Correlation-ID", "order-7.abc"), 200, null);
    assertThat(kept.getAttributes().get(CorrelationId.ATTRIBUTE)).isEqualTo("order-7.abc");

    telemetry.spans.reset();
    String hostile = "x\r\nSet-Cookie: a=b";
    SpanData replaced = serve("GET", "/health", Map.of("X-Correlation-ID", hostile), 200, null);
    assertThat(replaced.getAttributes().get(CorrelationId.ATTRIBUTE)).isNotEqualTo(hostile).matches(CorrelationId::isValid);
  }

  @Test
  void theCorrelationHeaderIsConfigurableAndABlankNameRefused() {
    HttpIngress custom = HttpIngress.builder(runner).correlationHeader("X-Request-ID").build();
    assertThat(custom.admit(Context.root(), "req-1").correlationId()).isEqualTo("req-1");
    assertThat(custom.correlationHeader()).isEqualTo("X-Request-ID");
    assertThatThrownBy(() -> HttpIngress.builder(runner).correlationHeader(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
  }

  @Test
  void noRouteNoJourneyAndEndIsHarmless() {
    serve("DELETE", "/api/orders", Map.of(), 500, new RuntimeException("boom"));
    assertThat(telemetry.names()).containsExactly("DELETE");
  }

  private enum MapGetter implements TextMapGetter<Map<String, String>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  }
}
