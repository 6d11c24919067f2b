package com.techmart.shop.telemetry;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;
import jakarta.inject.Singleton;

/**
 * Connects logback's OpenTelemetry appender (see {@code logback.xml}) to this service's SDK, so
 * log records are exported over OTLP with their trace and span ids. The appender is process-wide,
 * so this is enabled only when one service runs per process ({@code serve}).
 */
@Singleton
@Requires(property = "techmart.telemetry.log-bridge", value = "true")
public class LogBridge implements ApplicationEventListener<StartupEvent> {

  private final OpenTelemetry openTelemetry;

  public LogBridge(OpenTelemetry openTelemetry) {
    this.openTelemetry = openTelemetry;
  }

  @Override
  public void onApplicationEvent(StartupEvent event) {
    OpenTelemetryAppender.install(openTelemetry);
  }
}
