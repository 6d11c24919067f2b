package com.techmart.cuj;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code cuj.autoconfigure.enabled=false} leaves an autoconfigured SDK to a framework adapter. */
class JourneyAutoConfigurationSwitchTest {

  private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier.get(key);
    }
  };

  private static String extractedJourney(Map<String, String> properties) {
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> properties)
        .build()
        .getOpenTelemetrySdk();
    try {
      Context extracted = sdk.getPropagators().getTextMapPropagator()
          .extract(Context.root(), Map.of("baggage", "cuj.name=unknown-journey"), GETTER);
      return Baggage.fromContext(extracted).getEntryValue("cuj.name");
    } finally {
      sdk.close();
    }
  }

  @Test
  void providerGuardsBaggageUnlessSwitchedOff() {
    Map<String, String> base = Map.of(
        "otel.traces.exporter", "none", "otel.metrics.exporter", "none", "otel.logs.exporter", "none");
    assertThat(extractedJourney(base)).as("guarded: unknown names are dropped").isNull();

    Map<String, String> off = new java.util.HashMap<>(base);
    off.put("cuj.autoconfigure.enabled", "false");
    assertThat(extractedJourney(off)).as("switched off: plain W3C baggage").isEqualTo("unknown-journey");
  }
}
