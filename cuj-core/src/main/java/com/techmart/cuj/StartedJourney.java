package com.techmart.cuj;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A journey that has begun and not yet ended: the low-level handle behind {@link Journeys}, for
 * adapters that must end a journey somewhere else than where it began (reactive streams, async
 * servlets, interceptors).
 *
 * <pre>{@code
 * StartedJourney journey = runner.start(definition);
 * try (Scope scope = journey.makeCurrent()) {
 *   ... // spans, baggage and Journeys.current() all see the journey
 * }
 * journey.succeed();            // or journey.fail(error) / journey.cancelled()
 * }</pre>
 *
 * <p>Exactly one of {@link #succeed()}, {@link #fail(Throwable)} and {@link #cancelled()} takes
 * effect; later calls are ignored, so racing completion and cancellation is safe. None throws.
 */
public final class StartedJourney {

  private static final int MAX_STATUS_DESCRIPTION = 256;

  // A field updater rather than an AtomicBoolean: one object less per journey.
  private static final AtomicIntegerFieldUpdater<StartedJourney> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(StartedJourney.class, "ended");

  private final JourneyDefinition definition;
  private final Span span;
  private final Context context;
  private volatile int ended;

  StartedJourney(JourneyDefinition definition, Span span, Context context) {
    this.definition = definition;
    this.span = span;
    this.context = context;
  }

  public JourneyDefinition definition() {
    return definition;
  }

  /** The journey span ({@code cuj.<name>}). */
  public Span span() {
    return span;
  }

  /** The context inside the journey: its span, its baggage and the journey itself. */
  public Context context() {
    return context;
  }

  /** Makes the journey's context current on this thread until the scope is closed. */
  public Scope makeCurrent() {
    return context.makeCurrent();
  }

  /** Whether the journey has ended. */
  public boolean isEnded() {
    return ended != 0;
  }

  /** Ends the journey as a success: status OK, {@code cuj.outcome=success}. */
  public void succeed() {
    if (claimEnd()) {
      span.setAttribute(JourneyAttributes.CUJ_OUTCOME, JourneyAttributes.OUTCOME_SUCCESS);
      span.setStatus(StatusCode.OK);
      span.end();
    }
  }

  /**
   * Ends the journey with {@code error}. A declared expected outcome is recorded as such
   * ({@code cuj.outcome=expected}, {@code cuj.outcome.type}, the exception event) and keeps status
   * OK; anything else records the exception and sets status ERROR. Wrappers added by
   * {@code CompletableFuture} are looked through.
   */
  public void fail(Throwable error) {
    if (!claimEnd()) {
      return;
    }
    try {
      Throwable cause = unwrap(error);
      span.recordException(cause);
      if (definition.isExpectedOutcome(cause)) {
        span.setAttribute(JourneyAttributes.CUJ_OUTCOME, JourneyAttributes.OUTCOME_EXPECTED);
        span.setAttribute(JourneyAttributes.CUJ_OUTCOME_TYPE, cause.getClass().getName());
        span.setStatus(StatusCode.OK);
      } else {
        span.setAttribute(JourneyAttributes.CUJ_OUTCOME, JourneyAttributes.OUTCOME_ERROR);
        span.setStatus(StatusCode.ERROR, describe(cause));
      }
    } finally {
      span.end();
    }
  }

  /**
   * Ends a journey nobody waits for any more (a cancelled subscription or request):
   * {@code cuj.outcome=cancelled}, status left unset, so it neither counts as success nor burns
   * the error budget.
   */
  public void cancelled() {
    if (claimEnd()) {
      span.setAttribute(JourneyAttributes.CUJ_OUTCOME, JourneyAttributes.OUTCOME_CANCELLED);
      span.end();
    }
  }

  /** Whether this call is the one that ends the journey. */
  private boolean claimEnd() {
    return ENDED.compareAndSet(this, 0, 1);
  }

  static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    String text = message == null ? t.getClass().getSimpleName() : message;
    return text.length() <= MAX_STATUS_DESCRIPTION ? text : text.substring(0, MAX_STATUS_DESCRIPTION);
  }
}
