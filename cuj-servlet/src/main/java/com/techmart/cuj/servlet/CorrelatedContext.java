package com.techmart.cuj.servlet;

import com.techmart.cuj.CorrelationId;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;

/**
 * A request's context that also puts its correlation id in the logging MDC while it is current,
 * wherever it is made current: the request thread, an async re-dispatch, or a worker that got it
 * from {@link JourneyFilter#context}. The MDC is restored when the scope closes.
 */
final class CorrelatedContext implements Context {

  private final Context delegate;
  private final String correlationId;

  CorrelatedContext(Context delegate, String correlationId) {
    this.delegate = delegate;
    this.correlationId = correlationId;
  }

  @Override
  public <V> V get(ContextKey<V> key) {
    return delegate.get(key);
  }

  @Override
  public <V> Context with(ContextKey<V> key, V value) {
    return delegate.with(key, value);
  }

  @Override
  public Scope makeCurrent() {
    Scope scope = delegate.makeCurrent();
    Runnable restoreMdc = Mdc.put(CorrelationId.MDC_KEY, correlationId);
    return () -> {
      restoreMdc.run();
      scope.close();
    };
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
