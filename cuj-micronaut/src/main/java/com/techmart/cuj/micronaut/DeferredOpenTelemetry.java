package com.techmart.cuj.micronaut;

import io.micronaut.context.BeanProvider;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;

/**
 * The context's {@link OpenTelemetry} bean, looked up on first use. The trust policy inside the
 * SDK's propagator counts rejections on that same SDK, which does not exist yet while its
 * propagators are being built.
 */
final class DeferredOpenTelemetry implements OpenTelemetry {

  private final BeanProvider<OpenTelemetry> provider;

  DeferredOpenTelemetry(BeanProvider<OpenTelemetry> provider) {
    this.provider = provider;
  }

  @Override
  public TracerProvider getTracerProvider() {
    return provider.get().getTracerProvider();
  }

  @Override
  public MeterProvider getMeterProvider() {
    return provider.get().getMeterProvider();
  }

  @Override
  public LoggerProvider getLogsBridge() {
    return provider.get().getLogsBridge();
  }

  @Override
  public ContextPropagators getPropagators() {
    return provider.get().getPropagators();
  }
}
