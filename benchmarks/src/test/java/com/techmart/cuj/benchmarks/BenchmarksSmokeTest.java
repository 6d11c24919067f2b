package com.techmart.cuj.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Runs each benchmark method once, directly (not through JMH), and checks that it records what its
 * name claims: otherwise the figures would compare things that are not equivalent.
 */
class BenchmarksSmokeTest {

  private static final AttributeKey<String> CUJ_NAME = AttributeKey.stringKey("cuj.name");
  private static final AttributeKey<Boolean> CUJ_CRITICAL = AttributeKey.booleanKey("cuj.critical");
  private static final AttributeKey<String> CUJ_OUTCOME = AttributeKey.stringKey("cuj.outcome");

  @Test
  void journeyAndHandWrittenRecordTheSameSpansAndBaggage() {
    List<SpanData> journey = runOnce("journey");
    List<SpanData> handWritten = runOnce("handWritten");

    for (List<SpanData> spans : List.of(journey, handWritten)) {
      assertThat(spans).extracting(SpanData::getName).containsExactlyInAnyOrder("cuj.checkout", "POST /api/orders");
      SpanData server = span(spans, "POST /api/orders");
      SpanData own = span(spans, "cuj.checkout");
      assertThat(server.getAttributes().get(CUJ_NAME)).isEqualTo("checkout");
      assertThat(server.getAttributes().get(CUJ_CRITICAL)).isTrue();
      assertThat(own.getAttributes().get(CUJ_NAME)).isEqualTo("checkout");
      assertThat(own.getAttributes().get(CUJ_CRITICAL)).isTrue();
      assertThat(own.getParentSpanId()).isEqualTo(server.getSpanId());
      assertThat(own.getStatus().getStatusCode()).hasToString("OK");
    }
    // Attribute by attribute the same, outcome included: otherwise the yardstick would do less work.
    assertThat(span(journey, "cuj.checkout").getAttributes().get(CUJ_OUTCOME)).isEqualTo("success");
    for (String name : List.of("cuj.checkout", "POST /api/orders")) {
      assertThat(span(handWritten, name).getAttributes().asMap())
          .as("attributes of %s", name)
          .isEqualTo(span(journey, name).getAttributes().asMap());
      assertThat(span(handWritten, name).getStatus()).as("status of %s", name)
          .isEqualTo(span(journey, name).getStatus());
      assertThat(span(handWritten, name).getKind()).as("kind of %s", name)
          .isEqualTo(span(journey, name).getKind());
    }
  }

  @Test
  void baggageInsideTheJourneyAndTheHandWrittenOneIsTheSame() {
    JourneyBenchmark b = new JourneyBenchmark();
    b.telemetry = "sdk";
    b.setUp();
    b.enterRequest();
    try {
      Baggage inJourney = b.runner.call("checkout", Baggage::current);
      Baggage inHandWritten = HandWrittenJourney.call(b.tracer, "checkout", true, Baggage::current);
      assertThat(inJourney.asMap()).isEqualTo(inHandWritten.asMap());
      assertThat(inJourney.getEntryValue("cuj.name")).isEqualTo("checkout");
      assertThat(inJourney.getEntryValue("cuj.critical")).isEqualTo("true");
    } finally {
      b.leaveRequest();
      b.tearDown();
    }
  }

  @Test
  void everyJourneyBenchmarkRunsWithTelemetryOff() {
    JourneyBenchmark b = new JourneyBenchmark();
    b.telemetry = "off";
    b.setUp();
    b.enterRequest();
    try {
      assertThat(b.baseline()).isNotNull();
      assertThat(b.bareSpan()).isNotNull();
      assertThat(b.handWritten()).isNotNull();
      assertThat(b.journey()).isNotNull();
      assertThat(b.contextOnly()).isNotNull();
      assertThat(b.oneEntry()).isNotNull();
    } finally {
      b.leaveRequest();
      b.tearDown();
    }
  }

