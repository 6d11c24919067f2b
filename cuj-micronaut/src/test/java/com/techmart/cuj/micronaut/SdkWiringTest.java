package com.techmart.cuj.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.JourneyRunner;
import io.micronaut.context.ApplicationContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What micronaut-tracing's OpenTelemetry bean looks like once cuj-micronaut is on the class path. */
class SdkWiringTest {

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

  private static Baggage extract(ApplicationContext context, String baggage) {
    TextMapPropagator propagator = context.getBean(OpenTelemetry.class).getPropagators().getTextMapPropagator();
    return Baggage.fromContext(propagator.extract(Context.root(), Map.of("baggage", baggage), GETTER));
  }

  private static ApplicationContext run(Map<String, Object> properties) {
    Map<String, Object> all = new HashMap<>(properties);
    all.put("micronaut.application.name", "sdk");
    all.put("cuj.catalogue", "classpath:cuj/test-journeys.yaml");
    return ApplicationContext.run(all);
  }

  @Test
  void extractionIsGuardedByTheTrustPolicy() {
    try (ApplicationContext context = run(Map.of())) {
      assertThat(context.getBean(OpenTelemetry.class).getPropagators().getTextMapPropagator().fields())
          .contains("traceparent", "baggage");
      Baggage known = extract(context, "cuj.name=order-lookup,cuj.critical=true,tenant=acme");
      assertThat(known.getEntryValue("cuj.name")).isEqualTo("order-lookup");
      assertThat(known.getEntryValue("cuj.critical")).as("the catalogue's flag").isEqualTo("false");
      Baggage forged = extract(context, "cuj.name=free-shipping,tenant=acme");
      assertThat(forged.getEntryValue("cuj.name")).isNull();
      assertThat(forged.getEntryValue("tenant")).isEqualTo("acme");
    }
  }

  @Test
  void trustNoneRefusesEveryJourneyAtExtraction() {
    try (ApplicationContext context = run(Map.of("cuj.trust", "none"))) {
      assertThat(extract(context, "cuj.name=checkout").getEntryValue("cuj.name")).isNull();
      assertThat(context.getBean(JourneyRunner.class).trustPolicy().mode()).isEqualTo(com.techmart.cuj.TrustMode.NONE);
    }
  }

  @Test
  void baggagePropagatorIsAddedToAnExplicitListThatLacksIt() {
    try (ApplicationContext context = run(Map.of("otel.propagators", "tracecontext"))) {
      assertThat(context.getBean(OpenTelemetry.class).getPropagators().getTextMapPropagator().fields())
          .contains("traceparent", "baggage");
      assertThat(extract(context, "cuj.name=evil").getEntryValue("cuj.name")).isNull();
      assertThat(extract(context, "cuj.name=checkout").getEntryValue("cuj.name")).isEqualTo("checkout");
    }
  }

  @Test
  void disabledLeavesTheSdkAlone() {
    try (ApplicationContext context = run(Map.of("cuj.enabled", false))) {
      assertThat(extract(context, "cuj.name=evil").getEntryValue("cuj.name"))
          .as("no guard: the plain W3C propagator").isEqualTo("evil");
    }
  }
}
