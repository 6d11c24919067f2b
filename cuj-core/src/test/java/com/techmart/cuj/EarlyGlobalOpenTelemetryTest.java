package com.techmart.cuj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Code that runs journeys (or meets forged baggage) before the application registers its SDK must
 * not switch telemetry off for the life of the process: asking {@code GlobalOpenTelemetry.get()}
 * that early would install a no-op for good and make the application's own registration fail.
 */
class EarlyGlobalOpenTelemetryTest {

  private final JourneyCatalogue catalogue = JourneyCatalogue.builder().add(JourneyDefinition.of("checkout")).build();
  private final TestTelemetry telemetry = new TestTelemetry(catalogue);

  @BeforeEach
  @AfterEach
  void forgetGlobals() {
    GlobalOpenTelemetry.resetForTest();
    Journeys.resetForTest();
  }

  @AfterEach
  void close() {
    telemetry.close();
  }

  @Test
  void journeysRunBeforeTheSdkIsRegisteredAreRecordedOnceItIs() {
    int early = Journeys.call("checkout", () -> 1);
    Context forged = Context.root().with(Baggage.builder().put("cuj.name", "free-money").build());
    BaggageTrustPolicy.builder(catalogue).build().sanitize(forged);

    assertThatCode(() -> GlobalOpenTelemetry.set(telemetry.openTelemetry()))
        .as("the application registers its SDK after CUJ ran")
        .doesNotThrowAnyException();
    int later = Journeys.call("checkout", () -> 2);

    assertThat(early + later).isEqualTo(3);
    assertThat(telemetry.names()).containsExactly("cuj.checkout");
  }

  @Test
  void theRunnersTrustPolicyCountsOnTheRunnersSdkNotTheGlobalOne() {
    JourneyRunner runner = JourneyRunner.builder(telemetry.openTelemetry()).catalogue(catalogue).build();
    Context forged = Context.root().with(Baggage.builder().put("cuj.name", "free-money").build());

    runner.trustPolicy().sanitize(forged);

    assertThat(telemetry.rejections(BaggageTrustPolicy.Rejection.UNKNOWN_NAME)).isEqualTo(1);
  }
}
