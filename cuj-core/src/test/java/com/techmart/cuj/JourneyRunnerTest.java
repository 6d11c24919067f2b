package com.techmart.cuj;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The span tree a journey leaves behind, on a real SDK with an in-memory exporter. */
class JourneyRunnerTest {

  static final class OutOfStockException extends RuntimeException {
    OutOfStockException(String message) {
      super(message);
    }
  }

  private final JourneyCatalogue catalogue = JourneyCatalogue.builder()
      .add(JourneyDefinition.builder("checkout").expectedOutcome(OutOfStockException.class).build())
      .add(JourneyDefinition.builder("order-lookup").critical(false).build())
      .add(JourneyDefinition.of("payment"))
      .build();
  // As a version 2 catalogue file declares it: by class name, a superclass of what is thrown.
  private final JourneyCatalogue fromFile = JourneyCatalogue.load(new java.io.StringReader("""
      version: 2
      journeys:
        - name: checkout
          expected:
            exceptions: [java.lang.IllegalStateException]
      """), "journeys.yaml");
  private final TestTelemetry telemetry = new TestTelemetry(catalogue);
  private final JourneyRunner journeys =
      JourneyRunner.builder(telemetry.openTelemetry()).catalogue(catalogue).build();
  private final Tracer tracer = telemetry.openTelemetry().getTracer("test");

  @AfterEach
  void close() {
    telemetry.close();
  }

