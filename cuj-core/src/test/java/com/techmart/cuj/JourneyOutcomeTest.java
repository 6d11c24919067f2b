package com.techmart.cuj;

import com.techmart.cuj.spi.HttpOutcomes;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DESIGN §4 "Outcomes", row by row, through the core API on a real SDK. */
class JourneyOutcomeTest {

  static final class OutOfStockException extends Exception {
    OutOfStockException() {
      super("out of stock");
    }
  }

  private final JourneyCatalogue catalogue = JourneyCatalogue.builder()
      .add(JourneyDefinition.builder("checkout").expectedOutcome(OutOfStockException.class).build())
      .add(JourneyDefinition.of("payment"))
      .build();
  private final TestTelemetry telemetry = new TestTelemetry(catalogue);
  private final JourneyRunner journeys = JourneyRunner.builder(telemetry.openTelemetry())
      .catalogue(catalogue)
      .httpOutcomes(HttpOutcomes.errorStatuses(List.of(409)))
      .build();

  @AfterEach
  void close() {
    telemetry.close();
  }

  private SpanData only(String name) {
    List<SpanData> spans = telemetry.finished().stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(spans).as("spans named %s in %s", name, telemetry.names()).hasSize(1);
    return spans.get(0);
  }

  private void assertOutcome(String span, String outcome, StatusCode status) {
    assertThat(only(span))
        .hasAttributesSatisfying(equalTo(JourneyAttributes.CUJ_OUTCOME, outcome))
        .hasStatusSatisfying(s -> s.hasCode(status));
  }

