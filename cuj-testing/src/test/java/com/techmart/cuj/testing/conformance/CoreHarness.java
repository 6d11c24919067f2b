package com.techmart.cuj.testing.conformance;

import com.techmart.cuj.JourneyDefinition;
import com.techmart.cuj.JourneyRunner;
import com.techmart.cuj.testing.JourneySpans;
import com.techmart.cuj.testing.JourneyTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.function.Predicate;

/** The core API on a real SDK, with the conformance catalogue. */
final class CoreHarness {

  final JourneyTelemetry telemetry = JourneyTelemetry.create(JourneyConformanceSuite.catalogue());
  final JourneyRunner runner = telemetry.runner();
  private final Tracer tracer = telemetry.openTelemetry().getTracer("conformance-work");

  /** Work inside a journey: one span, so the suite can see that it carries the journey. */
  String work() {
    tracer.spanBuilder("work").startSpan().end();
    return "done";
  }

  JourneyDefinition withDeclaredOutcome() {
    return runner.definition(JourneyConformanceSuite.JOURNEY).toBuilder()
        .expectedOutcome(DeclaredOutcomeException.class).build();
  }

  void reset() {
    telemetry.collector().reset();
  }

  /** The spans once {@code journeys} journey spans and the work have ended. */
  ScenarioRun awaitRun(int journeys) {
    Predicate<List<SpanData>> ready = spans -> JourneySpans.journeySpans(spans).size() >= journeys
        && spans.stream().anyMatch(s -> s.getName().equals("work"));
    return ScenarioRun.of(telemetry.collector().awaitSpans(ready), telemetry.collector().openSpans());
  }

  /** The spans ended so far, without waiting (for scenarios where nothing should end). */
  ScenarioRun now() {
    return ScenarioRun.of(telemetry.spans(), telemetry.collector().openSpans());
  }
}
