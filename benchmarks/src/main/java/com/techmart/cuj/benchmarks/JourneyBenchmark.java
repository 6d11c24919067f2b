package com.techmart.cuj.benchmarks;

import com.techmart.cuj.JourneyCallable;
import com.techmart.cuj.JourneyRunner;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A journey around an empty body, against what it replaces. Each method runs inside an enclosing
 * server span (as a request handler does), so "stamp the enclosing span" does real work.
 *
 * <ul>
 *   <li>{@code baseline}: the body, no instrumentation;
 *   <li>{@code bareSpan}: one span around the body, made current;
 *   <li>{@code handWritten}: the journey's spans and baggage written by hand ({@link HandWrittenJourney});
 *   <li>{@code journey}: {@link JourneyRunner#call(String, JourneyCallable)};
 *   <li>{@code contextOnly}: what a journey leaves in the context with telemetry on (baggage and
 *       one more entry, made current and closed): the floor the OpenTelemetry context API sets;
 *   <li>{@code oneEntry}: one context entry made current and closed, the least a journey can do
 *       with telemetry off and still be visible to the code inside it ({@code Journeys.current()}).
 * </ul>
 *
 * <p>{@code telemetry=sdk} is a real SDK (batch processor, no-op exporter); {@code telemetry=off} is
 * {@link OpenTelemetry#noop()}, what an application with telemetry switched off runs.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(5)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class JourneyBenchmark {

  @Param({"sdk", "off"})
  public String telemetry;

  /**
   * When the enclosing server span is made current: {@code iteration} (default) opens and closes
   * its scope around every iteration; {@code trial} opens it once, on the benchmark thread, and
   * checks before each iteration that it is still current. With {@code iteration} the set-up's own
   * {@code Context.makeCurrent} / {@code Scope.close} run between iterations, after C2 compiled the
   * loop, which feeds the context code's profile a path the loop never takes (see README.md,
   * telemetry off).
   */
  @Param({"iteration"})
  public String enter = "iteration";

  /** Set by the smoke test to look at the spans; the benchmark discards them. */
  SpanExporter exporter = new Telemetry.DiscardingSpanExporter();

  OpenTelemetrySdk sdk;
  Tracer tracer;
  JourneyRunner runner;
  private Span server;
  private Scope serverScope;

  private static final ContextKey<Object> MARK = ContextKey.named("benchmark.mark");
  private static final Baggage BAGGAGE = Baggage.builder()
      .put("cuj.name", "checkout").put("cuj.critical", "true").build();

  private final Object payload = new Object();
  private final JourneyCallable<Object, RuntimeException> body = () -> payload;

  @Setup(Level.Trial)
  public void setUp() {
    if (!"iteration".equals(enter) && !"trial".equals(enter)) {
      throw new IllegalArgumentException("enter must be iteration or trial, not " + enter);
    }
    OpenTelemetry openTelemetry;
    if ("sdk".equals(telemetry)) {
      sdk = Telemetry.sdk(false, exporter);
      openTelemetry = sdk;
    } else if ("off".equals(telemetry)) {
      openTelemetry = OpenTelemetry.noop();
    } else {
      throw new IllegalArgumentException("telemetry must be sdk or off, not " + telemetry);
    }
    tracer = openTelemetry.getTracer("techmart-benchmark");
    runner = JourneyRunner.builder(openTelemetry).catalogue(Telemetry.CATALOGUE).build();
    server = tracer.spanBuilder("POST /api/orders").setSpanKind(SpanKind.SERVER).startSpan();
    if ("trial".equals(enter)) {
      serverScope = server.makeCurrent();
    }
  }

  // Per iteration, so that the scope is opened and closed on the thread that runs the iteration.
  @Setup(Level.Iteration)
  public void enterRequest() {
    if ("iteration".equals(enter)) {
      serverScope = server.makeCurrent();
    } else if (Span.current() != server) {
      throw new IllegalStateException("enter=trial: the server span is not current on the thread of this"
          + " iteration (JMH moved the benchmark to another thread); use enter=iteration");
    }
  }

  @TearDown(Level.Iteration)
  public void leaveRequest() {
    if ("iteration".equals(enter)) {
      serverScope.close();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if ("trial".equals(enter)) {
      serverScope.close();
    }
    server.end();
    if (sdk != null) {
      sdk.close();
    }
  }

  @Benchmark
  public Object baseline() {
    return body.call();
  }

  @Benchmark
  public Object bareSpan() {
    Span span = tracer.spanBuilder("work").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      Object result = body.call();
      span.setStatus(StatusCode.OK);
      return result;
    } finally {
      span.end();
    }
  }

  @Benchmark
  public Object contextOnly() {
    try (Scope ignored = Context.current().with(BAGGAGE).with(MARK, payload).makeCurrent()) {
      return body.call();
    }
  }

  @Benchmark
  public Object oneEntry() {
    try (Scope ignored = Context.current().with(MARK, payload).makeCurrent()) {
      return body.call();
    }
  }

  @Benchmark
  public Object handWritten() {
    return HandWrittenJourney.call(tracer, "checkout", true, body);
  }

  @Benchmark
  public Object journey() {
    return runner.call("checkout", body);
  }
}
