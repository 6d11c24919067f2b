package com.techmart.cuj.micronaut;

import com.techmart.cuj.BaggageTrustPolicy;
import com.techmart.cuj.EdgeSampler;
import com.techmart.cuj.TrustMode;
import com.techmart.cuj.JourneySpanProcessor;
import com.techmart.cuj.spi.SdkWiring;
import io.micronaut.context.BeanProvider;
import io.micronaut.tracing.opentelemetry.OpenTelemetryBuilderCustomizer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires journeys into the SDK that micronaut-tracing builds ({@code AutoConfiguredOpenTelemetrySdk}
 * in {@code DefaultOpenTelemetryFactory}), from this context's {@code cuj.*} settings:
 *
 * <ul>
 *   <li>adds {@link JourneySpanProcessor}, so every span inside a journey carries {@code cuj.name};
 *   <li>makes sure the {@code tracecontext} and {@code baggage} propagators are on;
 *   <li>guards the {@code baggage} propagator with the trust policy, so a refused journey is gone
 *       before the server span starts: with {@code cuj.trust=none} a forged header never stamps it;
 *   <li>with {@code cuj.trust=none} (an edge), wraps the sampler in {@link EdgeSampler}: a
 *       client's {@code traceparent} with {@code sampled=00} cannot keep its request out of the
 *       span metrics;
 *   <li>turns off cuj-core's autoconfigure provider for this SDK, which would otherwise wire it a
 *       second time from system properties instead of this context's configuration.
 * </ul>
 */
@Singleton
final class JourneySdkCustomizer implements OpenTelemetryBuilderCustomizer {

  private static final Logger LOG = LoggerFactory.getLogger(JourneySdkCustomizer.class);
  private static final String PROPAGATORS = "otel.propagators";

  private final JourneySettings settings;
  private final BeanProvider<OpenTelemetry> openTelemetry;

  JourneySdkCustomizer(JourneySettings settings, BeanProvider<OpenTelemetry> openTelemetry) {
    this.settings = settings;
    this.openTelemetry = openTelemetry;
  }

  @Override
  public void configure(AutoConfiguredOpenTelemetrySdkBuilder builder) {
    builder.addPropertiesSupplier(() -> Map.of("cuj.autoconfigure.enabled", "false"));
    if (!settings.enabled()) {
      return;
    }
    BaggageTrustPolicy policy = BaggageTrustPolicy.builder(settings.catalogue())
        .mode(settings.trustMode())
        .openTelemetry(new DeferredOpenTelemetry(openTelemetry))
        .build();
    builder.addPropertiesCustomizer(JourneySdkCustomizer::requirePropagators);
    builder.addTracerProviderCustomizer((tracerProvider, config) ->
        tracerProvider.addSpanProcessor(JourneySpanProcessor.create(settings.catalogue())));
    builder.addPropagatorCustomizer((propagator, config) ->
        SdkWiring.guardBaggage(propagator, policy));
    if (settings.trustMode() == TrustMode.NONE) {
      builder.addSamplerCustomizer((sampler, config) -> EdgeSampler.wrap(sampler));
    }
  }

  /** Adds {@code tracecontext} and {@code baggage} to an explicit propagator list that lacks them. */
  static Map<String, String> requirePropagators(ConfigProperties config) {
    List<String> configured = config.getList(PROPAGATORS);
    if (configured.isEmpty()) {
      return Map.of(); // the SDK's default is tracecontext,baggage
    }
    if (configured.contains("none")) {
      LOG.warn("{}=none: journeys will not reach downstream services", PROPAGATORS);
      return Map.of();
    }
    List<String> wanted = new ArrayList<>(configured);
    for (String required : List.of("tracecontext", "baggage")) {
      if (!wanted.contains(required)) {
        wanted.add(required);
      }
    }
    if (wanted.size() == configured.size()) {
      return Map.of();
    }
    LOG.info("{} extended to {}: journeys travel in W3C trace context and baggage", PROPAGATORS, wanted);
    return Map.of(PROPAGATORS, String.join(",", wanted));
  }
}
