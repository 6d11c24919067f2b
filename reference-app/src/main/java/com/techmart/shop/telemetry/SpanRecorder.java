package com.techmart.shop.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps finished spans in memory, so the demo and the tests can report on exactly what the
 * services recorded, without a collector. One recorder may serve several services: each span
 * carries its service's {@code service.name} in its resource. Bounded: past {@code capacity} spans
 * are counted as dropped, not kept.
 */
public final class SpanRecorder implements SpanExporter {

  private final ConcurrentLinkedQueue<SpanData> spans = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final int capacity;

  public SpanRecorder(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.capacity = capacity;
  }

  public SpanRecorder() {
    this(500_000);
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> batch) {
    for (SpanData span : batch) {
      if (size.incrementAndGet() > capacity) {
        size.decrementAndGet();
        dropped.incrementAndGet();
      } else {
        spans.add(span);
      }
    }
    return CompletableResultCode.ofSuccess();
  }

  /** A copy of the spans recorded so far, in the order they ended. */
  public List<SpanData> spans() {
    return new ArrayList<>(spans);
  }

  /** Spans not kept because the recorder was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Forgets every span recorded so far. */
  public void clear() {
    spans.clear();
    size.set(0);
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
