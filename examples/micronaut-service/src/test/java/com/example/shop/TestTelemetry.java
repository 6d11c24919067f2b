package com.example.shop;

import com.techmart.cuj.testing.JourneySpanCollector;
import io.micronaut.context.annotation.Factory;
import io.micronaut.tracing.opentelemetry.OpenTelemetryBuilderCustomizer;
import jakarta.inject.Singleton;

/** Test only: every span the service's SDK ends also goes to a collector the test reads. */
@Factory
class TestTelemetry {
  @Singleton
  JourneySpanCollector spans() {
    return JourneySpanCollector.create();
  }

  @Singleton
  OpenTelemetryBuilderCustomizer capture(JourneySpanCollector spans) {
    return sdk -> sdk.addTracerProviderCustomizer((tracing, config) -> tracing.addSpanProcessor(spans.spanProcessor()));
  }
}
