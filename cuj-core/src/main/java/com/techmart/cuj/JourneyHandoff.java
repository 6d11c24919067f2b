package com.techmart.cuj;

import com.techmart.cuj.internal.JourneyName;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
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
 * <p>The map holds the trace context and the journey only ({@code cuj.name}, {@code cuj.critical}
 * and a valid {@code correlation.id} in {@code baggage}; a {@code tracestate} longer than
 * {@value #MAX_TRACESTATE} characters is left out), never the request's other baggage: what a
 * caller sent must not be stored in an outbox row and replayed by a worker. A capture is at most
 * a few hundred bytes.
 *
 * <p>A stored map is treated like any input from outside: {@link #restore} applies the trust
 * policy, reads only the three keys, and ignores malformed entries rather than throwing.
 */
public final class JourneyHandoff {

  /** Longest {@code tracestate} kept (the W3C limit is 32 members; ours is a size bound). */
  static final int MAX_TRACESTATE = 512;

  private static final String TRACESTATE = "tracestate";

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
    PROPAGATOR.inject(onlyJourney(JourneyContext.withJourneyBaggage(context)), carrier,
        (map, key, value) -> {
          if (!(TRACESTATE.equals(key) && value.length() > MAX_TRACESTATE)) {
            map.put(key, value);
          }
        });
    return Collections.unmodifiableMap(carrier);
  }

  /** {@code context} with a baggage of the journey's entries and the correlation id only. */
  private static Context onlyJourney(Context context) {
    Baggage baggage = Baggage.fromContext(context);
    BaggageBuilder kept = Baggage.builder();
    String name = baggage.getEntryValue(JourneyAttributes.BAGGAGE_NAME);
    if (name != null && JourneyName.isValid(name)) {
      kept.put(JourneyAttributes.BAGGAGE_NAME, name);
      String critical = baggage.getEntryValue(JourneyAttributes.BAGGAGE_CRITICAL);
      kept.put(JourneyAttributes.BAGGAGE_CRITICAL, Boolean.toString(JourneyContext.parseCritical(critical)));
    }
    CorrelationId.fromContext(context).ifPresent(id -> kept.put(CorrelationId.BAGGAGE_KEY, id));
    return context.with(kept.build());
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
    Map<String, String> known = new HashMap<>(4);
    for (String key : PROPAGATOR.fields()) {
      String value = captured.get(key);
      if (value != null && !(TRACESTATE.equals(key) && value.length() > MAX_TRACESTATE)) {
        known.put(key, value);
      }
    }
    Context extracted = PROPAGATOR.extract(Context.root(), known, MAP_GETTER);
    // Rows written before captures were bounded may hold a caller's whole baggage: not replayed.
    return policy.sanitize(onlyJourney(extracted));
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
