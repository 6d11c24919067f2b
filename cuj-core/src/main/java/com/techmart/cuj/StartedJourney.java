package com.techmart.cuj;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
 * <p>Exactly one of {@link #succeed()}, {@link #fail(Throwable)}, {@link #expected(String)} and
 * {@link #cancelled()} takes
 * effect; later calls are ignored, so racing completion and cancellation is safe. None throws.
 */
public final class StartedJourney {

  private static final int MAX_STATUS_DESCRIPTION = 256;

  private static final ContextKey<StartedJourney> KEY = ContextKey.named("cuj.started-journey");

  private final JourneyDefinition definition;
  private final Span span;
  private final Context context;
  private final AtomicBoolean ended = new AtomicBoolean();
  // Adapter hooks (e.g. cuj-jdbc's statement tally); null until an adapter asks, so a journey
  // that no adapter looks at allocates nothing more.
  private volatile ConcurrentMap<Class<?>, Object> attachments;
  private List<Consumer<? super Span>> beforeEnd;
  private boolean beforeEndClosed;

  StartedJourney(JourneyDefinition definition, Span span, Context context) {
    this.definition = definition;
    this.span = span;
    this.context = context.with(KEY, this);
  }

  /**
   * The innermost journey started in this process that {@code context} runs in, for adapters that
   * record something about the journey as a whole (e.g. how many SQL statements it ran). A journey
   * that only arrived in baggage from another process has no {@code StartedJourney} here.
   */
  public static Optional<StartedJourney> fromContext(Context context) {
    return context == null ? Optional.empty() : Optional.ofNullable(context.get(KEY));
  }

  /**
   * Per-journey state owned by an adapter, created by {@code create} on first request and the same
   * instance afterwards, for as long as the journey object lives. Key it by a class private to the
   * adapter.
   *
   * <pre>{@code
   * StatementTally tally = journey.attachment(StatementTally.class, StatementTally::new);
   * }</pre>
   */
  public <T> T attachment(Class<T> type, Supplier<? extends T> create) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(create, "create");
    ConcurrentMap<Class<?>, Object> map = attachments;
    if (map == null) {
      synchronized (this) {
        map = attachments;
        if (map == null) {
          map = new ConcurrentHashMap<>(4);
          attachments = map;
        }
      }
    }
    return type.cast(map.computeIfAbsent(type, k -> Objects.requireNonNull(create.get(), "created attachment")));
  }

  /**
   * Runs {@code action} with the journey span just before the journey ends, whichever way it ends,
   * so an adapter can put a summary on the span (attributes set after the end would be lost).
   * Actions run once, in registration order, on the thread that ends the journey; one that throws
   * is skipped, never failing the journey.
   *
   * @return {@code false}, without keeping {@code action}, if the journey is already ending
   */
  public boolean beforeEnd(Consumer<? super Span> action) {
    Objects.requireNonNull(action, "action");
    synchronized (this) {
      if (beforeEndClosed) {
        return false;
      }
      if (beforeEnd == null) {
        beforeEnd = new ArrayList<>(2);
      }
      beforeEnd.add(action);
      return true;
    }
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
    return ended.get();
  }

  /** Ends the journey as a success: status OK, {@code cuj.outcome=success}. */
  public void succeed() {
    if (ended.compareAndSet(false, true)) {
      runBeforeEnd();
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
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      runBeforeEnd();
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
   * Ends the journey as an expected business outcome that no exception stands for, such as a route
   * journey answered with a 4xx status: {@code cuj.outcome=expected}, {@code cuj.outcome.type} set
   * to {@code type} (keep it low-cardinality, e.g. {@code "http.404"}), status OK, so it does not
   * burn the error budget.
   */
  public void expected(String type) {
    if (ended.compareAndSet(false, true)) {
      runBeforeEnd();
      span.setAttribute(JourneyAttributes.CUJ_OUTCOME, JourneyAttributes.OUTCOME_EXPECTED);
      span.setAttribute(JourneyAttributes.CUJ_OUTCOME_TYPE, type == null ? "unspecified" : type);
      span.setStatus(StatusCode.OK);
      span.end();
    }
  }

  /**
   * Ends a journey nobody waits for any more (a cancelled subscription or request):
   * {@code cuj.outcome=cancelled}, status left unset, so it neither counts as success nor burns
   * the error budget.
   */
  public void cancelled() {
    if (ended.compareAndSet(false, true)) {
      runBeforeEnd();
      span.setAttribute(JourneyAttributes.CUJ_OUTCOME, JourneyAttributes.OUTCOME_CANCELLED);
      span.end();
    }
  }

  private void runBeforeEnd() {
    List<Consumer<? super Span>> actions;
    synchronized (this) {
      beforeEndClosed = true;
      actions = beforeEnd;
      beforeEnd = null;
    }
    if (actions == null) {
      return;
    }
    for (Consumer<? super Span> action : actions) {
      try {
        action.accept(span);
      } catch (RuntimeException e) {
        // An adapter's summary must never change how the journey ends.
      }
    }
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
