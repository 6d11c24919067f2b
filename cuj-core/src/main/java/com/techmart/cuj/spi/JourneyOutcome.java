package com.techmart.cuj.spi;

import com.techmart.cuj.JourneyAttributes;
import com.techmart.cuj.JourneyDefinition;
import com.techmart.cuj.StartedJourney;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * How a journey ended: the one outcome model every adapter uses. The rules below are the only place
 * that decides an outcome; adapters report what happened (a result, a throwable, an HTTP status, a
 * cancellation, a client that left) and {@link StartedJourney} writes the outcome on the journey
 * span. The first matching row wins:
 *
 * <ol>
 *   <li>a declared expected outcome (exception type or HTTP status): {@code expected}, status OK;
 *   <li>a deadline or timeout, even when it arrives as a cancellation: {@code error}, ERROR;
 *   <li>the caller cancelled, or the client left before the response: {@code cancelled}, UNSET;
 *   <li>an HTTP handler journey: its final status, 5xx {@code error}, 4xx {@code expected}
 *       ({@code http.<code>}, unless the service counts that 4xx as an error), else
 *       {@code success}; an exception no handler maps counts as 500;
 *   <li>any other journey: an exception (looked through {@link CompletionException},
 *       {@link ExecutionException}, {@link UndeclaredThrowableException}) or a {@code null} stage:
 *       {@code error}, ERROR;
 *   <li>otherwise {@code success}, OK.
 * </ol>
 */
public final class JourneyOutcome {

  /** The four outcomes; {@link #value()} is what {@code cuj.outcome} holds. */
  public enum Kind {
    SUCCESS(JourneyAttributes.OUTCOME_SUCCESS),
    EXPECTED(JourneyAttributes.OUTCOME_EXPECTED),
    ERROR(JourneyAttributes.OUTCOME_ERROR),
    CANCELLED(JourneyAttributes.OUTCOME_CANCELLED);

    private final String value;

    Kind(String value) {
      this.value = value;
    }

    /** The {@code cuj.outcome} attribute value. */
    public String value() {
      return value;
    }
  }

  private static final JourneyOutcome SUCCESS = new JourneyOutcome(Kind.SUCCESS, null, null, null);
  private static final JourneyOutcome CANCELLED = new JourneyOutcome(Kind.CANCELLED, null, null, null);
  private static final int MAX_CAUSES = 16;

  private final Kind kind;
  private final String type;
  private final Throwable error;
  private final String description;

  private JourneyOutcome(Kind kind, String type, Throwable error, String description) {
    this.kind = kind;
    this.type = type;
    this.error = error;
    this.description = description;
  }

  public Kind kind() {
    return kind;
  }

  /** {@code cuj.outcome.type} of an expected outcome (exception class name or {@code http.<code>}), else {@code null}. */
  public String type() {
    return type;
  }

  /** The exception to record on the journey span, or {@code null}. */
  public Throwable error() {
    return error;
  }

