package com.techmart.shop;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition to hold, checking it every few milliseconds, failing after a time-out. The
 * time-out is a bound for a broken build, not a window a test must hit: make it generous (a loaded
 * CI machine can be ten times slower than a quiet one), and never assert that something took less.
 */
public final class Eventually {

  private Eventually() {}

  /** The value {@code lookup} finds first, waiting up to 60 s for it. */
  public static <T> T get(Supplier<java.util.Optional<T>> lookup) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      java.util.Optional<T> found = lookup.get();
      if (found.isPresent()) {
        return found.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("nothing found within 60 s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> whatWasExpected) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + whatWasExpected.get());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}
