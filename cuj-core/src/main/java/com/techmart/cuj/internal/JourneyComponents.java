package com.techmart.cuj.internal;

import com.techmart.cuj.spi.CujSetup;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.incubator.config.DeclarativeConfigProperties;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.autoconfigure.spi.internal.ComponentProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.logging.Logger;

/**
 * The journey span processor and the guarded baggage propagator as declarative-configuration
 * components ({@code tracer_provider.processors: [cuj_journeys: {}]},
 * {@code propagator.composite: [tracecontext, cuj_baggage]}); {@link DeclarativeJourneyConfiguration}
 * adds them to the file's model. Kept apart from it: SDKs before 1.65 load these providers too, and
 * must not touch the newer customizer interface.
 *
 * <p>Settings: system properties or environment variables ({@code cuj.catalogue} /
 * {@code CUJ_CATALOGUE}, {@code cuj.trust}, {@code cuj.baggage.*}, {@code cuj.fail-fast}), read once
 * per JVM, with the same one INFO line (or one SEVERE line for a problem) as the other mode.
 */
public final class JourneyComponents {

  static final String SPAN_PROCESSOR = "cuj_journeys";
  static final String PROPAGATOR = "cuj_baggage";

  private static final Logger LOG = Logger.getLogger(JourneyComponents.class.getName());
  private static CujSetup setup;

  private JourneyComponents() {}

  static synchronized CujSetup setup() {
    if (setup == null) {
      setup = CujSetup.load(CujSetup.systemSettings());
      LOG.info(setup.summary() + " (declarative configuration)");
    }
    return setup;
  }

  /** The {@value #SPAN_PROCESSOR} span processor: the journey span processor on the catalogue. */
  @SuppressWarnings("rawtypes")
  public static final class SpanProcessorComponent implements ComponentProvider {
    @Override
    public Class<?> getType() {
      return SpanProcessor.class;
    }

    @Override
    public String getName() {
      return SPAN_PROCESSOR;
    }

    @Override
    public Object create(DeclarativeConfigProperties config) {
      return JourneyAutoConfiguration.spanProcessor(JourneyComponents.setup());
    }
  }

  /** The {@value #PROPAGATOR} propagator: W3C baggage behind the trust policy. */
  @SuppressWarnings("rawtypes")
  public static final class PropagatorComponent implements ComponentProvider {
    @Override
    public Class<?> getType() {
      return TextMapPropagator.class;
    }

    @Override
    public String getName() {
      return PROPAGATOR;
    }

    @Override
    public Object create(DeclarativeConfigProperties config) {
      return JourneyAutoConfiguration.guardBaggage(
          W3CBaggagePropagator.getInstance(), JourneyComponents.setup(), CujSetup.systemSettings());
    }
  }
}
