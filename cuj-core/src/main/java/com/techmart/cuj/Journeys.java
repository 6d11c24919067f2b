package com.techmart.cuj;

import com.techmart.cuj.spi.CujSetup;
import com.techmart.cuj.spi.GlobalTelemetry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The entry point: run a block of code as a Critical User Journey.
 *
 * <pre>{@code
 * Order order = Journeys.call("checkout", () -> orders.place(basket));   // value
 * Journeys.run("order-lookup", () -> render(orderId));                    // void
 * Receipt r = Journeys.call("checkout", () -> gateway.charge(card));     // throws IOException: passes through
 * CompletionStage<Order> later = Journeys.callAsync("checkout", () -> orders.placeAsync(basket));
 * Optional<ActiveJourney> mine = Journeys.current();
 * }</pre>
 *
 * <p>These methods use one process-wide {@link JourneyRunner}. Unless an application installs its
 * own with {@link #setRunner}, it is built from {@link GlobalOpenTelemetry} (once one is registered) and the
 * catalogue named by {@code cuj.catalogue} (system property) or {@code CUJ_CATALOGUE}
 * (environment), a file path or {@code classpath:resource}, by default
 * {@code classpath:cuj/journeys.yaml}; see {@link CujSetup} for what a missing or bad one does.
 * Framework adapters inject their own runner instead of using this class.
 *
 * @see JourneyRunner for what running a journey records
 */
public final class Journeys {

  private static volatile JourneyRunner runner;
  // True while the runner is a stand-in built before any OpenTelemetry was registered globally.
  private static volatile boolean provisional;
  private static CujSetup setup;

  private Journeys() {}

  /** Runs {@code body} as journey {@code name}; returns its result, rethrows its exception. */
  public static <T, E extends Throwable> T call(String name, JourneyCallable<T, E> body) throws E {
    return runner().call(name, body);
  }

  /** Runs {@code body} as {@code journey}; returns its result, rethrows its exception. */
  public static <T, E extends Throwable> T call(JourneyDefinition journey, JourneyCallable<T, E> body)
      throws E {
    return runner().call(journey, body);
  }

  /** Runs {@code body} as journey {@code name}; rethrows its exception unchanged. */
  public static <E extends Throwable> void run(String name, JourneyRunnable<E> body) throws E {
    runner().run(name, body);
  }

  /** Runs {@code body} as {@code journey}; rethrows its exception unchanged. */
  public static <E extends Throwable> void run(JourneyDefinition journey, JourneyRunnable<E> body)
      throws E {
    runner().run(journey, body);
  }

  /** Runs {@code body} as journey {@code name}; the journey ends when the stage completes. */
  public static <T> CompletionStage<T> callAsync(
      String name, Supplier<? extends CompletionStage<T>> body) {
    return runner().callAsync(name, body);
  }

  /** Runs {@code body} as {@code journey}; the journey ends when the stage completes. */
  public static <T> CompletionStage<T> callAsync(
      JourneyDefinition journey, Supplier<? extends CompletionStage<T>> body) {
    return runner().callAsync(journey, body);
  }

  /** The journey the current code runs in, if any. */
  public static Optional<ActiveJourney> current() {
    return runner().current();
  }

  /** The journey of {@code context}, if any. */
  public static Optional<ActiveJourney> current(Context context) {
    return runner().current(context);
  }

  /**
   * The process-wide runner, created on first use. Until an {@link OpenTelemetry} is registered
   * globally, journeys run without telemetry (their context still carries them) and every call
   * looks again, so code that runs before the SDK exists never switches tracing off for good.
   */
  public static JourneyRunner runner() {
    JourneyRunner r = runner;
    if (r == null || (provisional && GlobalTelemetry.getIfSet() != null)) {
      r = resolve();
    }
    return r;
  }

  private static synchronized JourneyRunner resolve() {
    JourneyRunner r = runner;
    if (r != null && !provisional) {
      return r;
    }
    OpenTelemetry registered = GlobalTelemetry.getIfSet();
    if (r != null && registered == null) {
      return r;
    }
    if (setup == null) {
      // Read (and any problem logged) once, however often the runner is rebuilt.
      CujSetup.declarativeConfigurationWarning(CujSetup.systemSettings())
          .ifPresent(w -> java.util.logging.Logger.getLogger(Journeys.class.getName()).warning(w));
      setup = CujSetup.load(CujSetup.systemSettings());
    }
    if (registered != null) {
      setup.countProblemsOn(registered);
    }
    r = setup.runner(registered == null ? OpenTelemetry.noop() : registered).build();
    provisional = registered == null;
    runner = r;
    return r;
  }

  /** Installs the process-wide runner (at start-up, before journeys run). */
  public static void setRunner(JourneyRunner journeyRunner) {
    synchronized (Journeys.class) {
      runner = Objects.requireNonNull(journeyRunner, "journeyRunner");
      provisional = false;
    }
  }

  /** Forgets the process-wide runner; the next call builds a new one. For tests. */
  static synchronized void resetForTest() {
    runner = null;
    provisional = false;
    setup = null;
  }
}
