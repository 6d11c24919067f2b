package com.techmart.cuj.benchmarks;

import io.micronaut.context.ApplicationContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.HashMap;
import java.util.Map;
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
 * The Micronaut {@code @Journey} interceptor against a plain micronaut-tracing {@code @NewSpan}
 * method and an unintercepted one, on the SDK micronaut-tracing builds (batch processor, no-op
 * exporter), inside an enclosing server span. {@code cuj=off} is the application with
 * {@code cuj.enabled=false}: {@code @Journey} passes through and the span processor is not added.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(5)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class MicronautJourneyBenchmark {

  @Param({"on", "off"})
  public String cuj;

  /** Set by the smoke test to look at the spans; the benchmark discards them. */
  SpanExporter exporter;

  ApplicationContext context;
  CheckoutService service;
  private Span server;
  private Scope serverScope;

  @Setup(Level.Trial)
  public void setUp() {
    if (!"on".equals(cuj) && !"off".equals(cuj)) {
      throw new IllegalArgumentException("cuj must be on or off, not " + cuj);
    }
    Map<String, Object> properties = new HashMap<>();
    properties.put("micronaut.application.name", "benchmark");
    properties.put("cuj.enabled", "on".equals(cuj));
    properties.put("cuj.journeys[0].name", "checkout");
    var builder = ApplicationContext.builder().properties(properties).banner(false).deduceEnvironment(false);
    if (exporter != null) {
      builder.singletons(exporter);
    }
    context = builder.start();
    service = context.getBean(CheckoutService.class);
    server = context.getBean(OpenTelemetry.class).getTracer("benchmark")
        .spanBuilder("POST /api/orders").setSpanKind(SpanKind.SERVER).startSpan();
  }

  @Setup(Level.Iteration)
  public void enterRequest() {
    serverScope = server.makeCurrent();
  }

  @TearDown(Level.Iteration)
  public void leaveRequest() {
    serverScope.close();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    server.end();
    // Closing the context does not shut micronaut-tracing's SDK down; do it, so that its batch
    // worker stops and what it holds is exported.
    if (context.getBean(OpenTelemetry.class) instanceof OpenTelemetrySdk sdk) {
      sdk.shutdown().join(10, TimeUnit.SECONDS);
    }
    context.close();
  }

  @Benchmark
  public Object plain() {
    return service.plain();
  }

  @Benchmark
  public Object newSpan() {
    return service.newSpan();
  }

  @Benchmark
  public Object journey() {
    return service.journey();
  }
}