  @Test
  void declaredExpectedCheckedExceptionIsExpectedEvenWhenAProxyWrappedIt() {
    assertThatThrownBy(() -> journeys.run("checkout", () -> {
      throw new UndeclaredThrowableException(new OutOfStockException());
    })).isInstanceOf(UndeclaredThrowableException.class);

    assertThat(only("cuj.checkout"))
        .hasAttributesSatisfying(
            equalTo(JourneyAttributes.CUJ_OUTCOME, "expected"),
            equalTo(JourneyAttributes.CUJ_OUTCOME_TYPE, OutOfStockException.class.getName()))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.OK));
  }

  @Test
  void checkedExceptionIsAnErrorAndPassesThroughUnchanged() {
    IOException thrown = new IOException("disk full");
    assertThatThrownBy(() -> journeys.run("payment", () -> {
      throw thrown;
    })).isSameAs(thrown);
    assertOutcome("cuj.payment", "error", StatusCode.ERROR);
  }

  @Test
  void cancelledStageIsCancelledNotAnError() {
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletionStage<String> result = journeys.callAsync("payment", () -> pending);
    pending.cancel(true);

    assertThatThrownBy(() -> result.toCompletableFuture().join())
        .isInstanceOfAny(CancellationException.class, CompletionException.class);
    SpanData span = only("cuj.payment");
    assertThat(span)
        .hasAttributesSatisfying(equalTo(JourneyAttributes.CUJ_OUTCOME, "cancelled"))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.UNSET));
  }

  @Test
  void timeoutIsAnErrorEvenWhenItArrivesAsACancellation() {
    CompletableFuture<String> deadline = new CompletableFuture<>();
    CompletionStage<String> result = journeys.callAsync("payment", () -> deadline);
    CancellationException cancelled = new CancellationException("deadline passed");
    cancelled.initCause(new TimeoutException("500 ms"));
    deadline.completeExceptionally(cancelled);

    assertThatThrownBy(() -> result.toCompletableFuture().join())
        .isInstanceOfAny(CancellationException.class, CompletionException.class);
    assertOutcome("cuj.payment", "error", StatusCode.ERROR);
  }

  @Test
  void orTimeoutOfAStageIsAnError() {
    CompletionStage<String> result =
        journeys.callAsync("payment", () -> new CompletableFuture<String>().orTimeout(1, TimeUnit.MILLISECONDS));
    assertThatThrownBy(() -> result.toCompletableFuture().join()).hasCauseInstanceOf(TimeoutException.class);
    assertOutcome("cuj.payment", "error", StatusCode.ERROR);
  }

  @Test
  void nullStageIsAnErrorAndTheCallerGetsAFailedStage() {
    CompletionStage<String> result = journeys.callAsync("payment", () -> null);
    assertThatThrownBy(() -> result.toCompletableFuture().join()).hasCauseInstanceOf(NullPointerException.class);
    assertOutcome("cuj.payment", "error", StatusCode.ERROR);
  }

  @Test
  void unwrapsCompletionAndExecutionWrappersBeforeDeciding() {
    journeys.start(journeys.definition("checkout"))
        .fail(new CompletionException(new ExecutionException(new OutOfStockException())));
    assertThat(only("cuj.checkout")).hasAttributesSatisfying(
        equalTo(JourneyAttributes.CUJ_OUTCOME_TYPE, OutOfStockException.class.getName()));
  }

  @Test
  void failWithNullDoesNotThrowAndEndsTheJourneyAsAnError() {
    StartedJourney journey = journeys.start(journeys.definition("payment"));
    assertThatCode(() -> journey.fail(null)).doesNotThrowAnyException();
    assertThat(journey.isEnded()).isTrue();
    assertOutcome("cuj.payment", "error", StatusCode.ERROR);
  }

  @Test
  void aJourneyInsideOneOfTheSameNameJoinsIt() throws Exception {
    String result = journeys.call("checkout", () -> journeys.call("checkout", () -> "order-1"));
    StartedJourney outer = journeys.start(journeys.definition("payment"));
    StartedJourney inner;
    try (var ignored = outer.makeCurrent()) {
      inner = journeys.start(journeys.definition("payment"));
    }
    inner.fail(new IllegalStateException("the outer one decides"));
    outer.succeed();

    assertThat(result).isEqualTo("order-1");
    assertThat(inner.isJoined()).isTrue();
    assertOutcome("cuj.checkout", "success", StatusCode.OK);
    assertOutcome("cuj.payment", "success", StatusCode.OK);
  }

  @Test
  void httpStatusesEndHandlerJourneys() {
    end(500, null, false);
    assertOutcome("cuj.payment", "error", StatusCode.ERROR);
    telemetry.spans.reset();

    end(404, null, false);
    assertThat(only("cuj.payment"))
        .hasAttributesSatisfying(
            equalTo(JourneyAttributes.CUJ_OUTCOME, "expected"),
            equalTo(JourneyAttributes.CUJ_OUTCOME_TYPE, "http.404"))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.OK));
    telemetry.spans.reset();

    end(409, null, false); // listed by this service as an error
    assertOutcome("cuj.payment", "error", StatusCode.ERROR);
    telemetry.spans.reset();

    end(200, null, true); // the client left
    assertOutcome("cuj.payment", "cancelled", StatusCode.UNSET);
    telemetry.spans.reset();

    end(504, new SocketTimeoutException("read timed out"), false);
    assertOutcome("cuj.payment", "error", StatusCode.ERROR);
  }

  @Test
  void anExceptionAHandlerAnsweredWithA4xxIsExpected() {
    end(422, new IllegalArgumentException("bad basket"), false);
    assertThat(only("cuj.payment")).hasAttributesSatisfying(
        equalTo(JourneyAttributes.CUJ_OUTCOME, "expected"),
        equalTo(JourneyAttributes.CUJ_OUTCOME_TYPE, "http.422"));
  }

  private void end(int status, Throwable error, boolean clientLeft) {
    journeys.start(journeys.definition("payment")).endHttp(status, error, clientLeft);
  }

  @Test
  void statusesAClientCanProvokeCannotCountAsErrors() {
    for (int status : new int[] {400, 404, 408, 413, 429, 431}) {
      assertThatThrownBy(() -> HttpOutcomes.errorStatuses(List.of(409, status)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("error status " + status)
          .hasMessageContaining("any client can provoke it");
    }
    assertThatThrownBy(() -> HttpOutcomes.errorStatuses(List.of(503)))
        .hasMessageContaining("503 is not a 4xx");
    assertThat(HttpOutcomes.errorStatuses(List.of(409, 422)).isError(422)).isTrue();
  }
}
