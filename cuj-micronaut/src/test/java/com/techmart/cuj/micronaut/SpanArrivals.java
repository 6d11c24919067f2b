package com.techmart.cuj.micronaut;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Exports each ended span through {@code delegate}, then wakes up tests waiting for spans. */
final class SpanArrivals implements SpanProcessor {

  private final SpanProcessor delegate;
  private final Object lock = new Object();

  SpanArrivals(SpanProcessor delegate) {
    this.delegate = delegate;
  }

  /** Recomputes {@code current} after every span that ends until {@code ready} accepts it. */
  <T> T await(Supplier<T> current, Predicate<? super T> ready, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      T value = current.get();
      while (!ready.test(value)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("spans not ready within " + timeout + "; got " + value);
        }
        lock.wait(Math.max(1, left / 1_000_000));
        value = current.get();
      }
      return value;
    }
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    delegate.onStart(parentContext, span);
  }

  @Override
  public boolean isStartRequired() {
    return delegate.isStartRequired();
  }

  @Override
  public void onEnd(ReadableSpan span) {
    delegate.onEnd(span);
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }
}
