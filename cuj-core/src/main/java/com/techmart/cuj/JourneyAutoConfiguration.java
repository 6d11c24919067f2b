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
 *   <li>guards the {@code baggage} propagator with the {@link BaggageTrustPolicy}.
 * </ul>
 *
 * <p>Settings (system property, or environment variable in upper case):
 *
 * <ul>
 *   <li>{@code cuj.catalogue} / {@code CUJ_CATALOGUE}: the catalogue file or
 *       {@code classpath:} resource, {@code classpath:cuj/journeys.yaml} by default.
 *   <li>{@code cuj.trust} / {@code CUJ_TRUST}: {@code known} (default), {@code open} or
 *       {@code none}.
 *   <li>{@code cuj.autoconfigure.enabled}: {@code false} turns this provider off. A framework
 *       adapter that wires journeys into the same SDK itself (cuj-micronaut does, from its own
 *       configuration) sets it, so the SDK is not wired twice with two different catalogues.
 * </ul>
 *
 * <p>A wrong setting or a missing or invalid catalogue is logged as one SEVERE line and leaves the
 * SDK running with journeys off and the baggage guard at {@code trust none} ({@link CujSetup});
 * {@code cuj.fail-fast=true} stops the SDK from starting instead. One INFO line on load says
 * which catalogue, how many journeys and which trust mode.
 */
public final class JourneyAutoConfiguration implements AutoConfigurationCustomizerProvider {

  static final String AUTOCONFIGURE_ENABLED = "cuj.autoconfigure.enabled";

  private static final Logger LOG = Logger.getLogger(JourneyAutoConfiguration.class.getName());

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    customizer.addTracerProviderCustomizer((builder, config) -> {
      if (!enabled(config)) {
        return builder;
      }
      JourneyCatalogue catalogue = setup(config).catalogue();
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
      CujSetup setup = setup(config);
      BaggageTrustPolicy policy = BaggageTrustPolicy.builder(setup.catalogue())
          .mode(setup.trustMode())
          .build();
      return JourneyBaggagePropagator.wrap(propagator, policy);
    });
  }

  private static boolean enabled(ConfigProperties config) {
    return config.getBoolean(AUTOCONFIGURE_ENABLED, true);
  }

  private static boolean isBaggage(TextMapPropagator propagator) {
    return propagator instanceof W3CBaggagePropagator
        || (propagator.fields().size() == 1 && propagator.fields().contains("baggage"));
  }

  // Both customizers of one SDK build get the same ConfigProperties: read the file, and log the
  // outcome, once per build.
  private ConfigProperties loadedFor;
  private CujSetup loaded;

  private synchronized CujSetup setup(ConfigProperties config) {
    if (config != loadedFor) {
      // A problem is logged (one SEVERE line) and leaves the SDK, and so the agent, running with
      // journeys off and the baggage guard at trust none; only cuj.fail-fast=true throws.
      loaded = CujSetup.load(key -> {
        String value = config.getString(key);
        return value == null || value.isBlank() ? null : value.trim();
      });
      loadedFor = config;
      LOG.info(loaded.summary());
    }
    return loaded;
  }

  @Override
  public int order() {
    return 0;
  }
}
