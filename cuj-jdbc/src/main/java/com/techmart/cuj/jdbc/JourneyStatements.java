package com.techmart.cuj.jdbc;

import com.techmart.cuj.ActiveJourney;
import com.techmart.cuj.JourneyAttributes;
import com.techmart.cuj.JourneyDefinition;
import com.techmart.cuj.JourneyRunner;
import com.techmart.cuj.StartedJourney;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.Optional;

/**
 * What the wrapper does around each statement: find the journey of the current context, stamp the
 * statement's span, add the SQL comment, count and time the execution for the journey. Runs inside
 * the OpenTelemetry JDBC wrapper, so the current span is the statement's own client span.
 */
final class JourneyStatements {

  private final boolean sqlComments;
  private final int threshold;
  private final JourneyRunner runner;

  JourneyStatements(boolean sqlComments, int threshold, JourneyRunner runner) {
    this.sqlComments = sqlComments;
    this.threshold = threshold;
    this.runner = runner;
  }

  /** {@code sql} with the journey comment when comments are on; never throws. */
  String comment(String sql) {
    if (!sqlComments || sql == null) {
      return sql;
    }
    try {
      Context context = Context.current();
      ActiveJourney journey = journey(context);
      return SqlComment.prefix(
          sql, journey == null ? null : journey.name(), Span.fromContext(context).getSpanContext());
    } catch (RuntimeException e) {
      return sql;
    }
  }

  /**
   * Called as a statement starts executing: stamps its span and returns the tally to charge, or
   * {@code null} outside a journey started in this process.
   */
  StatementTally begin() {
    try {
      Context context = Context.current();
      Optional<StartedJourney> started = StartedJourney.fromContext(context);
      stamp(context, started.map(j -> active(j.definition())).orElseGet(() -> fromBaggage(context)));
      return started.map(this::tally).orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Stamps the current span (getConnection, commit, rollback: calls that are not statements but
   * have their own span) with the journey, without charging anything. Never throws.
   */
  void stamp() {
    try {
      Context context = Context.current();
      stamp(context, journey(context));
    } catch (RuntimeException e) {
      // stamping is best effort; the call itself must go through
    }
  }

  private static void stamp(Context context, ActiveJourney journey) {
    if (journey == null) {
      return;
    }
    Span span = Span.fromContext(context);
    if (span.isRecording()) {
      span.setAttribute(JourneyAttributes.CUJ_NAME, journey.name());
      span.setAttribute(JourneyAttributes.CUJ_CRITICAL, journey.critical());
    }
  }

  private StatementTally tally(StartedJourney journey) {
    return journey.attachment(StatementTally.class, () -> {
      StatementTally tally = new StatementTally(threshold);
      journey.beforeEnd(tally::writeTo);
      return tally;
    });
  }

  private ActiveJourney journey(Context context) {
    return StartedJourney.fromContext(context)
        .map(j -> active(j.definition()))
        .orElseGet(() -> fromBaggage(context));
  }

  private ActiveJourney fromBaggage(Context context) {
    return runner == null ? null : runner.current(context).orElse(null);
  }

  private static ActiveJourney active(JourneyDefinition definition) {
    return new ActiveJourney(definition.name(), definition.critical());
  }
}
