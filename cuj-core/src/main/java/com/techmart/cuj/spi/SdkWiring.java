package com.techmart.cuj.spi;

import com.techmart.cuj.BaggageTrustPolicy;
import com.techmart.cuj.JourneyBaggagePropagator;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * What every piece that wires journeys into an SDK it builds (the autoconfigure provider and agent
 * extension, cuj-micronaut's SDK customizer) does the same way.
 */
public final class SdkWiring {

  private SdkWiring() {}

  /**
   * The propagator customizer: the {@code baggage} propagator, guarded by {@code policy}; any
   * other propagator unchanged. Autoconfigure hands propagators over one by one, by name, so the
   * baggage one is recognised by type or by the one header it owns.
   */
  public static TextMapPropagator guardBaggage(TextMapPropagator propagator, BaggageTrustPolicy policy) {
    return isBaggage(propagator) ? JourneyBaggagePropagator.wrap(propagator, policy) : propagator;
  }

  /** Whether {@code propagator} is the W3C {@code baggage} propagator (or one owning only that header). */
  public static boolean isBaggage(TextMapPropagator propagator) {
    return propagator instanceof W3CBaggagePropagator
        || (propagator.fields().size() == 1 && propagator.fields().contains("baggage"));
  }
}
