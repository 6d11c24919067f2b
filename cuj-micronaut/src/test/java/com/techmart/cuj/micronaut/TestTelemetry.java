package com.techmart.cuj.micronaut;

import io.micronaut.context.annotation.Factory;
import io.micronaut.tracing.opentelemetry.OpenTelemetryBuilderCustomizer;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.inject.Singleton;

/**
 * Each test application keeps its own finished spans and metrics in memory, through the hooks
 * micronaut-tracing offers: a {@code SpanProcessor} bean and an {@link OpenTelemetryBuilderCustomizer}.
 */
@Factory
class TestTelemetry {

  @Singleton
  InMemorySpanExporter spanExporter() {
    return InMemorySpanExporter.create();
  }

  @Singleton
  SpanArrivals exportToMemory(InMemorySpanExporter exporter) {
    return new SpanArrivals(SimpleSpanProcessor.create(exporter));
  }

  @Singleton
  InMemoryMetricReader metricReader() {
    return InMemoryMetricReader.create();
  }

  @Singleton
  OpenTelemetryBuilderCustomizer readMetrics(InMemoryMetricReader reader) {
    return sdk -> sdk.addMeterProviderCustomizer((meters, config) -> meters.registerMetricReader(reader));
  }
}
