package com.techmart.cuj.internal;

import com.techmart.cuj.BaggageTrustPolicy;
import com.techmart.cuj.EdgeSampler;
import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.JourneySpanProcessor;
import com.techmart.cuj.TrustMode;
import com.techmart.cuj.spi.CujSetup;
import com.techmart.cuj.spi.SdkWiring;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.function.Function;
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
 *   <li>{@code cuj.catalogue} / {@code CUJ_CATALOGUE}: the catalogue file or
 *       {@code classpath:} resource, {@code classpath:cuj/journeys.yaml} by default.
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
      return builder.addSpanProcessor(spanProcessor(setup(config)));
    });
    customizer.addPropagatorCustomizer((propagator, config) -> {
      if (!enabled(config) || !SdkWiring.isBaggage(propagator)) {
        return propagator;
      }
      return guardBaggage(propagator, setup(config), config::getString);
    });
    customizer.addSamplerCustomizer((sampler, config) ->
        // Also after a configuration problem: trust none is an edge's, and records more, never less.
        enabled(config) && setup(config).trustMode() == TrustMode.NONE
            ? EdgeSampler.wrap(sampler)
            : sampler);
  }

  /** The journey span processor for {@code setup}; shared with the declarative-configuration path. */
  static SpanProcessor spanProcessor(CujSetup setup) {
    JourneyCatalogue catalogue = setup.catalogue();
    // Without a catalogue, local journeys must still be stamped: accept any well-formed name
    // on spans, while ingress (the baggage guard) keeps refusing unknown names from outside.
    JourneyCatalogue forSpans = catalogue.journeys().isEmpty() && !catalogue.isOpen()
        ? JourneyCatalogue.open()
        : catalogue;
    return JourneySpanProcessor.create(forSpans);
  }

  /** {@code baggage} behind the trust policy of {@code setup}; caps and allowlist from {@code settings}. */
  static TextMapPropagator guardBaggage(TextMapPropagator baggage, CujSetup setup, Function<String, String> settings) {
    BaggageTrustPolicy policy;
    try {
      // The trust mode is the setup's (none after a problem); the caps and allowlist come along.
      policy = CujSettings.trustPolicy(setup.catalogue(), key -> CujSettings.TRUST.equals(key)
          ? setup.trustMode().name().toLowerCase(java.util.Locale.ROOT) : settings.apply(key)).build();
    } catch (IllegalArgumentException e) {
      CujSetup off = setup.withProblem(e.getMessage().substring(0, Math.max(0, e.getMessage().indexOf(':'))),
          CujSetup.SETTING_INVALID, e.getMessage().substring(e.getMessage().indexOf(':') + 1).trim());
      policy = BaggageTrustPolicy.builder(off.catalogue()).mode(off.trustMode()).build();
    }
    return SdkWiring.guardBaggage(baggage, policy);
  }

  private static boolean enabled(ConfigProperties config) {
    return config.getBoolean(AUTOCONFIGURE_ENABLED, true);
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
