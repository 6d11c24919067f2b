package com.techmart.cuj.micronaut.conformance;

import com.techmart.cuj.testing.JourneySpanCollector;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.tracing.opentelemetry.OpenTelemetryBuilderCustomizer;
import jakarta.inject.Singleton;

/** The way cuj-testing's README shows to capture spans in a Micronaut test. */
@Factory
@Requires(property = "test.conformance", value = "true")
class CollectorFactory {

  @Singleton
  JourneySpanCollector spans() {
    return JourneySpanCollector.create();
  }

  @Singleton
  OpenTelemetryBuilderCustomizer captureSpans(JourneySpanCollector spans) {
    return sdk -> sdk.addTracerProviderCustomizer((tracing, config) -> tracing.addSpanProcessor(spans.spanProcessor()));
  }
}
