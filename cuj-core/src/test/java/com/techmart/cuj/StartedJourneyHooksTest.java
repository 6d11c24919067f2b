package com.techmart.cuj;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hooks adapters use to summarise a journey on its span (cuj-jdbc's statement tally). */
class StartedJourneyHooksTest {

  private static final AttributeKey<Long> COST = AttributeKey.longKey("test.cost");

  private final JourneyCatalogue catalogue = JourneyCatalogue.of(JourneyDefinition.of("checkout"));
  private final TestTelemetry telemetry = new TestTelemetry(catalogue);
  private final JourneyRunner journeys =
      JourneyRunner.builder(telemetry.openTelemetry()).catalogue(catalogue).build();

  @AfterEach
  void close() {
    telemetry.close();
  }

  @Test
  void theInnermostStartedJourneyIsFoundFromInsideItsContext() {
    StartedJourney outer = journeys.start(journeys.definition("checkout"));
    try (Scope o = outer.makeCurrent()) {
      StartedJourney inner = journeys.start(journeys.definition("payment"));
      try (Scope i = inner.makeCurrent()) {
        assertThat(StartedJourney.fromContext(Context.current())).containsSame(inner);
      }
      inner.succeed();
      assertThat(StartedJourney.fromContext(Context.current())).containsSame(outer);
    }
    outer.succeed();
    assertThat(StartedJourney.fromContext(Context.current())).isEmpty();
    assertThat(StartedJourney.fromContext(null)).isEmpty();
  }

  @Test
  void anAttachmentIsCreatedOncePerJourney() {
    StartedJourney a = journeys.start(journeys.definition("checkout"));
    StartedJourney b = journeys.start(journeys.definition("checkout"));
    AtomicInteger created = new AtomicInteger();
    AtomicInteger first = a.attachment(AtomicInteger.class, () -> new AtomicInteger(created.incrementAndGet()));
    assertThat(a.attachment(AtomicInteger.class, () -> new AtomicInteger(created.incrementAndGet()))).isSameAs(first);
    assertThat(b.attachment(AtomicInteger.class, () -> new AtomicInteger(created.incrementAndGet()))).isNotSameAs(first);
    assertThat(created).hasValue(2);
    a.succeed();
    b.succeed();
  }

  @Test
  void beforeEndActionsWriteOntoTheSpanWhicheverWayTheJourneyEnds() {
    List<Runnable> endings = List.of(
        () -> end(StartedJourney::succeed),
        () -> end(j -> j.fail(new IllegalStateException("boom"))),
        () -> end(StartedJourney::cancelled));
    endings.forEach(Runnable::run);

    assertThat(telemetry.finished()).hasSize(3)
        .allSatisfy(span -> assertThat(span).hasAttribute(COST, 7L));
    assertThat(telemetry.finished().get(1)).hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR));
  }

  @Test
  void aThrowingActionNeitherFailsTheJourneyNorStopsTheOthers() {
    StartedJourney journey = journeys.start(journeys.definition("checkout"));
    List<String> ran = new ArrayList<>();
    journey.beforeEnd(span -> {
      ran.add("first");
      throw new IllegalStateException("adapter bug");
    });
    journey.beforeEnd(span -> ran.add("second"));
    journey.succeed();

    assertThat(ran).containsExactly("first", "second");
    assertThat(telemetry.span("cuj.checkout")).hasStatus(StatusData.ok());
  }

  @Test
  void anActionRegisteredAfterTheEndIsRefusedAndNeverRuns() {
    StartedJourney journey = journeys.start(journeys.definition("checkout"));
    journey.succeed();
    List<String> ran = new ArrayList<>();
    assertThat(journey.beforeEnd(span -> ran.add("late"))).isFalse();
    journey.fail(new IllegalStateException("second ending is ignored"));
    assertThat(ran).isEmpty();
  }

  private void end(Consumer<StartedJourney> ending) {
    StartedJourney journey = journeys.start(journeys.definition("checkout"));
    assertThat(journey.beforeEnd(span -> span.setAttribute(COST, 7L))).isTrue();
    ending.accept(journey);
  }
}
