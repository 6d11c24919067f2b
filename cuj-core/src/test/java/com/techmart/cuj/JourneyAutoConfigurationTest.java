package com.techmart.cuj;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An application that builds its SDK with autoconfigure gets journeys with no code. */
class JourneyAutoConfigurationTest {


  private final InMemorySpanExporter spans = InMemorySpanExporter.create();

  private OpenTelemetrySdk sdk(Map<String, String> settings) {
    return TestTelemetry.autoconfigured(settings, spans);
  }

  private static Context extract(OpenTelemetrySdk sdk, String baggage) {
    Map<String, String> headers = Map.of("baggage", baggage);
    return sdk.getPropagators().getTextMapPropagator().extract(Context.root(), headers, TestTelemetry.HEADERS);
  }

  @Test
  void spansInsideAJourneyCarryItsNameWithoutAnyWiring() {
    try (OpenTelemetrySdk sdk = sdk(Map.of("cuj.catalogue", "classpath:catalogues/shop.yaml"))) {
      JourneyRunner journeys = JourneyRunner.builder(sdk).build();
      journeys.run("checkout", () -> sdk.getTracer("db").spanBuilder("INSERT orders").startSpan().end());
      assertThat(spans.getFinishedSpanItems()).filteredOn(s -> s.getName().equals("INSERT orders"))
          .singleElement()
          .satisfies(s -> assertThat(s.getAttributes().get(JourneyAttributes.CUJ_NAME)).isEqualTo("checkout"));
    }
  }

  @Test
  void baggagePropagatorIsGuardedByTheCatalogue() {
    try (OpenTelemetrySdk sdk = sdk(Map.of("cuj.catalogue", "classpath:catalogues/shop.yaml"))) {
      assertThat(Baggage.fromContext(extract(sdk, "cuj.name=checkout")).getEntryValue("cuj.name")).isEqualTo("checkout");
      assertThat(Baggage.fromContext(extract(sdk, "cuj.name=forged,other=1")).getEntryValue("cuj.name")).isNull();
      assertThat(Baggage.fromContext(extract(sdk, "cuj.name=forged,other=1")).getEntryValue("other")).isEqualTo("1");
    }
  }

  @Test
  void edgeModeDropsEvenKnownJourneys() {
    try (OpenTelemetrySdk sdk = sdk(Map.of("cuj.catalogue", "classpath:catalogues/shop.yaml", "cuj.trust", "none"))) {
      assertThat(Baggage.fromContext(extract(sdk, "cuj.name=checkout")).getEntryValue("cuj.name")).isNull();
    }
  }

  @Test
  void withoutACatalogueOwnJourneysAreStampedButIncomingOnesRefused() {
    try (OpenTelemetrySdk sdk = sdk(Map.of())) {
      JourneyRunner.builder(sdk).build()
          .run("checkout", () -> sdk.getTracer("db").spanBuilder("SELECT 1").startSpan().end());
      assertThat(spans.getFinishedSpanItems()).filteredOn(s -> s.getName().equals("SELECT 1"))
          .singleElement()
          .satisfies(s -> assertThat(s.getAttributes().get(JourneyAttributes.CUJ_NAME)).isEqualTo("checkout"));
      assertThat(Baggage.fromContext(extract(sdk, "cuj.name=checkout")).getEntryValue("cuj.name")).isNull();
    }
  }

  @Test
  void withFailFastWrongSettingsStopTheSdkNamingTheSetting() {
    assertThatThrownBy(() -> sdk(Map.of("cuj.trust", "sometimes", "cuj.fail-fast", "true")))
        .hasStackTraceContaining("cuj.trust: trust mode 'sometimes' is not one of");
    assertThatThrownBy(() -> sdk(Map.of("cuj.catalogue", "classpath:missing.yaml", "cuj.fail-fast", "true")))
        .hasStackTraceContaining("cuj.catalogue: classpath:missing.yaml: no such resource");
  }

  /** Observability never takes a service down: the SDK (the agent's, too) starts; journeys are off. */
  static java.util.stream.Stream<Map<String, String>> badSettings() {
    return java.util.stream.Stream.of(
        Map.of("cuj.catalogue", "classpath:missing.yaml"),
        Map.of("cuj.catalogue", "classpath:catalogues/shop.yaml", "cuj.trust", "sometimes"));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("badSettings")
  void aBadCatalogueOrSettingLeavesTheSdkRunningWithTheGuardAtTrustNone(Map<String, String> bad) {
    {
      try (OpenTelemetrySdk sdk = sdk(bad)) {
        assertThat(Baggage.fromContext(extract(sdk, "cuj.name=checkout,other=1")).getEntryValue("cuj.name"))
            .as("a known journey from outside, with %s", bad).isNull();
        // Trust none is an edge's: no caller's baggage goes on, unless allowed by cuj.baggage.allow.
        assertThat(Baggage.fromContext(extract(sdk, "cuj.name=checkout,other=1")).getEntryValue("other"))
            .isNull();
        sdk.getTracer("app").spanBuilder("GET /health").startSpan().end();
        assertThat(spans.getFinishedSpanItems()).extracting(s -> s.getName()).contains("GET /health");
      }
    }
  }
}
