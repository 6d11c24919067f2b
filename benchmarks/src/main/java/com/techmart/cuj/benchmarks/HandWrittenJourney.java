package com.techmart.cuj.benchmarks;

import com.techmart.cuj.JourneyCallable;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * What a team writes without CUJ: the same spans and baggage, by hand, on the OpenTelemetry API.
 * It is the yardstick a journey is measured against, so it is written the way a careful engineer
 * would (constant attribute keys, no needless objects), not as a straw man.
 */
final class HandWrittenJourney {

  private static final AttributeKey<String> CUJ_NAME = AttributeKey.stringKey("cuj.name");
  private static final AttributeKey<Boolean> CUJ_CRITICAL = AttributeKey.booleanKey("cuj.critical");
  // How the journey ended: a journey writes it on its own span, so the yardstick must too.
  private static final AttributeKey<String> CUJ_OUTCOME = AttributeKey.stringKey("cuj.outcome");

  private HandWrittenJourney() {}

  static <T, E extends Throwable> T call(
      Tracer tracer, String name, boolean critical, JourneyCallable<T, E> body) throws E {
    // 1. Stamp the enclosing (server) span.
    Span enclosing = Span.current();
    enclosing.setAttribute(CUJ_NAME, name);
    enclosing.setAttribute(CUJ_CRITICAL, critical);
    // 2. Put the journey in baggage for every downstream call.
    Context current = Context.current();
    Context withBaggage = current.with(Baggage.fromContext(current).toBuilder()
        .put("cuj.name", name)
        .put("cuj.critical", critical ? "true" : "false")
        .build());
    // 3. The journey's own span, current while the body runs.
    Span span = tracer.spanBuilder("cuj." + name)
        .setParent(withBaggage)
        .setAttribute(CUJ_NAME, name)
        .setAttribute(CUJ_CRITICAL, critical)
        .startSpan();
    try (Scope ignored = withBaggage.with(span).makeCurrent()) {
      T result = body.call();
      span.setAttribute(CUJ_OUTCOME, "success");
      span.setStatus(StatusCode.OK);
      return result;
    } catch (Throwable error) {
      span.setAttribute(CUJ_OUTCOME, "error");
      span.recordException(error);
      span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
      throw error;
    } finally {
      span.end();
    }
  }
}
