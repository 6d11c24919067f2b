package com.techmart.cuj.testing.conformance;


import com.techmart.cuj.testing.Outcome;
import java.util.List;

/**
 * What happens to a journey, and how DESIGN §4 ("Outcomes: one model, every adapter") says it ends.
 * Unless a scenario says otherwise, the harness runs journey {@link JourneyConformanceSuite#JOURNEY}
 * once, with some work (a child span) inside it, and hands back every span of the trace.
 */
public enum Scenario {
  /** The body returns a value. */
  SUCCESS("success", Expectation.journey(Outcome.SUCCESS)),
  /** The body throws {@link ScenarioCheckedException} (checked), unmapped by any handler. */
  CHECKED_EXCEPTION("checked exception", Expectation.journey(Outcome.ERROR)),
  /** The body throws an {@link IllegalStateException}, unmapped by any handler. */
  UNCHECKED_EXCEPTION("unchecked exception", Expectation.journey(Outcome.ERROR)),
  /** The body throws {@link DeclaredOutcomeException}, which the journey declares expected in code. */
  DECLARED_EXPECTED_IN_CODE("declared expected outcome (in code)",
      Expectation.journey(Outcome.EXPECTED).type(DeclaredOutcomeException.class.getName())),
  /** The body throws {@link CatalogueDeclaredException}, which the catalogue lists under {@code expected.exceptions}. */
  DECLARED_EXPECTED_IN_CATALOGUE("declared expected outcome (in catalogue)",
      Expectation.journey(Outcome.EXPECTED).type(CatalogueDeclaredException.class.getName())),
  /** An HTTP handler journey answers 503, which the catalogue lists under {@code expected.statuses}. */
  DECLARED_STATUS_IN_CATALOGUE("declared expected status 503 (in catalogue)",
      Expectation.journey(Outcome.EXPECTED).type("http.503")),
  /** An HTTP handler journey answers 404 (a plain client error, nothing declared). */
  CLIENT_ERROR_4XX("4xx returned", Expectation.journey(Outcome.EXPECTED).type("http.404")),
  /** An HTTP handler journey throws an {@link IllegalStateException} that no handler maps: a 500. */
  SERVER_ERROR_THROWN("5xx thrown", Expectation.journey(Outcome.ERROR)),
  /** An HTTP handler journey returns a 500 response itself; no exception anywhere. */
  SERVER_ERROR_RETURNED("5xx returned", Expectation.journey(Outcome.ERROR)),
  /** An HTTP handler journey throws {@link MappedToConflictException}; an exception handler answers 409. */
  EXCEPTION_MAPPED_TO_4XX("exception mapped to a 4xx", Expectation.journey(Outcome.EXPECTED).type("http.409")),
  /** The body fails with a {@link java.util.concurrent.TimeoutException}. */
  TIMEOUT("timeout", Expectation.journey(Outcome.ERROR)),
  /** The result is cancelled because a deadline passed: {@link Deadlines#cancellation()}. */
  TIMEOUT_AS_CANCELLATION("timeout arriving as a cancellation", Expectation.journey(Outcome.ERROR)),
  /** An asynchronous result (stage, async request) completes later with a value. */
  ASYNC_SUCCESS("async success", Expectation.journey(Outcome.SUCCESS)),
  /** An asynchronous result completes later with an {@link IllegalStateException}. */
  ASYNC_FAILURE("async failure", Expectation.journey(Outcome.ERROR)),
  /**
   * The caller stops waiting for its own reasons: the stage the body returned is cancelled, or the
   * subscriber disposes its subscription before a result.
   */
  CALLER_CANCELS("caller cancels", Expectation.journey(Outcome.CANCELLED)),
  /** The HTTP client closes its connection before the handler answers; the handler then answers. */
  CLIENT_DISCONNECTS("client disconnects", Expectation.journey(Outcome.CANCELLED)),
  /** The reactive result completes empty. */
  EMPTY_REACTIVE("empty reactive result", Expectation.journey(Outcome.SUCCESS)),
  /** The reactive result signals an {@link IllegalStateException}. */
  REACTIVE_ERROR("reactive error", Expectation.journey(Outcome.ERROR)),
  /**
   * The reactive result fails on its first subscription and succeeds on its second; the caller
   * applies {@code retry(1)}: one journey per subscription.
   */
  RESUBSCRIPTION("re-subscription", Expectation.journeys(Outcome.ERROR, Outcome.SUCCESS)),
  /** The journey method returns a publisher that nobody subscribes to: no journey opens. */
  NEVER_SUBSCRIBED("never subscribed", Expectation.none().note("none left open")),
  /**
   * Journey {@link JourneyConformanceSuite#JOURNEY} calls code that runs journey
   * {@link JourneyConformanceSuite#OTHER_JOURNEY}: two spans, the inner one a child of the outer.
   */
  NESTED_OTHER_NAME("nested journey, other name", Expectation.journeys(Outcome.SUCCESS, Outcome.SUCCESS).note("inner a child of outer")),
  /** Journey {@link JourneyConformanceSuite#JOURNEY} calls code that runs the same journey: one span. */
  NESTED_SAME_NAME("nested journey, same name", Expectation.journey(Outcome.SUCCESS)),
  /**
   * A request (or restored hand-off) with no journey of its own carries baggage
   * {@code cuj.name=}{@link JourneyConformanceSuite#FORGED_JOURNEY}, which the catalogue does not
   * know: no span carries it.
   */
  FORGED_BAGGAGE("forged journey in baggage", Expectation.none().stamping(Stamping.NONE)),
  /**
   * A request (or restored hand-off) with no journey of its own carries baggage
   * {@code cuj.name=}{@link JourneyConformanceSuite#JOURNEY}{@code , cuj.critical=false}; the
   * catalogue says critical: every span says {@code cuj.critical=true}.
   */
  WRONG_CRITICAL("known journey, wrong cuj.critical", Expectation.none().note("every stamp cuj.critical=true")),
  /** A well-formed {@code X-Correlation-ID} arrives: it is echoed and put on the server span. */
  CORRELATION_ID_IN("correlation id received", Expectation.journey(Outcome.SUCCESS).note("id kept and echoed")),
  /** No correlation id arrives: one is generated, echoed and put on the server span. */
  CORRELATION_ID_OUT("correlation id generated", Expectation.journey(Outcome.SUCCESS).note("id generated and echoed")),
  /** A malformed correlation id ({@link JourneyConformanceSuite#HOSTILE_CORRELATION_ID}) arrives: replaced. */
  CORRELATION_ID_HOSTILE("correlation id hostile", Expectation.journey(Outcome.SUCCESS).note("id replaced and echoed")),
  /** The journey's handler calls a second service over HTTP: that service's spans carry the journey. */
  HTTP_HOP("HTTP hop to a second service", Expectation.journey(Outcome.SUCCESS).note("in both services"));

