package com.techmart.cuj;

import com.techmart.cuj.internal.JourneyAutoConfiguration;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.Objects;

/**
 * The sampler of an edge service: a remote parent's sampled flag came from the client, so it is
 * not obeyed. With the SDK's default parent-based sampler a {@code traceparent} ending in
 * {@code -00} makes the service record nothing for that request, and it vanishes from the
 * spanmetrics and every SLI; a client must not be able to switch its own requests out of the
 * measurement. A remote parent that is not sampled is judged as if there were no parent (by the
 * configured sampler's root decision, {@code always_on} by default); everything else is the
 * configured sampler's business. The trace id stays the caller's, so the trace still joins up.
 *
 * <pre>{@code
 * SdkTracerProvider.builder().setSampler(EdgeSampler.wrap(Sampler.parentBased(Sampler.alwaysOn())))
 * }</pre>
 *
 * <p>Wired automatically where journeys are wired into an SDK ({@link JourneyAutoConfiguration},
 * hence the Java agent extension, and cuj-micronaut) when {@code cuj.trust=none}.
 */
public final class EdgeSampler implements Sampler {

  private final Sampler delegate;

  private EdgeSampler(Sampler delegate) {
    this.delegate = delegate;
  }

  /** {@code delegate}, deaf to a remote parent's "not sampled". */
  public static Sampler wrap(Sampler delegate) {
    Objects.requireNonNull(delegate, "delegate");
    return delegate instanceof EdgeSampler ? delegate : new EdgeSampler(delegate);
  }

  @Override
  public SamplingResult shouldSample(Context parentContext, String traceId, String name,
      SpanKind spanKind, Attributes attributes, List<LinkData> parentLinks) {
    SpanContext parent = Span.fromContext(parentContext).getSpanContext();
    if (parent.isValid() && parent.isRemote() && !parent.isSampled()) {
      return delegate.shouldSample(Context.root(), traceId, name, spanKind, attributes, parentLinks);
    }
    return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
  }

  @Override
  public String getDescription() {
    return "EdgeSampler{" + delegate.getDescription() + "}";
  }

  @Override
  public String toString() {
    return getDescription();
  }
}
