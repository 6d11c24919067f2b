package com.techmart.cuj;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * Carries a journey across a gap in the call stack: a queue message, an outbox row, a scheduled
 * task. {@link #capture()} turns the current trace context and journey into a plain string map
 * (W3C {@code traceparent}, {@code tracestate}, {@code baggage}) that can be stored anywhere;
 * {@link #restore} turns it back into a context, so background work joins the same trace and every
 * span it starts carries {@code cuj.name}.
 *
 * <pre>{@code
 * // when the order is accepted
 * outbox.insert(orderId, JourneyHandoff.capture());
 *
 * // later, in the worker
 * Context ctx = JourneyHandoff.restore(row.context(), runner.trustPolicy());
 * try (Scope s = ctx.makeCurrent()) {
 *   Span stage = tracer.spanBuilder("order.fulfil").startSpan();   // same trace, cuj.name=checkout
 *   ...
 * }
 * }</pre>
 *
 * <p>A stored map is treated like any input from outside: {@link #restore} applies the trust
 * policy, and malformed entries are ignored rather than thrown.
 */
public final class JourneyHandoff {

  private static final TextMapPropagator PROPAGATOR = TextMapPropagator.composite(
      W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());

  private static final TextMapGetter<Map<String, String>> MAP_GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private JourneyHandoff() {}

  /** The current trace context and journey as a string map. */
  public static Map<String, String> capture() {
    return capture(Context.current());
  }

  /** {@code context}'s trace context and baggage (journey included) as a string map. */
  public static Map<String, String> capture(Context context) {
    Map<String, String> carrier = new HashMap<>(4);
    PROPAGATOR.inject(JourneyContext.withJourneyBaggage(context), carrier, (map, key, value) -> map.put(key, value));
    return Collections.unmodifiableMap(carrier);
  }

  /**
   * A context that continues the captured trace as a remote parent, with the captured journey if
   * {@code policy} accepts it ({@link TrustMode#NONE} is read as {@link TrustMode#KNOWN} here). An empty or garbled map gives a context without trace or journey.
   */
  public static Context restore(Map<String, String> captured, BaggageTrustPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    // A stored context was written by this system, not by an internet caller: an edge service
    // that refuses journeys over HTTP (mode NONE) still resumes its own, if the catalogue knows them.
    if (policy.mode() == TrustMode.NONE) {
      policy = policy.withMode(TrustMode.KNOWN);
    }
    if (captured == null || captured.isEmpty()) {
      return Context.root();
    }
    Context extracted = PROPAGATOR.extract(Context.root(), captured, MAP_GETTER);
    return policy.sanitize(extracted);
  }

  /** {@link #restore(Map, BaggageTrustPolicy)} with the process-wide runner's policy. */
  public static Context restore(Map<String, String> captured) {
    return restore(captured, Journeys.runner().trustPolicy());
  }

  /** An executor whose tasks run in the context (journey included) of the code that submitted them. */
  public static Executor wrap(Executor executor) {
    return Context.taskWrapping(executor);
  }

  /** An executor service whose tasks run in the context of the code that submitted them. */
  public static ExecutorService wrap(ExecutorService executor) {
    return Context.taskWrapping(executor);
  }
}