  /** Runs {@code body} inside a server span, as a request handler would. */
  private <T> T inServerSpan(JourneyCallable<T, RuntimeException> body) {
    Span server = tracer.spanBuilder("POST /api/orders").setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = server.makeCurrent()) {
      return body.call();
    } catch (RuntimeException e) {
      return null;
    } finally {
      server.end();
    }
  }

  @Test
  void successfulJourneyStampsServerSpanAndEndsItsOwnSpanOk() {
    String result = inServerSpan(() -> journeys.call("checkout", () -> {
      tracer.spanBuilder("SELECT products").setSpanKind(SpanKind.CLIENT).startSpan().end();
      return "order-1";
    }));

    assertThat(result).isEqualTo("order-1");
    SpanData server = telemetry.span("POST /api/orders");
    SpanData journey = telemetry.span("cuj.checkout");
    SpanData db = telemetry.span("SELECT products");
    assertThat(server).hasAttributesSatisfying(
        equalTo(JourneyAttributes.CUJ_NAME, "checkout"), equalTo(JourneyAttributes.CUJ_CRITICAL, true));
    assertThat(journey)
        .hasParent(server)
        .hasStatus(StatusData.ok())
        .hasAttributesSatisfyingExactly(
            equalTo(JourneyAttributes.CUJ_NAME, "checkout"),
            equalTo(JourneyAttributes.CUJ_CRITICAL, true),
            equalTo(JourneyAttributes.CUJ_OUTCOME, "success"));
    assertThat(db).hasParent(journey).hasAttributesSatisfying(equalTo(JourneyAttributes.CUJ_NAME, "checkout"));
  }

  @Test
  void failureRecordsExceptionSetsErrorAndRethrows() {
    IllegalStateException boom = new IllegalStateException("payment gateway down");
    assertThatThrownBy(() -> journeys.run("checkout", () -> {
      throw boom;
    })).isSameAs(boom);

    SpanData journey = telemetry.span("cuj.checkout");
    assertThat(journey)
        .hasStatus(StatusData.create(StatusCode.ERROR, "payment gateway down"))
        .hasException(boom)
        .hasAttributesSatisfying(equalTo(JourneyAttributes.CUJ_OUTCOME, "error"));
  }

  @Test
  void checkedExceptionPassesThroughWithItsOwnType() {
    IOException diskFull = new IOException("disk full");
    // The compiler sees IOException here, not Throwable or a wrapper: that is the point.
    try {
      journeys.call("checkout", () -> {
        if (diskFull != null) {
          throw diskFull;
        }
        return 1;
      });
      org.assertj.core.api.Assertions.fail("expected IOException");
    } catch (IOException caught) {
      assertThat(caught).isSameAs(diskFull);
    }
    assertThat(telemetry.span("cuj.checkout")).hasStatus(
        StatusData.create(StatusCode.ERROR, "disk full"));
  }

  @Test
  void expectedOutcomeIsRecordedButDoesNotBurnTheErrorBudget() {
    assertThatThrownBy(() -> journeys.run("checkout", () -> {
      throw new OutOfStockException("only 0 left of SKU-1");
    })).isInstanceOf(OutOfStockException.class);

    SpanData journey = telemetry.span("cuj.checkout");
    assertThat(journey.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    assertThat(journey)
        .hasAttributesSatisfying(
            equalTo(JourneyAttributes.CUJ_OUTCOME, "expected"),
            equalTo(JourneyAttributes.CUJ_OUTCOME_TYPE, OutOfStockException.class.getName()))
        .hasEventsSatisfyingExactly(event -> event.hasName("exception"));
  }

  @Test
  void anExpectedOutcomeDeclaredInTheCatalogueIsHonoured() {
    JourneyRunner fileJourneys = JourneyRunner.builder(telemetry.openTelemetry()).catalogue(fromFile).build();
    assertThatThrownBy(() -> fileJourneys.run("checkout", () -> {
      throw new java.nio.channels.NonWritableChannelException(); // an IllegalStateException
    })).isInstanceOf(IllegalStateException.class);

    SpanData journey = telemetry.span("cuj.checkout");
    assertThat(journey).hasStatus(StatusData.ok())
        .hasAttributesSatisfying(
            equalTo(JourneyAttributes.CUJ_OUTCOME, "expected"),
            equalTo(JourneyAttributes.CUJ_OUTCOME_TYPE, "java.nio.channels.NonWritableChannelException"));
  }

  @Test
  void anExpectedOutcomeOfOneJourneyIsAnErrorInAnother() {
    assertThatThrownBy(() -> journeys.run("order-lookup", () -> {
      throw new OutOfStockException("n/a");
    })).isInstanceOf(OutOfStockException.class);
    assertThat(telemetry.span("cuj.order-lookup").getStatus().getStatusCode())
        .isEqualTo(StatusCode.ERROR);
  }

  @Test
  void nestedJourneyKeepsItsOwnSpanWinsInBaggageAndLeavesOuterSpanAlone() {
    String[] baggageInside = new String[2];
    inServerSpan(() -> journeys.call("checkout", () -> journeys.call("payment", () -> {
      baggageInside[0] = Baggage.current().getEntryValue("cuj.name");
      baggageInside[1] = journeys.current().map(ActiveJourney::name).orElse(null);
      tracer.spanBuilder("POST /charge").setSpanKind(SpanKind.CLIENT).startSpan().end();
      return null;
    })));

    SpanData server = telemetry.span("POST /api/orders");
    SpanData outer = telemetry.span("cuj.checkout");
    SpanData inner = telemetry.span("cuj.payment");
    SpanData client = telemetry.span("POST /charge");
    assertThat(baggageInside[0]).isEqualTo("payment");
    assertThat(server).hasAttributesSatisfying(equalTo(JourneyAttributes.CUJ_NAME, "checkout"));
    assertThat(outer).hasAttributesSatisfying(equalTo(JourneyAttributes.CUJ_NAME, "checkout"));
    assertThat(inner).hasParent(outer).hasAttributesSatisfying(equalTo(JourneyAttributes.CUJ_NAME, "payment"));
    assertThat(client).hasParent(inner).hasAttributesSatisfying(equalTo(JourneyAttributes.CUJ_NAME, "payment"));
  }

  @Test
  void currentJourneyIsVisibleInsideAndGoneAfter() {
    assertThat(journeys.current()).isEmpty();
    ActiveJourney inside = journeys.call("order-lookup", () -> journeys.current().orElseThrow());
    assertThat(inside).isEqualTo(new ActiveJourney("order-lookup", false));
    assertThat(journeys.current()).isEmpty();
    assertThat(Baggage.current().getEntryValue("cuj.name")).isNull();
    assertThat(telemetry.span("cuj.order-lookup"))
        .hasAttributesSatisfying(equalTo(JourneyAttributes.CUJ_CRITICAL, false));
  }

  @Test
  void asyncJourneyEndsWhenTheStageCompletes() throws Exception {
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletionStage<String> stage = journeys.callAsync("checkout", () -> pending);

    assertThat(telemetry.finished()).isEmpty();
    pending.complete("done");

    assertThat(stage.toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(telemetry.span("cuj.checkout"))
        .hasStatus(StatusData.ok())
        .hasAttributesSatisfying(equalTo(JourneyAttributes.CUJ_OUTCOME, "success"));
  }

  @Test
  void asyncFailureOnAnotherThreadEndsTheJourneyInError() {
    IllegalStateException boom = new IllegalStateException("inventory timeout");
    CompletionStage<String> stage = journeys.callAsync("checkout",
        () -> CompletableFuture.supplyAsync(() -> {
          throw boom;
        }));

    assertThatThrownBy(() -> stage.toCompletableFuture().join())
        .isInstanceOf(CompletionException.class)
        .hasCause(boom);
    assertThat(telemetry.span("cuj.checkout"))
        .hasStatus(StatusData.create(StatusCode.ERROR, "inventory timeout"))
        .hasException(boom);
  }

  @Test
  void asyncExpectedOutcomeSeesThroughCompletionException() {
    CompletionStage<String> stage = journeys.callAsync("checkout",
        () -> CompletableFuture.supplyAsync(() -> {
          throw new OutOfStockException("sold out");
        }));
    assertThatThrownBy(() -> stage.toCompletableFuture().join()).hasCauseInstanceOf(OutOfStockException.class);
    assertThat(telemetry.span("cuj.checkout"))
        .hasAttributesSatisfying(equalTo(JourneyAttributes.CUJ_OUTCOME, "expected"));
  }

  @Test
  void asyncBodyReturningNullFailsTheJourneyInsteadOfLeakingIt() {
    CompletionStage<String> stage = journeys.callAsync("checkout", () -> null);
    assertThatThrownBy(() -> stage.toCompletableFuture().join())
        .hasCauseInstanceOf(NullPointerException.class);
    assertThat(telemetry.span("cuj.checkout").getStatus().getStatusCode())
        .isEqualTo(StatusCode.ERROR);
  }

  @Test
  void journeyNotInTheCatalogueStillRunsAsACriticalJourney() {
    journeys.run("newsletter-signup", () -> {});
    assertThat(telemetry.span("cuj.newsletter-signup"))
        .hasAttributesSatisfying(
            equalTo(JourneyAttributes.CUJ_NAME, "newsletter-signup"),
            equalTo(JourneyAttributes.CUJ_CRITICAL, true));
  }

  @Test
  void invalidNameIsRejectedAtDefinitionTimeWithTheRule() {
    assertThatThrownBy(() -> journeys.run("Check Out", () -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lowercase kebab-case");
    assertThat(telemetry.finished()).isEmpty();
  }

  @Test
  void startedJourneyEndsOnlyOnceWhenCompletionAndCancellationRace() {
    StartedJourney started = journeys.start(catalogue.find("checkout").orElseThrow());
    started.cancelled();
    started.succeed();
    started.fail(new IllegalStateException("late"));
    assertThat(telemetry.finished()).hasSize(1);
    assertThat(telemetry.span("cuj.checkout"))
        .hasAttributesSatisfying(equalTo(JourneyAttributes.CUJ_OUTCOME, "cancelled"));
    assertThat(telemetry.span("cuj.checkout").getStatus().getStatusCode())
        .isEqualTo(StatusCode.UNSET);
  }

  @Test
  void journeyEndedAsExpectedWithoutAnExceptionSaysWhichOutcome() {
    StartedJourney started = journeys.start(catalogue.find("order-lookup").orElseThrow());
    started.expected("http.404");
    started.succeed();
    SpanData journey = telemetry.span("cuj.order-lookup");
    assertThat(journey.getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
    assertThat(journey).hasAttributesSatisfying(
        equalTo(JourneyAttributes.CUJ_OUTCOME, "expected"),
        equalTo(JourneyAttributes.CUJ_OUTCOME_TYPE, "http.404"));
  }

  @Test
  void staticFacadeUsesTheInstalledRunner() {
    Journeys.setRunner(journeys);
    try {
      int value = Journeys.call("checkout", () -> 42);
      assertThat(value).isEqualTo(42);
      assertThat(telemetry.names()).containsExactly("cuj.checkout");
    } finally {
      Journeys.resetForTest();
    }
  }
}
