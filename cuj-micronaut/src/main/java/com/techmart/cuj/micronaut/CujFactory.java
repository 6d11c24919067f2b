package com.techmart.cuj.micronaut;

import com.techmart.cuj.JourneyRunner;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.inject.Singleton;

/**
 * The beans of one application context. Each context gets its own runner on its own
 * {@link OpenTelemetry}, so several services can run in one JVM without sharing telemetry.
 */
@Factory
final class CujFactory {

  /**
   * Read at start-up ({@code @Context}): a bad {@code cuj.*} value is logged and switches journeys
   * off, or stops the application with {@code cuj.fail-fast=true} ({@link FailFast}).
   */
  @Context
  JourneySettings journeySettings(CujConfiguration configuration, Environment environment) {
    return JourneySettings.from(configuration, environment);
  }

  /** The runner apps inject to start journeys in code; built on micronaut-tracing's SDK. */
  @Singleton
  @Requires(beans = OpenTelemetry.class)
  JourneyRunner journeyRunner(OpenTelemetry openTelemetry, JourneySettings settings) {
    settings.setup().countProblemsOn(openTelemetry);
    return JourneyRunner.builder(openTelemetry)
        .catalogue(settings.catalogue())
        .trustMode(settings.trustMode())
        .allowBaggageKeys(settings.baggageAllow())
        .build();
  }
}