  private final String label;
  private final Expectation expectation;

  Scenario(String label, Expectation expectation) {
    this.label = label;
    this.expectation = expectation;
  }

  /** The row name in the conformance matrix. */
  public String label() {
    return label;
  }

  public Expectation expectation() {
    return expectation;
  }

  /** How many spans the trace must show with {@code cuj.name}. */
  public enum Stamping {
    /** Every span of the trace carries a {@code cuj.name}. */
    ALL,
    /** No span of the trace carries a {@code cuj.name}. */
    NONE,
    /** Not a concern of the scenario (no journey ran; nothing may be forged). */
    ANY
  }

  /** The journey spans a scenario ends with, in start order, and what the trace carries. */
  public record Expectation(List<Outcome> outcomes, String outcomeType, Stamping stamping, String note) {

    static Expectation journey(Outcome outcome) {
      return new Expectation(List.of(outcome), null, Stamping.ALL, null);
    }

    static Expectation journeys(Outcome... outcomes) {
      return new Expectation(List.of(outcomes), null, Stamping.ALL, null);
    }

    static Expectation none() {
      return new Expectation(List.of(), null, Stamping.ANY, null);
    }

    Expectation type(String type) {
      return new Expectation(outcomes, type, stamping, note);
    }

    Expectation stamping(Stamping how) {
      return new Expectation(outcomes, outcomeType, how, note);
    }

    Expectation note(String text) {
      return new Expectation(outcomes, outcomeType, stamping, text);
    }

    /** The matrix text for this expectation. */
    public String describe() {
      return ConformanceMatrix.cell(outcomes.stream().map(o -> new String[] {o.value(), o.status().name(),
          outcomeType}).toList(), stamping == Stamping.ALL ? "all stamped"
          : stamping == Stamping.NONE ? "none stamped" : null) + (note == null ? "" : "; " + note);
    }
  }
}
