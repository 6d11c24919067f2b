package com.techmart.cuj;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SDK fixture of cuj-core's tests: a real SDK with in-memory exporters and the journey span
 * processor, as an application builds it in code; {@link #autoconfigured} for one built by
 * {@code AutoConfiguredOpenTelemetrySdk} (so the cuj provider wires it); {@link #HEADERS} to extract
 * request headers held in a map, as a server does.
 */
final class TestTelemetry implements AutoCloseable {

  /** Reads request headers from a map. */
  static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier.get(key);
    }
  };

  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  final OpenTelemetrySdk sdk;

  TestTelemetry(JourneyCatalogue catalogue) {
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(JourneySpanProcessor.create(catalogue))
            .addSpanProcessor(SimpleSpanProcessor.create(spans))
            .build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
        .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
        .build();
  }

  OpenTelemetry openTelemetry() {
    return sdk;
  }

  List<SpanData> finished() {
    return spans.getFinishedSpanItems();
  }

  SpanData span(String name) {
    return finished().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span named " + name + " in " + names()));
  }

  List<String> names() {
    return finished().stream().map(SpanData::getName).toList();
  }

  /** The value of the rejection counter for {@code reason}, 0 when never counted. */
  long rejections(BaggageTrustPolicy.Rejection reason) {
    return rejections(reason.label());
  }

  /** The value of the rejection counter for the reason {@code label}, 0 when never counted. */
  long rejections(String label) {
    Optional<MetricData> metric = metrics.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(BaggageTrustPolicy.REJECTED_COUNTER))
        .findFirst();
    return metric.map(m -> m.getLongSumData().getPoints().stream()
            .filter(p -> label.equals(p.getAttributes().get(BaggageTrustPolicy.REASON)))
            .mapToLong(LongPointData::getValue)
            .sum())
        .orElse(0L);
  }

  /**
   * An SDK built by autoconfigure with {@code settings} (and no exporter, W3C trace context and
   * baggage unless the settings say otherwise), its spans ending in {@code spans}.
   */
  static OpenTelemetrySdk autoconfigured(Map<String, String> settings, SpanExporter spans) {
    Map<String, String> all = new HashMap<>(Map.of(
        "otel.traces.exporter", "none",
        "otel.metrics.exporter", "none",
        "otel.logs.exporter", "none",
        "otel.propagators", "tracecontext,baggage"));
    all.putAll(settings);
    return AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> all)
        .addTracerProviderCustomizer((b, c) -> b.addSpanProcessor(SimpleSpanProcessor.create(spans)))
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk();
  }

  @Override
  public void close() {
    sdk.close();
  }
}
