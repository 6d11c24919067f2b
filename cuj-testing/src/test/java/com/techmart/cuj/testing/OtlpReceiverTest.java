package com.techmart.cuj.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real SDK OTLP/HTTP exporters (the same ones services use) against the receiver, on loopback. */
class OtlpReceiverTest {

  private final OtlpReceiver receiver = OtlpReceiver.start();

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void recordsSpansMetricsAndLogsAsTheSdkExportsThem() {
    Resource resource = Resource.getDefault().merge(
        Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "shop")));
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().setResource(resource)
            .addSpanProcessor(SimpleSpanProcessor.create(OtlpHttpSpanExporter.builder()
                .setEndpoint(receiver.endpoint() + "/v1/traces").setCompression("gzip").build()))
            .build())
        .setMeterProvider(SdkMeterProvider.builder().setResource(resource)
            .registerMetricReader(PeriodicMetricReader.builder(OtlpHttpMetricExporter.builder()
                .setEndpoint(receiver.endpoint() + "/v1/metrics").build()).build())
            .build())
        .setLoggerProvider(SdkLoggerProvider.builder().setResource(resource)
            .addLogRecordProcessor(SimpleLogRecordProcessor.create(OtlpHttpLogRecordExporter.builder()
                .setEndpoint(receiver.endpoint() + "/v1/logs").build()))
            .build())
        .build();
    try {
      Span server = sdk.getTracer("test").spanBuilder("GET /api/orders/{id}").setSpanKind(SpanKind.SERVER)
          .setAttribute("cuj.name", "order-lookup").setAttribute("cuj.critical", false)
          .setAttribute("http.response.status_code", 404L).startSpan();
      try (Scope ignored = server.makeCurrent()) {
        Span journey = sdk.getTracer("test").spanBuilder("cuj.order-lookup").startSpan();
        journey.setStatus(StatusCode.ERROR, "boom");
        journey.recordException(new IllegalStateException("boom"));
        journey.end();
        sdk.getLogsBridge().get("test").logRecordBuilder().setSeverity(Severity.WARN)
            .setSeverityText("WARN").setBody("order 7 not found").emit();
      }
      server.end();
      sdk.getMeter("test").counterBuilder("shop.orders").build()
          .add(3, Attributes.of(AttributeKey.stringKey("cuj.name"), "checkout"));
      sdk.getSdkMeterProvider().forceFlush().join(10, TimeUnit.SECONDS);

      List<ReceivedSpan> spans = receiver.awaitSpans(s -> s.size() == 2, Duration.ofSeconds(10));
      // SimpleSpanProcessor exports each span on its own, so they may arrive in either order.
      ReceivedSpan journey = spans.stream().filter(s -> s.name().equals("cuj.order-lookup")).findFirst().orElseThrow();
      ReceivedSpan root = spans.stream().filter(s -> s.kind().equals("SERVER")).findFirst().orElseThrow();
      assertThat(root.isRoot()).isTrue();
      assertThat(root.kind()).isEqualTo("SERVER");
      assertThat(root.serviceName()).isEqualTo("shop");
      assertThat(root.attribute("cuj.name")).isEqualTo("order-lookup");
      assertThat(root.attribute("cuj.critical")).isEqualTo(false);
      assertThat(root.attribute("http.response.status_code")).isEqualTo(404L);
      assertThat(journey.name()).isEqualTo("cuj.order-lookup");
      assertThat(journey.parentSpanId()).isEqualTo(root.spanId());
      assertThat(journey.traceId()).isEqualTo(root.traceId()).hasSize(32);
      assertThat(journey.statusCode()).isEqualTo("ERROR");
      assertThat(journey.statusMessage()).isEqualTo("boom");
      assertThat(journey.events()).containsExactly("exception");
      assertThat(receiver.trace(root.traceId())).hasSize(2);

      // What a process exported, judged with the same journey assertions as in-memory spans.
      List<io.opentelemetry.sdk.trace.data.SpanData> exported = ReceivedSpan.toSpanData(receiver.trace(root.traceId()));
      JourneyAssertions.assertThatJourneys(exported).hasJourneyCount("order-lookup", 1).hasNoSpanStampedWith("checkout")
          .hasJourney("order-lookup").hasStatus(StatusCode.ERROR).isChildOf(root.toSpanData());
      assertThat(exported).filteredOn(s -> s.getKind() == SpanKind.SERVER).singleElement().satisfies(s -> {
        assertThat(s.getAttributes().get(AttributeKey.booleanKey("cuj.critical"))).isFalse();
        assertThat(s.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(404L);
        assertThat(s.getResource().getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("shop");
        assertThat(s.getParentSpanContext().isValid()).isFalse();
      });
      assertThatThrownBy(() -> JourneyAssertions.assertThatJourneys(exported).everySpanStampedWith("order-lookup"))
          .as("the journey span itself carries no cuj.name here").hasMessageContaining("cuj.order-lookup");

      List<ReceivedLog> logs = receiver.awaitLogs(l -> !l.isEmpty(), Duration.ofSeconds(10));
      assertThat(logs.get(0).body()).isEqualTo("order 7 not found");
      assertThat(logs.get(0).severityText()).isEqualTo("WARN");
      assertThat(logs.get(0).traceId()).isEqualTo(root.traceId());

      List<ReceivedMetricPoint> points = receiver.awaitMetrics(
          m -> m.stream().anyMatch(p -> p.name().equals("shop.orders")), Duration.ofSeconds(10));
      ReceivedMetricPoint orders =
          points.stream().filter(p -> p.name().equals("shop.orders")).findFirst().orElseThrow();
      assertThat(orders.type()).isEqualTo("SUM");
      assertThat(orders.value()).isEqualTo(3.0);
      assertThat(orders.attributes()).containsEntry("cuj.name", "checkout");
      assertThat(receiver.rejectedExports()).isEmpty();
    } finally {
      sdk.close();
    }
  }

  @Test
  void refusesWhatItCannotDecodeAndRecordsNothingOfIt() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<Void> garbage = client.send(
        HttpRequest.newBuilder(URI.create(receiver.endpoint() + "/v1/traces"))
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, (byte) 0xff, 0x01}))
            .build(),
        HttpResponse.BodyHandlers.discarding());
    HttpResponse<Void> json = client.send(
        HttpRequest.newBuilder(URI.create(receiver.endpoint() + "/v1/traces"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build(),
        HttpResponse.BodyHandlers.discarding());

    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(json.statusCode()).isEqualTo(415);
    assertThat(receiver.spans()).isEmpty();
    assertThat(receiver.exports()).isZero();
    assertThat(receiver.rejectedExports()).hasSize(2)
        .anySatisfy(why -> assertThat(why).contains("undecodable"))
        .anySatisfy(why -> assertThat(why).contains("application/json"));
  }

  @Test
  void aWaitThatIsNotMetSaysWhatArrived() {
    assertThatThrownBy(() -> receiver.awaitSpans(s -> !s.isEmpty(), Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("received 0 spans");
  }

  @Test
  void pointsAChildProcessAtItself() {
    assertThat(receiver.endpoint()).matches("http://127\\.0\\.0\\.1:\\d+");
    assertThat(receiver.exporterEnvironment())
        .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
        .containsEntry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    assertThat(receiver.exporterSystemProperties())
        .contains("-Dotel.exporter.otlp.endpoint=" + receiver.endpoint());
  }
}
