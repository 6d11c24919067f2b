package com.techmart.cuj;

import com.techmart.cuj.spi.HttpOutcomes;
import com.techmart.cuj.spi.JourneyOutcome;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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
 * <p>Exactly one of the end methods ({@link #succeed()}, {@link #fail(Throwable)},
 * {@link #endHttp}, {@link #expected(String)}, {@link #cancelled()}, {@link #end}) takes effect;
 * later calls are ignored, so racing completion and cancellation is safe. None throws. Which
 * outcome each records is decided in one place, {@link JourneyOutcome}.
 */
public final class StartedJourney {

  private static final int MAX_STATUS_DESCRIPTION = 256;

  static final ContextKey<StartedJourney> KEY = ContextKey.named("cuj.started-journey");

  private final JourneyDefinition definition;
  private final Span span;
  private final Context context;
  private final HttpOutcomes httpOutcomes;
  // The journey this handle joined (same name, already running), or null for a journey of its own.
  private final StartedJourney owner;
  // Adapter hooks (e.g. cuj-jdbc's statement tally); null until an adapter asks, so a journey
  // that no adapter looks at allocates nothing more.
  private volatile ConcurrentMap<Class<?>, Object> attachments;
  // One field for "ended" and the before-end actions, changed by compare-and-set only: NO_ACTIONS
  // or an array of actions while the journey runs, ENDED once one of the endings has won. Ending
  // a journey is one CAS, with neither a lock nor an extra object (see benchmarks/).
  @SuppressWarnings("unused") // accessed through STATE
  private volatile Object state = NO_ACTIONS;

  private static final Object NO_ACTIONS = new Object[0];
  private static final Object ENDED = new Object();
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(StartedJourney.class, "state", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  StartedJourney(JourneyDefinition definition, Span span, Context context, HttpOutcomes httpOutcomes) {
    this.definition = definition;
    this.span = span;
    this.context = context.with(KEY, this);
    this.httpOutcomes = httpOutcomes;
    this.owner = null;
  }

  /** A journey of the same name as {@code owner}, started inside it: joins it, ends nothing. */
  private StartedJourney(StartedJourney owner, Context context) {
    this.definition = owner.definition;
    this.span = owner.span;
    this.context = context;
    this.httpOutcomes = owner.httpOutcomes;
    this.owner = owner;
    this.state = ENDED;
  }

  static StartedJourney joining(StartedJourney owner, Context context) {
    return new StartedJourney(owner, context);
  }

  /**
   * Whether this handle joined a journey of the same name already running here: it has no span of
   * its own, and ending it changes nothing (the journey it joined ends once, where it began).
   */
  public boolean isJoined() {
    return owner != null;
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
    if (owner != null) {
      return owner.attachment(type, create);
    }
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
    if (owner != null) {
      return owner.beforeEnd(action);
    }
    while (true) {
      Object current = state;
      if (current == ENDED) {
        return false;
      }
      Object[] actions = (Object[]) current;
      Object[] more = Arrays.copyOf(actions, actions.length + 1);
      more[actions.length] = action;
      if (STATE.compareAndSet(this, current, more)) {
        return true;
      }
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
    return owner != null ? owner.isEnded() : state == ENDED;
  }

  /** Ends the journey as a success: status OK, {@code cuj.outcome=success}. */
  public void succeed() {
    end(JourneyOutcome.success());
  }

  /**
   * Ends the journey with {@code error}, as {@link JourneyOutcome#ofThrowable} decides: a declared
   * expected outcome, a timeout (error), a cancellation, or an error. Wrappers added by futures and
   * proxies are looked through; {@code null} ends it as an error of unknown cause.
   */
  public void fail(Throwable error) {
    if (state != ENDED) {
      end(JourneyOutcome.ofThrowable(definition, error));
    }
  }

  /**
   * Ends an HTTP handler journey (annotated endpoint or route journey) by the status the client
   * got, as {@link JourneyOutcome#ofHttp} decides. {@code error} is the exception behind the
   * answer, if any; {@code clientLeft} says the client went away before the response.
   */
  public void endHttp(int status, Throwable error, boolean clientLeft) {
    if (state != ENDED) {
      end(JourneyOutcome.ofHttp(definition, httpOutcomes, status, error, clientLeft));
    }
  }

  /**
   * Ends the journey as an expected business outcome that no exception stands for:
   * {@code cuj.outcome=expected}, {@code cuj.outcome.type} set to {@code type} (keep it
   * low-cardinality, e.g. {@code "http.404"}), status OK, so it does not burn the error budget.
   */
  public void expected(String type) {
    end(JourneyOutcome.expected(type));
  }

  /**
   * Ends a journey nobody waits for any more (a cancelled subscription or request, a client that
   * left): {@code cuj.outcome=cancelled}, status left unset, so it neither counts as success nor
   * burns the error budget.
   */
  public void cancelled() {
    end(JourneyOutcome.cancelled());
  }

  /** Like {@link #cancelled()}, but a cancellation caused by a deadline or timeout is an error. */
  public void cancelled(Throwable reason) {
    end(JourneyOutcome.cancelled(reason));
  }

  /** Ends the journey with {@code outcome}; the first ending wins, later ones are ignored. */
  public void end(JourneyOutcome outcome) {
    Object[] actions = claimEnd();
    if (actions == null) {
      return;
    }
    try {
      runBeforeEnd(actions);
      span.setAttribute(JourneyAttributes.CUJ_OUTCOME, outcome.kind().value());
      Throwable error = outcome.error();
      switch (outcome.kind()) {
        case SUCCESS:
          span.setStatus(StatusCode.OK);
          break;
        case EXPECTED:
          span.setAttribute(JourneyAttributes.CUJ_OUTCOME_TYPE, outcome.type());
          if (error != null) {
            span.recordException(error);
          }
          span.setStatus(StatusCode.OK);
          break;
        case ERROR:
          if (error != null) {
            span.recordException(error);
          }
          span.setStatus(StatusCode.ERROR, describe(outcome.description()));
          break;
        default:
          break;
      }
    } finally {
      span.end();
    }
  }

  /**
   * Marks the journey ended and returns the before-end actions, or {@code null} when another
   * ending got there first. No action can be registered after this.
   */
  private Object[] claimEnd() {
    while (true) {
      Object current = state;
      if (current == ENDED) {
        return null;
      }
      if (STATE.compareAndSet(this, current, ENDED)) {
        return (Object[]) current;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void runBeforeEnd(Object[] actions) {
    for (Object action : actions) {
      try {
        ((Consumer<? super Span>) action).accept(span);
      } catch (RuntimeException e) {
        // An adapter's summary must never change how the journey ends.
      }
    }
  }

  private static String describe(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= MAX_STATUS_DESCRIPTION ? text : text.substring(0, MAX_STATUS_DESCRIPTION);
  }
}
