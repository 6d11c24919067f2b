package com.techmart.cuj;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code cuj.autoconfigure.enabled=false} leaves an autoconfigured SDK to a framework adapter. */
class JourneyAutoConfigurationSwitchTest {


  private static String extractedJourney(Map<String, String> properties) {
    OpenTelemetrySdk sdk = TestTelemetry.autoconfigured(properties, InMemorySpanExporter.create());
    try {
      Context extracted = sdk.getPropagators().getTextMapPropagator()
          .extract(Context.root(), Map.of("baggage", "cuj.name=unknown-journey"), TestTelemetry.HEADERS);
      return Baggage.fromContext(extracted).getEntryValue("cuj.name");
    } finally {
      sdk.close();
    }
  }

  @Test
  void providerGuardsBaggageUnlessSwitchedOff() {
    Map<String, String> base = Map.of();
    assertThat(extractedJourney(base)).as("guarded: unknown names are dropped").isNull();

    Map<String, String> off = new java.util.HashMap<>(base);
    off.put("cuj.autoconfigure.enabled", "false");
    assertThat(extractedJourney(off)).as("switched off: plain W3C baggage").isEqualTo("unknown-journey");
  }
}
