package com.techmart.cuj.testing.conformance;

import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/** How a timeout looks when it arrives as a cancellation (as Kotlin's and some clients' do). */
public final class Deadlines {

  private Deadlines() {}

  /** A {@link CancellationException} caused by a passed deadline ({@link TimeoutException}). */
  public static CancellationException cancellation() {
    CancellationException cancelled = new CancellationException("deadline passed");
    cancelled.initCause(new TimeoutException("deadline of 50 ms passed"));
    return cancelled;
  }
}
