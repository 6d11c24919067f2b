package com.techmart.cuj.benchmarks;

import com.techmart.cuj.JourneyRunner;
import com.techmart.cuj.JourneySpanProcessor;
import com.techmart.cuj.StartedJourney;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@link JourneySpanProcessor} adds to every span.
 *
 * <ul>
 *   <li>{@code startEnd}: start and end one child span of {@code parent}, on an SDK with
 *       ({@code processor=true}) or without the journey span processor. The difference is the
 *       processor's cost per span, everything included.
 *   <li>{@code OnStart.onStart}: the processor's {@code onStart} alone, on an already started span.
 * </ul>
 *
 * <p>{@code parent}: {@code none} (no journey), {@code local} (a journey started in this process,
 * the common case), {@code baggage} (a journey that arrived in baggage from another service, checked
 * against the catalogue on every span).
 *
 * <p>{@code attributes}: how many attributes the span has of its own. {@code 4} is a typical client
 * or database span (system, operation, address, port); with {@code 0} the SDK must create the
 * span's attribute storage just for {@code cuj.name} and {@code cuj.critical}, the worst case.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(5)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class SpanProcessorBenchmark {

  @Param({"true", "false"})
  public boolean processor;

  @Param({"none", "local", "baggage"})
  public String parent;

  @Param({"4", "0"})
  public int attributes;

  private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
  private static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation.name");
  private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

  SpanExporter exporter = new Telemetry.DiscardingSpanExporter();

  OpenTelemetrySdk sdk;
  Tracer tracer;
  Context inRequest;
  Context parentContext;
  private StartedJourney journey;

  @Setup(Level.Trial)
  public void setUp() {
    sdk = Telemetry.sdk(processor, exporter);
    tracer = sdk.getTracer("techmart-benchmark");
    Span request = tracer.spanBuilder("GET /api/orders/{id}").startSpan();
    inRequest = Context.root().with(request);
    parentContext = parent();
  }

  /** The context a span starts in: without a journey, in a local one, in one from baggage. */
  private Context parent() {
    return switch (parent) {
      case "none" -> inRequest;
      case "local" -> {
        JourneyRunner runner = JourneyRunner.builder(sdk).catalogue(Telemetry.CATALOGUE).build();
        journey = runner.start(runner.definition("order-lookup"), inRequest);
        yield journey.context();
      }
      case "baggage" -> inRequest.with(Baggage.builder()
          .put("cuj.name", "order-lookup")
          .put("cuj.critical", "false")
          .build());
      default -> throw new IllegalArgumentException("parent must be none, local or baggage, not " + parent);
    };
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (journey != null) {
      journey.succeed();
    }
    sdk.close();
  }

  @Benchmark
  public Span startEnd() {
    SpanBuilder builder = tracer.spanBuilder("SELECT shop.orders").setParent(parentContext);
    if (attributes > 0) {
      builder.setAttribute(DB_SYSTEM, "postgresql")
          .setAttribute(DB_OPERATION, "SELECT")
          .setAttribute(SERVER_ADDRESS, "db.techmart.internal")
          .setAttribute(SERVER_PORT, 5432L);
    }
    Span span = builder.startSpan();
    span.end();
    return span;
  }

  /** {@link JourneySpanProcessor#onStart} alone (no {@code processor} parameter: it is always there). */
  @State(Scope.Thread)
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Fork(5)
  @Warmup(iterations = 5, time = 1)
  @Measurement(iterations = 5, time = 1)
  public static class OnStart {

    @Param({"none", "local", "baggage"})
    public String parent;

    JourneySpanProcessor journeyProcessor;
    ReadWriteSpan startedSpan;
    private SpanProcessorBenchmark spans;

    @Setup(Level.Trial)
    public void setUp() {
      spans = new SpanProcessorBenchmark();
      spans.processor = false;
      spans.parent = parent;
      spans.attributes = 0;
      spans.setUp();
      journeyProcessor = JourneySpanProcessor.create(Telemetry.CATALOGUE);
      // A span of the SDK to call onStart on, started outside the journey so that it carries no
      // cuj.* attribute of its own. onStart sets the same two attributes on it again and again.
      startedSpan = (ReadWriteSpan) spans.tracer.spanBuilder("onStart target").setParent(spans.inRequest).startSpan();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      startedSpan.end();
      spans.tearDown();
    }

    @Benchmark
    public ReadWriteSpan onStart() {
      journeyProcessor.onStart(spans.parentContext, startedSpan);
      return startedSpan;
    }
  }
}
