package com.techmart.shop.storefront;

import com.techmart.shop.telemetry.SpanRecorder;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.tracing.opentelemetry.OpenTelemetryBuilderCustomizer;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hands accepted browser spans to the same exporters the api's own spans go to (OTLP when
 * configured, the demo's in-memory recorder), without passing them through the api's span
 * processors: they were ended elsewhere, and must not be stamped with the api's resource.
 */
@Singleton
final class BrowserSpanSink implements OpenTelemetryBuilderCustomizer {

  private final List<SpanExporter> exporters = new CopyOnWriteArrayList<>();

  BrowserSpanSink(@Nullable SpanRecorder recorder) {
    if (recorder != null) {
      exporters.add(recorder);
    }
  }

  @Override
  public void configure(AutoConfiguredOpenTelemetrySdkBuilder builder) {
    builder.addSpanExporterCustomizer((exporter, config) -> {
      exporters.add(exporter);
      return exporter;
    });
  }

  void export(List<SpanData> spans) {
    if (spans.isEmpty()) {
      return;
    }
    for (SpanExporter exporter : exporters) {
      exporter.export(spans);
    }
  }
}
