package com.techmart.cuj;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Collection;
import java.util.Objects;

/**
 * The W3C baggage propagator with the journey trust policy applied at extraction: incoming
 * {@code cuj.*} entries the policy refuses are dropped before any span, log or downstream call can
 * see them. Injection is unchanged. Parsing is the OpenTelemetry API's own; nothing here reads
 * the header text.
 *
 * <pre>{@code
 * TextMapPropagator propagator = TextMapPropagator.composite(
 *     W3CTraceContextPropagator.getInstance(),
 *     JourneyBaggagePropagator.create(policy));
 * }</pre>
 */
public final class JourneyBaggagePropagator implements TextMapPropagator {

  private final TextMapPropagator delegate;
  private final BaggageTrustPolicy policy;

  private JourneyBaggagePropagator(TextMapPropagator delegate, BaggageTrustPolicy policy) {
    this.delegate = delegate;
    this.policy = policy;
  }

  /** W3C baggage propagation guarded by {@code policy}. */
  public static JourneyBaggagePropagator create(BaggageTrustPolicy policy) {
    return wrap(W3CBaggagePropagator.getInstance(), policy);
  }

  /** {@code delegate}'s propagation, with {@code policy} applied to what it extracts. */
  public static JourneyBaggagePropagator wrap(TextMapPropagator delegate, BaggageTrustPolicy policy) {
    return new JourneyBaggagePropagator(
        Objects.requireNonNull(delegate, "delegate"), Objects.requireNonNull(policy, "policy"));
  }

  public BaggageTrustPolicy policy() {
    return policy;
  }

  @Override
  public Collection<String> fields() {
    return delegate.fields();
  }

  @Override
  public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
    delegate.inject(context, carrier, setter);
  }

  @Override
  public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
    return policy.sanitize(delegate.extract(context, carrier, getter));
  }

  @Override
  public String toString() {
    return "JourneyBaggagePropagator{" + delegate + ", " + policy + "}";
  }
}