  @Test
  void withEnterTrialTheServerSpanEnclosesEveryIterationAndIsClosedAtTheEnd() {
    JourneyBenchmark b = new JourneyBenchmark();
    b.telemetry = "sdk";
    b.enter = "trial";
    b.setUp();
    try {
      for (int iteration = 0; iteration < 2; iteration++) {
        b.enterRequest();
        String request = Span.current().getSpanContext().getTraceId();
        assertThat(Span.current().getSpanContext().isValid()).isTrue();
        assertThat(b.runner.call("checkout", () -> Span.current().getSpanContext().getTraceId())).isEqualTo(request);
        b.leaveRequest();
      }
    } finally {
      b.tearDown();
    }
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    b.enter = "sometimes";
    assertThatThrownBy(b::setUp).hasMessageContaining("enter must be iteration or trial");
  }

  @Test
  void theSpanProcessorStampsSpansOnlyWhereItIsRegisteredAndAJourneyIsInTheContext() {
    assertThat(processorSpan(true, "local", 0).getAttributes().get(CUJ_NAME)).isEqualTo("order-lookup");
    assertThat(processorSpan(true, "baggage", 0).getAttributes().get(CUJ_NAME)).isEqualTo("order-lookup");
    assertThat(processorSpan(true, "baggage", 0).getAttributes().get(CUJ_CRITICAL)).isFalse();
    assertThat(processorSpan(true, "none", 0).getAttributes().get(CUJ_NAME)).isNull();
    assertThat(processorSpan(false, "local", 0).getAttributes().get(CUJ_NAME)).isNull();
    // A database-like span: its own four attributes, plus the journey's two.
    assertThat(processorSpan(true, "local", 4).getAttributes().size()).isEqualTo(6);
    assertThat(processorSpan(false, "local", 4).getAttributes().size()).isEqualTo(4);
  }

  @Test
  void onStartStampsTheSpanItIsGivenOnlyInAJourney() {
    assertThat(onStartOnce("local").get(CUJ_NAME)).isEqualTo("order-lookup");
    assertThat(onStartOnce("baggage").get(CUJ_CRITICAL)).isFalse();
    assertThat(onStartOnce("none").get(CUJ_NAME)).isNull();
  }

  private static io.opentelemetry.api.common.Attributes onStartOnce(String parent) {
    SpanProcessorBenchmark.OnStart b = new SpanProcessorBenchmark.OnStart();
    b.parent = parent;
    b.setUp();
    try {
      return b.onStart().toSpanData().getAttributes();
    } finally {
      b.tearDown();
    }
  }

  @Test
  void routeMatchingAndItsYardstickFindTheSameJourney() {
    RequestPathBenchmark b = new RequestPathBenchmark();
    assertThat(b.routeMatch()).contains("order-lookup");
    assertThat(b.splitRoutes()).isEqualTo("order-lookup");
    assertThat(b.correlationId()).hasSize(36);
    assertThat(b.secureUuid()).hasSize(36);
  }

  @Test
  void guardedExtractionKeepsAKnownJourneyAndDropsForgedOnes() {
    assertThat(extracted("normal", true).getEntryValue("cuj.name")).isEqualTo("checkout");
    assertThat(extracted("unknown", true).getEntryValue("cuj.name")).isNull();
    assertThat(extracted("unknown", true).getEntryValue("session.tier")).isEqualTo("gold");
    assertThat(extracted("hostile", true).isEmpty()).as("refused whole, before parsing").isTrue();
    assertThat(edgeExtracted("normal").isEmpty()).as("an edge forwards none of it").isTrue();
    assertThat(edgeExtracted("hostile").isEmpty()).isTrue();
    // The plain propagator lets the forged name through: that is what the guard is for.
    assertThat(extracted("unknown", false).getEntryValue("cuj.name")).isEqualTo("free-money");
    assertThat(BaggageBenchmark.header("hostile")).hasSize(BaggageBenchmark.HOSTILE_SIZE);
  }

