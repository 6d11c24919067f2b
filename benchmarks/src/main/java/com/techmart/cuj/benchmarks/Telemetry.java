package com.techmart.cuj.benchmarks;

import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.JourneyDefinition;
import com.techmart.cuj.JourneySpanProcessor;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;

/**
 * The telemetry the benchmarks run against: a real SDK, as an application configures it, whose
 * exporters throw the data away. Every span still goes through a {@link BatchSpanProcessor} (its
 * queue and worker thread), so what is measured is what a service pays on its request threads.
 */
final class Telemetry {

  /** The journeys a benchmark service knows, as in the reference app's catalogue. */
  static final JourneyCatalogue CATALOGUE = JourneyCatalogue.of(
      JourneyDefinition.builder("checkout").critical(true).build(),
      JourneyDefinition.builder("product-discovery").critical(true).build(),
      JourneyDefinition.builder("order-lookup").critical(false).build());

  private Telemetry() {}

  /**
   * An SDK with a batch span processor in front of a no-op exporter, and the journey span
   * processor in front of it when {@code journeyProcessor} is set. Metrics go to a periodic reader
   * that exports nowhere.
   */
  static OpenTelemetrySdk sdk(boolean journeyProcessor) {
    return sdk(journeyProcessor, new DiscardingSpanExporter());
  }

  /** The same SDK exporting to {@code exporter} (the smoke test looks at what was recorded). */
  static OpenTelemetrySdk sdk(boolean journeyProcessor, SpanExporter exporter) {
    SdkTracerProviderBuilder tracing = SdkTracerProvider.builder();
    if (journeyProcessor) {
      tracing.addSpanProcessor(JourneySpanProcessor.create(CATALOGUE));
    }
    tracing.addSpanProcessor(BatchSpanProcessor.builder(exporter).build());
    return OpenTelemetrySdk.builder()
        .setTracerProvider(tracing.build())
        .setMeterProvider(SdkMeterProvider.builder()
            .registerMetricReader(PeriodicMetricReader.builder(new DiscardingMetricExporter())
                .setInterval(Duration.ofSeconds(10))
                .build())
            .build())
        .build();
  }

  /** Accepts every batch and drops it: an exporter whose network is infinitely fast. */
  static final class DiscardingSpanExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** Accepts every metric collection and drops it. */
  static final class DiscardingMetricExporter implements MetricExporter {
    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public MemoryMode getMemoryMode() {
      return MemoryMode.IMMUTABLE_DATA;
    }
  }
}