  /** The span status description of an error, or {@code null}. */
  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return kind.value() + (type == null ? "" : "(" + type + ")");
  }

  // ---- the rules

  /** Row 6: the body returned, or its stage or publisher completed (with a value or empty). */
  public static JourneyOutcome success() {
    return SUCCESS;
  }

  /** Row 3: the caller cancelled for its own reasons, or the client left. */
  public static JourneyOutcome cancelled() {
    return CANCELLED;
  }

  /**
   * A cancellation that may carry why: a deadline or timeout (row 2) is an {@code error}, anything
   * else (row 3) {@code cancelled}.
   */
  public static JourneyOutcome cancelled(Throwable reason) {
    Throwable timeout = reason == null ? null : timeoutIn(reason);
    return timeout != null ? errorOf(timeout) : CANCELLED;
  }

  /** A journey whose async body returned {@code null} instead of a stage or publisher (row 5). */
  public static JourneyOutcome nullResult(JourneyDefinition journey) {
    return errorOf(new NullPointerException(
        "journey '" + journey.name() + "' body returned null instead of a CompletionStage or Publisher"));
  }

  /**
   * A journey that is not an HTTP handler ended with {@code thrown} (rows 1, 2, 3, 5). A
   * {@link CancellationException} is a cancellation, unless a timeout caused it. {@code null} is an
   * error of unknown cause, never an exception here.
   */
  public static JourneyOutcome ofThrowable(JourneyDefinition journey, Throwable thrown) {
    if (thrown == null) {
      return new JourneyOutcome(Kind.ERROR, null, null, "failed without an exception");
    }
    Throwable cause = unwrap(thrown);
    if (journey != null && journey.isExpectedOutcome(cause)) {
      return expectedOf(cause);
    }
    Throwable timeout = timeoutIn(cause);
    if (timeout != null) {
      return errorOf(cause);
    }
    if (cause instanceof CancellationException) {
      return CANCELLED;
    }
    return errorOf(cause);
  }

  /**
   * An HTTP handler journey (an annotated endpoint or a route journey) answered with {@code status}
   * (rows 1 to 4). {@code thrown} is the exception behind the answer, if any: one a handler mapped
   * to {@code status}, or one no handler mapped (then pass 500, or what the container answers).
   * {@code clientLeft} says the adapter saw the client go before the response was written.
   */
  public static JourneyOutcome ofHttp(JourneyDefinition journey, HttpOutcomes rules, int status,
      Throwable thrown, boolean clientLeft) {
    Throwable cause = thrown == null ? null : unwrap(thrown);
    if (cause != null && journey != null && journey.isExpectedOutcome(cause)) {
      return expectedOf(cause);
    }
    if (journey != null && journey.isExpectedStatus(status)) {
      // Declared (e.g. the catalogue's expected.statuses): neither good nor bad, whatever the code.
      return new JourneyOutcome(Kind.EXPECTED, "http." + status, cause, null);
    }
    if (cause != null && timeoutIn(cause) != null) {
      return errorOf(cause);
    }
    if (clientLeft || (cause != null && isClientGone(cause))) {
      return CANCELLED;
    }
    if (status >= 500 || (rules != null && rules.isError(status))) {
      return cause != null ? errorOf(cause) : new JourneyOutcome(Kind.ERROR, null, null, "HTTP " + status);
    }
    if (status >= 400) {
      return new JourneyOutcome(Kind.EXPECTED, "http." + status, cause, null);
    }
    return SUCCESS;
  }

  /** An outcome the caller already knows to be expected, of type {@code type}. */
  public static JourneyOutcome expected(String type) {
    return new JourneyOutcome(Kind.EXPECTED, type == null ? "unspecified" : type, null, null);
  }

  // ---- helpers every adapter shares

  /**
   * {@code error} without the wrappers that futures and proxies add around the real exception:
   * {@link CompletionException}, {@link ExecutionException}, {@link UndeclaredThrowableException}.
   */
  public static Throwable unwrap(Throwable error) {
    Throwable t = error;
    for (int i = 0; i < MAX_CAUSES && t != null && t.getCause() != null
        && (t instanceof CompletionException || t instanceof ExecutionException
            || t instanceof UndeclaredThrowableException); i++) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * Whether {@code error} says the client went away before the response was written: the servlet
   * containers' abort exceptions (Tomcat {@code ClientAbortException}, Jetty {@code EofException}),
   * found by name so core depends on no container.
   */
  public static boolean isClientGone(Throwable error) {
    for (Throwable t : causes(error)) {
      String name = t.getClass().getName();
      if (name.equals("org.apache.catalina.connector.ClientAbortException")
          || name.equals("org.eclipse.jetty.io.EofException")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The timeout in {@code error}'s cause chain, or {@code null}: a {@link TimeoutException} or any
   * exception whose class (or a superclass) is named {@code ...TimeoutException} (socket, HTTP
   * client, JDBC, Netty and framework read timeouts), so core depends on none of them.
   */
  static Throwable timeoutIn(Throwable error) {
    for (Throwable t : causes(error)) {
      if (t instanceof TimeoutException) {
        return t;
      }
      for (Class<?> c = t.getClass(); c != null && c != Throwable.class; c = c.getSuperclass()) {
        if (c.getSimpleName().endsWith("TimeoutException")) {
          return t;
        }
      }
    }
    return null;
  }

  private static Iterable<Throwable> causes(Throwable error) {
    if (error == null) {
      return Set.of();
    }
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = error; t != null && seen.size() < MAX_CAUSES && seen.add(t); t = t.getCause()) {
      // collects the chain, cycle-safe and bounded
    }
    return seen;
  }

  private static JourneyOutcome expectedOf(Throwable cause) {
    return new JourneyOutcome(Kind.EXPECTED, cause.getClass().getName(), cause, null);
  }

  private static JourneyOutcome errorOf(Throwable cause) {
    String message = cause.getMessage();
    return new JourneyOutcome(Kind.ERROR, null, cause,
        message == null ? cause.getClass().getSimpleName() : message);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof JourneyOutcome)) {
      return false;
    }
    JourneyOutcome that = (JourneyOutcome) o;
    return kind == that.kind && Objects.equals(type, that.type) && error == that.error;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, type);
  }
}