  @Test
  void micronautJourneyRecordsTheJourneyAndNewSpanOnlyItsSpan() {
    List<SpanData> journey = micronautOnce("on", "journey");
    assertThat(journey).extracting(SpanData::getName).containsExactlyInAnyOrder("cuj.checkout", "POST /api/orders");
    assertThat(span(journey, "cuj.checkout").getAttributes().get(CUJ_OUTCOME)).isEqualTo("success");
    assertThat(span(journey, "POST /api/orders").getAttributes().get(CUJ_NAME)).isEqualTo("checkout");

    List<SpanData> newSpan = micronautOnce("on", "newSpan");
    // micronaut-tracing names it after the method ("CheckoutService.newSpan#checkout").
    assertThat(newSpan).extracting(SpanData::getName)
        .hasSize(2).contains("POST /api/orders").anySatisfy(name -> assertThat(name).contains("newSpan"));
    assertThat(newSpan).allSatisfy(s -> assertThat(s.getAttributes().get(CUJ_NAME)).isNull());
  }

  @Test
  void withCujOffTheMicronautJourneyMethodRecordsNothing() {
    List<SpanData> journey = micronautOnce("off", "journey");
    assertThat(journey).extracting(SpanData::getName).containsExactly("POST /api/orders");
    assertThat(journey.get(0).getAttributes().get(CUJ_NAME)).isNull();
  }

  private static List<SpanData> micronautOnce(String cuj, String method) {
    Collecting exporter = new Collecting();
    MicronautJourneyBenchmark b = new MicronautJourneyBenchmark();
    b.cuj = cuj;
    b.exporter = exporter;
    b.setUp();
    b.enterRequest();
    Object result = switch (method) {
      case "journey" -> b.journey();
      case "newSpan" -> b.newSpan();
      default -> throw new IllegalArgumentException(method);
    };
    b.leaveRequest();
    b.tearDown(); // ends the server span and closes the context, which flushes
    assertThat(result).isNotNull();
    return exporter.spans;
  }

  private static List<SpanData> runOnce(String method) {
    Collecting exporter = new Collecting();
    JourneyBenchmark b = new JourneyBenchmark();
    b.telemetry = "sdk";
    b.exporter = exporter;
    b.setUp();
    b.enterRequest();
    Object result = switch (method) {
      case "journey" -> b.journey();
      case "handWritten" -> b.handWritten();
      default -> throw new IllegalArgumentException(method);
    };
    b.leaveRequest();
    b.tearDown(); // ends the server span and flushes
    assertThat(result).isNotNull();
    return exporter.spans;
  }

  private static SpanData processorSpan(boolean processor, String parent, int attributes) {
    Collecting exporter = new Collecting();
    SpanProcessorBenchmark b = new SpanProcessorBenchmark();
    b.processor = processor;
    b.parent = parent;
    b.attributes = attributes;
    b.exporter = exporter;
    b.setUp();
    b.startEnd();
    b.tearDown();
    return span(exporter.spans, "SELECT shop.orders");
  }

  private static Baggage extracted(String header, boolean guarded) {
    BaggageBenchmark b = new BaggageBenchmark();
    b.header = header;
    b.setUp();
    try {
      return Baggage.fromContext(guarded ? b.guarded() : b.w3c());
    } finally {
      b.tearDown();
    }
  }

  private static Baggage edgeExtracted(String header) {
    BaggageBenchmark b = new BaggageBenchmark();
    b.header = header;
    b.setUp();
    try {
      return Baggage.fromContext(b.edge());
    } finally {
      b.tearDown();
    }
  }

  private static SpanData span(List<SpanData> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  private static final class Collecting implements SpanExporter {
    final List<SpanData> spans = new CopyOnWriteArrayList<>();

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAll(batch);
      return CompletableResultCode.ofSuccess();
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
}
