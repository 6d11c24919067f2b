package com.techmart.cuj.benchmarks;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * micronaut-tracing's SDK, as the application would have it, exporting through a batch processor
 * to an exporter that drops everything (the same set-up as the plain-Java benchmarks).
 */
@Factory
class BenchmarkTelemetry {

  static final String EXPORTER = "benchmark.exporter";

  @Singleton
  @Requires(missingBeans = SpanExporter.class)
  @Named(EXPORTER)
  SpanExporter discarding() {
    return new Telemetry.DiscardingSpanExporter();
  }

  @Singleton
  SpanProcessor batch(SpanExporter exporter) {
    return BatchSpanProcessor.builder(exporter).build();
  }
}
