package com.techmart.cuj.testing;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A span processor that keeps every span a test's SDK ends, and the ones it started and has not
 * ended yet (a journey that never ends is a bug no exporter shows). Register it on the SDK under
 * test, then wait for the spans a request produces:
 *
 * <pre>{@code
 * List<SpanData> trace = collector.awaitSpans(spans -> spans.stream().anyMatch(s -> s.getName().equals("cuj.checkout")));
 * }</pre>
 *
 * <p>Register {@link #spanProcessor()} on the SDK ({@link JourneyTelemetry} does it for a plain
 * JUnit test; the cuj-testing README shows it for {@code @MicronautTest}).
 */
public final class JourneySpanCollector {

  /** How long {@link #awaitSpans} waits unless told otherwise. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

  private final Object lock = new Object();
  private final List<SpanData> finished = new ArrayList<>();
  private final Set<ReadableSpan> open = new LinkedHashSet<>();

  private final SpanProcessor processor = new Processor();

  private JourneySpanCollector() {}

  /**
   * What to register on the SDK. Not the collector itself, so that in a framework that builds the
   * SDK from beans the collector can be a bean without being taken for the SDK's span processor.
   */
  public SpanProcessor spanProcessor() {
    return processor;
  }

  public static JourneySpanCollector create() {
    return new JourneySpanCollector();
  }

  /** The spans ended so far, in the order they ended. */
  public List<SpanData> spans() {
    synchronized (lock) {
      return List.copyOf(finished);
    }
  }

  /** The spans of one trace ended so far. */
  public List<SpanData> trace(String traceId) {
    return spans().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
  }

  /** Spans started and not ended yet, as they look now. */
  public List<SpanData> openSpans() {
    synchronized (lock) {
      return open.stream().map(ReadableSpan::toSpanData).toList();
    }
  }

  /** Forgets every span, ended or open (call between tests). */
  public void reset() {
    synchronized (lock) {
      finished.clear();
      open.clear();
    }
  }

  /** The ended spans, once {@code ready} accepts them; fails after {@link #DEFAULT_WAIT}. */
  public List<SpanData> awaitSpans(Predicate<? super List<SpanData>> ready) {
    return awaitSpans(ready, DEFAULT_WAIT);
  }

  /**
   * The ended spans, once {@code ready} accepts them. Wakes on every span that ends, so it waits
   * no longer than it must.
   *
   * @throws AssertionError naming the spans seen, when {@code timeout} passes first
   */
  public List<SpanData> awaitSpans(Predicate<? super List<SpanData>> ready, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        List<SpanData> now = List.copyOf(finished);
        if (ready.test(now)) {
          return now;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("spans not as expected within " + timeout + "; ended:"
              + JourneySpans.describe(now) + "\nstill open:"
              + JourneySpans.describe(open.stream().map(ReadableSpan::toSpanData).toList()));
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for spans", e);
        }
      }
    }
  }

  /** The spans of trace {@code traceId}, once {@code ready} accepts them. */
  public List<SpanData> awaitTrace(String traceId, Predicate<? super List<SpanData>> ready) {
    return awaitSpans(all -> ready.test(all.stream().filter(s -> s.getTraceId().equals(traceId)).toList()))
        .stream().filter(s -> s.getTraceId().equals(traceId)).toList();
  }

  private final class Processor implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
      synchronized (lock) {
        open.add(span);
      }
    }

    @Override
    public boolean isStartRequired() {
      return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      synchronized (lock) {
        open.remove(span);
        finished.add(span.toSpanData());
        lock.notifyAll();
      }
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
