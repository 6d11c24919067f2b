package com.techmart.cuj.testing.conformance;

import static com.techmart.cuj.testing.JourneyAssertions.assertThatJourneySpan;
import static com.techmart.cuj.testing.JourneyAssertions.assertThatJourneys;
import static com.techmart.cuj.testing.JourneySpans.CORRELATION_HEADER;
import static com.techmart.cuj.testing.JourneySpans.CORRELATION_ID;
import static com.techmart.cuj.testing.JourneySpans.CUJ_NAME;
import static com.techmart.cuj.testing.JourneySpans.CUJ_OUTCOME;
import static com.techmart.cuj.testing.JourneySpans.CUJ_OUTCOME_TYPE;

import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.JourneyDefinition;
import com.techmart.cuj.ExpectedOutcomes;
import com.techmart.cuj.testing.JourneySpans;
import com.techmart.cuj.testing.Outcome;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * The journey conformance suite: every adapter's test class extends it, runs every {@link Scenario}
 * on its stack and gets the same checks, so one event is recorded the same way on every stack.
 *
 * <pre>{@code
 * class ServletLibraryConformanceTest extends JourneyConformanceSuite {
 *   protected String stack() { return "servlet (library)"; }
 *   protected Map<Scenario, OptOut> optOuts() { return OptOut.all(OptOut.NO_REACTIVE_TYPE); }
 *   protected ScenarioRun run(Scenario scenario) throws Exception { ... drive the stack ... }
 * }
 * }</pre>
 *
 * <p>A stack may skip a scenario only with an {@link OptOut} that covers it. A scenario the stack
 * should pass but does not yet may be listed in {@link #knownDefects()} with the issue that tracks
 * it: it still runs, shows as skipped with that text, and fails the suite once it passes (so the
 * entry and the matrix cell are updated). Last, the suite compares its column of the committed
 * {@code docs/conformance-matrix.md} with what it observed.
 */
public abstract class JourneyConformanceSuite {

  /** The journey the scenarios run: critical in {@link #CATALOGUE_RESOURCE}. */
  public static final String JOURNEY = "checkout";
  /** The journey nested inside {@link #JOURNEY}: not critical in the catalogue. */
  public static final String OTHER_JOURNEY = "order-lookup";
  /** A well-formed journey name the catalogue does not know. */
  public static final String FORGED_JOURNEY = "forged-journey";
  /** The catalogue every harness loads ({@code classpath:} resource). */
  public static final String CATALOGUE_RESOURCE = "cuj/conformance-journeys.yaml";
  /** A well-formed correlation id, sent in {@link Scenario#CORRELATION_ID_IN}. */
  public static final String GOOD_CORRELATION_ID = "order-7f3a.9:x_1";
  /** A malformed correlation id, sent in {@link Scenario#CORRELATION_ID_HOSTILE}. */
  public static final String HOSTILE_CORRELATION_ID = "<script>alert(1)</script>" + "x".repeat(80);

  private static final Pattern WELL_FORMED_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  /** The catalogue of {@link #CATALOGUE_RESOURCE}, built in code (no YAML reader needed). */
  public static JourneyCatalogue catalogue() {
    return JourneyCatalogue.of(
        JourneyDefinition.builder(JOURNEY).critical(true).description("The journey every scenario runs.")
            .expected(ExpectedOutcomes.of(List.of(CatalogueDeclaredException.class.getName()), List.of(503)))
            .build(),
        JourneyDefinition.builder(OTHER_JOURNEY).critical(false).description("The journey nested inside checkout.").build());
  }

  /** The column name in the matrix, e.g. {@code "@Journey Mono"}. */
  protected abstract String stack();

  /** Runs {@code scenario} on the stack and returns what it exported. */
  protected abstract ScenarioRun run(Scenario scenario) throws Exception;

  /** Scenarios this stack cannot express, each with a reason the suite lists. */
  protected Map<Scenario, OptOut> optOuts() {
    return Map.of();
  }

  /** Scenarios the stack should pass and does not yet, each with the issue and what happens. */
  protected Map<Scenario, String> knownDefects() {
    return Map.of();
  }

  /**
   * Scenarios the stack records differently from run to run (a race in the stack, not in the
   * harness), each with the issue: they run and show as skipped with what happened this time; the
   * matrix says "varies" rather than a result that would make it flap.
   */
  protected Map<Scenario, String> unstableDefects() {
    return Map.of();
  }

  /** Every scenario, then the matrix check. */
  @TestFactory
  Stream<DynamicNode> conformance() {
    Map<Scenario, OptOut> optOuts = optOuts();
    Map<Scenario, String> defects = knownDefects();
    Map<Scenario, String> unstable = unstableDefects();
    Map<String, String> cells = new LinkedHashMap<>();
    List<DynamicNode> tests = new ArrayList<>();
    tests.add(DynamicTest.dynamicTest("opt-outs are ones the suite lists", () -> {
      optOuts.forEach((scenario, reason) -> Assertions.assertTrue(reason.covers(scenario),
          () -> stack() + " opts out of '" + scenario.label() + "' with '" + reason.reason()
              + "', which does not cover it; the reasons and what they cover are in OptOut"));
      defects.keySet().forEach(s -> Assertions.assertFalse(optOuts.containsKey(s) || unstable.containsKey(s),
          () -> "'" + s.label() + "' is listed twice (opt-out, known or unstable defect)"));
      unstable.keySet().forEach(s -> Assertions.assertFalse(optOuts.containsKey(s),
          () -> "'" + s.label() + "' is both opted out and an unstable defect"));
    }));
    for (Scenario scenario : Scenario.values()) {
      tests.add(DynamicTest.dynamicTest(scenario.label(), () -> {
        OptOut optOut = optOuts.get(scenario);
        if (optOut != null) {
          cells.put(scenario.label(), "n/a: " + optOut.label());
          throw new TestAbortedException(stack() + " cannot express this: " + optOut.reason());
        }
        ScenarioRun run = run(scenario);
        AssertionError failure = null;
        try {
          verify(scenario, run);
        } catch (AssertionError e) {
          failure = new AssertionError(stack() + ", '" + scenario.label() + "': " + e.getMessage(), e);
        }
        if (unstable.containsKey(scenario)) {
          cells.put(scenario.label(), "varies between runs ✗");
          Assumptions.abort("unstable defect (" + unstable.get(scenario) + "); this run: " + observed(scenario, run)
              + (failure == null ? " (conformant)" : ": " + failure.getMessage()));
        }
        String defect = defects.get(scenario);
        cells.put(scenario.label(), observed(scenario, run) + (defect != null && failure != null ? " ✗" : ""));
        if (defect != null) {
          if (failure == null) {
            Assertions.fail("'" + scenario.label() + "' now passes on " + stack()
                + ": remove it from knownDefects() and regenerate the matrix (-D"
                + ConformanceMatrix.UPDATE_PROPERTY + "=true)");
          }
          Assumptions.abort("known defect (" + defect + "): " + failure.getMessage());
        }
        if (failure != null) {
          throw failure;
        }
      }));
    }
    tests.add(DynamicTest.dynamicTest("the committed conformance matrix is current", () -> {
      Optional<Path> file = ConformanceMatrix.locate();
      Assumptions.assumeTrue(file.isPresent(), "no docs/conformance-matrix.md above the working directory");
      Assumptions.assumeTrue(cells.size() == Scenario.values().length,
          "not every scenario ran (a filtered run); the matrix is checked on full runs only");
      if (ConformanceMatrix.updating()) {
        ConformanceMatrix.write(file.get(), stack(), cells);
        return;
      }
      Map<String, String> committed = java.nio.file.Files.isRegularFile(file.get())
          ? ConformanceMatrix.column(file.get(), stack()) : Map.of();
      Assertions.assertEquals(cells, committed, () -> "the column '" + stack() + "' of " + file.get()
          + " is stale; regenerate it with -D" + ConformanceMatrix.UPDATE_PROPERTY + "=true");
    }));
    return tests.stream();
  }

  /** What the stack did, in the words of the matrix. */
  private static String observed(Scenario scenario, ScenarioRun run) {
    List<String[]> journeys = JourneySpans.journeySpans(run.spans()).stream()
        .map(s -> new String[] {String.valueOf(s.getAttributes().get(CUJ_OUTCOME)),
            s.getStatus().getStatusCode().name(), s.getAttributes().get(CUJ_OUTCOME_TYPE)})
        .toList();
    long stamped = run.spans().stream().filter(s -> s.getAttributes().get(CUJ_NAME) != null).count();
    String stamping;
    if (scenario.expectation().stamping() == Scenario.Stamping.ANY && stamped > 0 && stamped < run.spans().size()) {
      stamping = null;
    } else if (stamped == run.spans().size() && stamped > 0) {
      stamping = "all stamped";
    } else if (stamped == 0) {
      stamping = "none stamped";
    } else {
      stamping = stamped + " of " + run.spans().size() + " stamped";
    }
    String text = ConformanceMatrix.cell(journeys, stamping);
    if (!run.openSpans().isEmpty()) {
      text += ", " + run.openSpans().size() + " never ended";
    }
    return text;
  }

  /** The checks every stack gets for {@code scenario}. */
  protected void verify(Scenario scenario, ScenarioRun run) {
    Scenario.Expectation expected = scenario.expectation();
    List<SpanData> spans = run.spans();
    // The harness's premise, so a result is never judged against a scenario that did not happen.
    if (expected.outcomeType() != null && expected.outcomeType().startsWith("http.")) {
      run.response().ifPresent(r -> Assertions.assertEquals(
          Integer.parseInt(expected.outcomeType().substring(5)), r.status(), "the response status the scenario needs"));
    }
    Assertions.assertTrue(run.openSpans().stream().noneMatch(JourneySpans::isJourneySpan),
        () -> "journey spans never ended:" + JourneySpans.describe(run.openSpans()));
    List<SpanData> journeys = JourneySpans.journeySpans(spans);
    Assertions.assertEquals(expected.outcomes().size(), journeys.size(),
        () -> "journey spans of '" + scenario.label() + "':" + JourneySpans.describe(spans));
    for (int i = 0; i < journeys.size(); i++) {
      Outcome outcome = expected.outcomes().get(i);
      assertThatJourneySpan(journeys.get(i)).hasOutcome(outcome);
      if (expected.outcomeType() != null) {
        assertThatJourneySpan(journeys.get(i)).hasOutcomeType(expected.outcomeType());
      }
    }
    switch (expected.stamping()) {
      case ALL -> assertThatJourneys(spans).everySpanStamped();
      case NONE -> assertThatJourneys(spans).hasNoSpanStamped();
      case ANY -> { }
    }
    assertThatJourneys(spans).hasNoSpanStampedWith(FORGED_JOURNEY);
    switch (scenario) {
      case SUCCESS, CHECKED_EXCEPTION, UNCHECKED_EXCEPTION, ASYNC_SUCCESS ->
          assertThatJourneys(spans).everySpanStampedWith(JOURNEY).hasJourney(JOURNEY).isCritical();
      case NESTED_OTHER_NAME -> {
        SpanData outer = journeys.get(0);
        SpanData inner = journeys.get(1);
        assertThatJourneySpan(outer).isStampedWith(JOURNEY);
        Assertions.assertEquals("cuj." + OTHER_JOURNEY, inner.getName(), "the inner journey keeps its own span");
        assertThatJourneySpan(inner).isChildOf(outer).isStampedWith(OTHER_JOURNEY).isNotCritical();
        spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).forEach(server ->
            Assertions.assertEquals(JOURNEY, server.getAttributes().get(CUJ_NAME),
                "the server span keeps the outer journey (never re-stamped)"));
      }
      case NESTED_SAME_NAME -> assertThatJourneys(spans).everySpanStampedWith(JOURNEY);
      case WRONG_CRITICAL -> {
        Assertions.assertTrue(spans.stream().anyMatch(s -> JOURNEY.equals(s.getAttributes().get(CUJ_NAME))),
            () -> "the known journey arrived and should be carried:" + JourneySpans.describe(spans));
        assertThatJourneys(spans).everyStampOf(JOURNEY, true);
      }
      case CORRELATION_ID_IN, CORRELATION_ID_OUT, CORRELATION_ID_HOSTILE -> verifyCorrelation(scenario, run);
      case HTTP_HOP -> {
        assertThatJourneys(spans).everySpanStampedWith(JOURNEY);
        long services = spans.stream().map(s -> s.getResource().getAttribute(SERVICE_NAME)).distinct().count();
        Assertions.assertTrue(services >= 2, () -> "the trace should cross two services:" + JourneySpans.describe(spans));
      }
      default -> { }
    }
  }

  private static void verifyCorrelation(Scenario scenario, ScenarioRun run) {
    ScenarioRun.Response response = run.response()
        .orElseThrow(() -> new AssertionError("an HTTP stack must hand back the response"));
    String echoed = response.header(CORRELATION_HEADER)
        .orElseThrow(() -> new AssertionError("no " + CORRELATION_HEADER + " on the response"));
    Assertions.assertTrue(WELL_FORMED_ID.matcher(echoed).matches(), () -> "echoed id is malformed: " + echoed);
    if (scenario == Scenario.CORRELATION_ID_IN) {
      Assertions.assertEquals(GOOD_CORRELATION_ID, echoed, "a well-formed id is kept");
    }
    List<SpanData> servers = run.spans().stream().filter(s -> s.getKind() == SpanKind.SERVER).toList();
    Assertions.assertFalse(servers.isEmpty(), "no server span");
    for (SpanData server : servers) {
      Assertions.assertEquals(echoed, server.getAttributes().get(CORRELATION_ID),
          () -> "server span " + server.getName() + " carries the echoed correlation id");
    }
  }
}
