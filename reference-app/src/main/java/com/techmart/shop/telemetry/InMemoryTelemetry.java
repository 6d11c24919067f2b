package com.techmart.shop.telemetry;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.tracing.opentelemetry.OpenTelemetryBuilderCustomizer;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.inject.Singleton;

/**
 * Adds the demo's in-memory recorders to the service's OpenTelemetry SDK (the one
 * micronaut-tracing builds), next to whatever exporters are configured. Present only when the
 * launcher registered a {@link SpanRecorder} in the context.
 */
@Singleton
@Requires(beans = SpanRecorder.class)
public class InMemoryTelemetry implements OpenTelemetryBuilderCustomizer {

  private final SpanRecorder spans;
  private final MetricsRecorder metrics;

  public InMemoryTelemetry(SpanRecorder spans, @Nullable MetricsRecorder metrics) {
    this.spans = spans;
    this.metrics = metrics;
  }

  @Override
  public void configure(AutoConfiguredOpenTelemetrySdkBuilder builder) {
    // Synchronous export: a span is in the recorder the moment it ends.
    builder.addTracerProviderCustomizer((tracer, config) -> tracer.addSpanProcessor(SimpleSpanProcessor.create(spans)));
    if (metrics != null) {
      builder.addMeterProviderCustomizer((meter, config) -> meter.registerMetricReader(metrics));
    }
  }
}
