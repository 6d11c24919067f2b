package com.techmart.cuj;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.util.logging.Logger;

/**
 * Wires journeys into any SDK built by {@code AutoConfiguredOpenTelemetrySdk}, and into the
 * OpenTelemetry Java agent through the cuj agent extension jar. Found through
 * {@code META-INF/services}; nothing to call.
 *
 * <ul>
 *   <li>adds {@link JourneySpanProcessor}, so every span inside a journey carries {@code cuj.name};
 *   <li>guards the {@code baggage} propagator with the {@link BaggageTrustPolicy};
 *   <li>with {@code cuj.trust=none} (an edge), wraps the sampler in {@link EdgeSampler}, so a
 *       client's {@code sampled=00} cannot keep its request out of the metrics.
 * </ul>
 *
 * <p>Settings (system property, or environment variable in upper case):
 *
 * <ul>
 *   <li>{@code cuj.catalogue} / {@code CUJ_CATALOGUE}: the catalogue file, or
 *       {@code classpath:cuj/journeys.yaml}. Without it no incoming journey is accepted (unless
 *       the trust mode is {@code open}); journeys started in the process are still stamped.
 *   <li>{@code cuj.trust} / {@code CUJ_TRUST}: {@code known} (default), {@code open} or
 *       {@code none}.
 *   <li>{@code cuj.baggage.allow} / {@code CUJ_BAGGAGE_ALLOW}: comma-separated baggage keys an
 *       edge forwards from its callers (none by default).
 *   <li>{@code cuj.baggage.max-bytes}, {@code cuj.baggage.max-entries}: caps of an accepted (and
 *       a sent) {@code baggage} header; 2048 and 32 by default.
 *   <li>{@code cuj.autoconfigure.enabled}: {@code false} turns this provider off. A framework
 *       adapter that wires journeys into the same SDK itself (cuj-micronaut does, from its own
 *       configuration) sets it, so the SDK is not wired twice with two different catalogues.
 * </ul>
 *
 * <p>A wrong setting stops the SDK from starting with a message naming the setting.
 */
public final class JourneyAutoConfiguration implements AutoConfigurationCustomizerProvider {

  private static final Logger LOG = Logger.getLogger(JourneyAutoConfiguration.class.getName());

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    customizer.addTracerProviderCustomizer((builder, config) -> {
      if (!enabled(config)) {
        return builder;
      }
      JourneyCatalogue catalogue = catalogue(config);
      // Without a catalogue, local journeys must still be stamped: accept any well-formed name
      // on spans, while ingress (below) keeps refusing unknown names from outside.
      JourneyCatalogue forSpans = catalogue.journeys().isEmpty() && !catalogue.isOpen()
          ? JourneyCatalogue.open()
          : catalogue;
      return builder.addSpanProcessor(JourneySpanProcessor.create(forSpans));
    });
    customizer.addPropagatorCustomizer((propagator, config) -> {
      if (!enabled(config) || !isBaggage(propagator)) {
        return propagator;
      }
      BaggageTrustPolicy policy = CujSettings.trustPolicy(catalogue(config), config::getString).build();
      return JourneyBaggagePropagator.wrap(propagator, policy);
    });
    customizer.addSamplerCustomizer((sampler, config) ->
        enabled(config) && CujSettings.trustMode(config::getString) == TrustMode.NONE
            ? EdgeSampler.wrap(sampler)
            : sampler);
  }

  private static boolean enabled(ConfigProperties config) {
    return config.getBoolean(CujSettings.AUTOCONFIGURE_ENABLED, true);
  }

  private static boolean isBaggage(TextMapPropagator propagator) {
    return propagator instanceof W3CBaggagePropagator
        || (propagator.fields().size() == 1 && propagator.fields().contains("baggage"));
  }

  // Both customizers of one SDK build get the same ConfigProperties: read the file once per build.
  private ConfigProperties loadedFor;
  private JourneyCatalogue loaded;

  private synchronized JourneyCatalogue catalogue(ConfigProperties config) {
    if (config != loadedFor) {
      loaded = CujSettings.catalogue(config::getString);
      loadedFor = config;
      if (loaded.journeys().isEmpty() && config.getString(CujSettings.CATALOGUE) == null) {
        LOG.fine("cuj.catalogue is not set: journeys arriving in baggage are accepted only with cuj.trust=open");
      }
    }
    return loaded;
  }

  @Override
  public int order() {
    return 0;
  }
}
