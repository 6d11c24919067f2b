package com.techmart.cuj;

import com.techmart.cuj.spi.HttpOutcomes;
import com.techmart.cuj.spi.JourneyOutcome;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Runs code as a journey against one {@link OpenTelemetry} instance and one catalogue. Frameworks
 * create one per application (the adapters do it for you); {@link Journeys} is the static
 * shortcut to a process-wide one.
 *
 * <pre>{@code
 * JourneyRunner journeys = JourneyRunner.builder(openTelemetry).catalogue(catalogue).build();
 * Order order = journeys.call("checkout", () -> placeOrder(basket));
 * }</pre>
 *
 * <p>Running a journey:
 *
 * <ol>
 *   <li>stamps {@code cuj.name}/{@code cuj.critical} on the enclosing span, unless the code already
 *       runs inside a journey (an outer journey's span is never re-stamped);
 *   <li>puts {@code cuj.name}/{@code cuj.critical} in baggage, so every downstream call carries
 *       them (the innermost journey wins);
 *   <li>starts span {@code cuj.<name>} as the current span;
 *   <li>ends it with one of four outcomes, as {@link JourneyOutcome} decides (the exception
 *       recorded, status OK / ERROR / unset).
 * </ol>
 *
 * <p>A journey started inside a journey of the same name joins it: no second span.
 */
public final class JourneyRunner {

  /** Instrumentation scope of journey spans and of cuj's own metrics. */
  public static final String INSTRUMENTATION_NAME = "com.techmart.cuj";

  private final Tracer tracer;
  // OpenTelemetry.noop(): spans would be non-recording copies of their parent, so call and run
  // skip them and only carry the journey (context and baggage) into the body.
  private final boolean tracingOff;
  // ... and when its propagators are no-op too, baggage cannot leave the process: the journey is
  // kept under its context key only (one context copy, not two). JourneyHandoff.capture writes
  // the journey into the captured baggage itself, so a hand-off still carries it.
  private final boolean baggageOff;
  private final JourneyCatalogue catalogue;
  private final BaggageTrustPolicy trustPolicy;
  private final ConcurrentMap<String, JourneyDefinition> adHoc = new ConcurrentHashMap<>();
  private final HttpOutcomes httpOutcomes;

  private JourneyRunner(Builder b) {
    this.tracer = b.openTelemetry.getTracer(INSTRUMENTATION_NAME, version());
    this.tracingOff = b.openTelemetry.getTracerProvider() == TracerProvider.noop();
    this.baggageOff = tracingOff
        && b.openTelemetry.getPropagators().getTextMapPropagator() == TextMapPropagator.noop();
    this.catalogue = b.catalogue;
    this.httpOutcomes = b.httpOutcomes;
    this.trustPolicy = BaggageTrustPolicy.builder(b.catalogue)
        .mode(b.trustMode)
        .openTelemetry(b.openTelemetry)
        .build();
  }

  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  public JourneyCatalogue catalogue() {
    return catalogue;
  }

  /** Which 4xx statuses of HTTP handler journeys count as errors here. */
  public HttpOutcomes httpOutcomes() {
    return httpOutcomes;
  }

  /** The policy this runner applies to journeys arriving in baggage (ingress, hand-off). */
  public BaggageTrustPolicy trustPolicy() {
    return trustPolicy;
  }

  /**
   * The definition for {@code name}: the catalogue's, or a critical journey with no targets when
   * the catalogue does not list it (code in this process is trusted to name its own journeys).
   *
   * @throws IllegalArgumentException if {@code name} is not a valid journey name
   */
  public JourneyDefinition definition(String name) {
    JourneyDefinition known = catalogue.get(name);
    if (known != null) {
      return known;
    }
    JourneyDefinition cached = adHoc.get(name);
    if (cached != null) {
      return cached;
    }
    JourneyDefinition created = JourneyDefinition.of(name);
    // Bounded by the number of distinct names in the code, which is small; never by input.
    JourneyDefinition raced = adHoc.putIfAbsent(name, created);
    return raced == null ? created : raced;
  }

  /** Runs {@code body} as journey {@code name} and returns its result. */
  public <T, E extends Throwable> T call(String name, JourneyCallable<T, E> body) throws E {
    return call(definition(name), body);
  }

  /** Runs {@code body} as {@code journey} and returns its result; its exception passes through. */
  public <T, E extends Throwable> T call(JourneyDefinition journey, JourneyCallable<T, E> body)
      throws E {
    Context parent = Context.current();
    if (tracingOff) {
      try (Scope ignored = enter(Objects.requireNonNull(journey, "journey"), parent).makeCurrent()) {
        return body.call();
      }
    }
    if (runsIn(journey, parent)) {
      return body.call();
    }
    StartedJourney started = start(journey, parent);
    T result;
    try (Scope ignored = started.makeCurrent()) {
      result = body.call();
    } catch (Throwable error) {
      started.fail(error);
      throw error;
    }
    started.succeed();
    return result;
  }

  /** Runs {@code body} as journey {@code name}. */
  public <E extends Throwable> void run(String name, JourneyRunnable<E> body) throws E {
    run(definition(name), body);
  }

  /** Runs {@code body} as {@code journey}; its exception passes through unchanged. */
  public <E extends Throwable> void run(JourneyDefinition journey, JourneyRunnable<E> body) throws E {
    Context parent = Context.current();
    if (tracingOff) {
      try (Scope ignored = enter(Objects.requireNonNull(journey, "journey"), parent).makeCurrent()) {
        body.run();
      }
      return;
    }
    if (runsIn(journey, parent)) {
      body.run();
      return;
    }
    StartedJourney started = start(journey, parent);
    try (Scope ignored = started.makeCurrent()) {
      body.run();
    } catch (Throwable error) {
      started.fail(error);
      throw error;
    }
    started.succeed();
  }

  /** Async form of {@link #call(String, JourneyCallable)}; see {@link #callAsync(JourneyDefinition, Supplier)}. */
  public <T> CompletionStage<T> callAsync(
      String name, Supplier<? extends CompletionStage<T>> body) {
    return callAsync(definition(name), body);
  }

  /**
   * Starts {@code journey}, calls {@code body} inside it, and ends the journey when the returned
   * stage completes. The stage returned here completes after the journey span has ended, with the
   * same result or exception. If {@code body} itself throws, the journey fails and the exception
   * propagates; a {@code null} stage fails the journey with a {@link NullPointerException}. How a
   * failed or cancelled stage ends the journey is {@link JourneyOutcome#ofThrowable}'s decision.
   */
  public <T> CompletionStage<T> callAsync(
      JourneyDefinition journey, Supplier<? extends CompletionStage<T>> body) {
    StartedJourney started = start(journey);
    CompletionStage<T> stage;
    try (Scope ignored = started.makeCurrent()) {
      stage = body.get();
    } catch (Throwable error) {
      started.fail(error);
      throw error;
    }
    if (stage == null) {
      JourneyOutcome outcome = JourneyOutcome.nullResult(journey);
      started.end(outcome);
      CompletableFuture<T> failed = new CompletableFuture<>();
      failed.completeExceptionally(outcome.error());
      return failed;
    }
    return stage.whenComplete((result, error) -> {
      if (error == null) {
        started.succeed();
      } else {
        started.fail(error);
      }
    });
  }

  /** Starts {@code journey} in the current context; the caller must end it. */
  public StartedJourney start(JourneyDefinition journey) {
    return start(journey, Context.current());
  }

  /**
   * Starts {@code journey} as a child of {@code parent}; the caller must end it. Inside a journey
   * of the same name started here, the returned handle {@linkplain StartedJourney#isJoined() joins}
   * that one: no second span, no double count.
   */
  public StartedJourney start(JourneyDefinition journey, Context parent) {
    Objects.requireNonNull(journey, "journey");
    Objects.requireNonNull(parent, "parent");
    StartedJourney running = parent.get(StartedJourney.KEY);
    if (running != null && running.definition().name().equals(journey.name())) {
      return StartedJourney.joining(running, parent);
    }
    Context inJourney = enter(journey, parent);
    Span span = tracer.spanBuilder(journey.spanName())
        .setParent(inJourney)
        .setAllAttributes(journey.attributes())
        .startSpan();
    return new StartedJourney(journey, span, inJourney.with(span), httpOutcomes);
  }

  /** Whether {@code parent} already runs in a journey of this name, started here: then join it. */
  private static boolean runsIn(JourneyDefinition journey, Context parent) {
    StartedJourney running = parent.get(StartedJourney.KEY);
    return running != null && running.definition().name().equals(journey.name());
  }

  /**
   * Steps 1 and 2 of a journey: stamps the enclosing span unless already in a journey, and
   * returns {@code parent} with the journey in its baggage and under {@link JourneyContext#KEY}
   * (under the key only when telemetry is off: see {@code baggageOff}).
   */
  private Context enter(JourneyDefinition journey, Context parent) {
    Span enclosing = Span.fromContext(parent);
    if (enclosing.isRecording() && JourneyContext.read(parent, catalogue) == null) {
      enclosing.setAllAttributes(journey.attributes());
    }
    if (baggageOff) {
      return parent.with(JourneyContext.KEY, journey.active());
    }
    Baggage baggage = baggage(journey, parent);
    Context withBaggage = baggage == Baggage.fromContextOrNull(parent) ? parent : parent.with(baggage);
    return withBaggage.with(JourneyContext.KEY, journey.active());
  }

  /** {@code parent}'s baggage with the journey's entries, built only when it must be. */
  private static Baggage baggage(JourneyDefinition journey, Context parent) {
    Baggage current = Baggage.fromContextOrNull(parent);
    if (current == null || current.isEmpty()) {
      return journey.baggage();
    }
    return JourneyContext.withJourney(current, journey.active());
  }


  /** The journey of the current context, if any. */
  public Optional<ActiveJourney> current() {
    return Optional.ofNullable(JourneyContext.read(Context.current(), catalogue));
  }

  /** The journey of {@code context}, if any. */
  public Optional<ActiveJourney> current(Context context) {
    return Optional.ofNullable(JourneyContext.read(context, catalogue));
  }

  private static String version() {
    String v = JourneyRunner.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** Builds a {@link JourneyRunner}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private JourneyCatalogue catalogue = JourneyCatalogue.builder().build();
    private TrustMode trustMode = TrustMode.KNOWN;
    private HttpOutcomes httpOutcomes = HttpOutcomes.defaults();

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /** The service's journeys; an empty closed catalogue unless set. */
    public Builder catalogue(JourneyCatalogue catalogue) {
      this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
      return this;
    }

    /** Which incoming journeys {@link #trustPolicy()} accepts; {@link TrustMode#KNOWN} unless set. */
    public Builder trustMode(TrustMode trustMode) {
      this.trustMode = Objects.requireNonNull(trustMode, "trustMode");
      return this;
    }

    /** Which 4xx statuses of HTTP handler journeys count as errors; none unless set. */
    public Builder httpOutcomes(HttpOutcomes httpOutcomes) {
      this.httpOutcomes = Objects.requireNonNull(httpOutcomes, "httpOutcomes");
      return this;
    }

    public JourneyRunner build() {
      return new JourneyRunner(this);
    }
  }
}
