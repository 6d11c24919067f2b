package com.techmart.cuj.jdbc;

import io.opentelemetry.api.trace.Span;

/** What one journey spent in the database so far; written onto the journey span as it ends. */
final class StatementTally {

  private final int threshold;
  private long statements;
  private long nanos;

  StatementTally(int threshold) {
    this.threshold = threshold;
  }

  synchronized void record(long elapsedNanos) {
    statements++;
    nanos += Math.max(0, elapsedNanos);
  }

  void writeTo(Span journeySpan) {
    long count;
    long total;
    synchronized (this) {
      count = statements;
      total = nanos;
    }
    journeySpan.setAttribute(JourneyJdbc.DB_STATEMENTS, count);
    journeySpan.setAttribute(JourneyJdbc.DB_DURATION_MS, total / 1_000_000.0);
    if (count > threshold) {
      journeySpan.setAttribute(JourneyJdbc.DB_N_PLUS_ONE_SUSPECTED, true);
    }
  }
}
