package com.techmart.cuj.internal;

import com.techmart.cuj.BaggageTrustPolicy;
import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.TrustMode;
import com.techmart.cuj.spi.CujSetup;
import java.util.function.Function;

/**
 * The baggage guard's settings ({@code cuj.trust}, {@code cuj.baggage.*}) from a lookup such as
 * system properties then environment or the OpenTelemetry autoconfigure properties. The catalogue
 * and what a bad setting does are {@link CujSetup}'s.
 */
final class CujSettings {

  static final String CATALOGUE = "cuj.catalogue";
  static final String TRUST = "cuj.trust";
  static final String AUTOCONFIGURE_ENABLED = "cuj.autoconfigure.enabled";
  static final String BAGGAGE_ALLOW = CujSetup.BAGGAGE_ALLOW;
  static final String BAGGAGE_MAX_BYTES = "cuj.baggage.max-bytes";
  static final String BAGGAGE_MAX_ENTRIES = "cuj.baggage.max-entries";

  private CujSettings() {}

  /** {@code cuj.trust}, {@link TrustMode#KNOWN} when unset. */
  static TrustMode trustMode(Function<String, String> settings) {
    String value = settings.apply(TRUST);
    if (value == null) {
      return TrustMode.KNOWN;
    }
    try {
      return TrustMode.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(TRUST + " (CUJ_TRUST): " + e.getMessage(), e);
    }
  }

  /**
   * A trust policy builder from {@code cuj.trust}, {@code cuj.baggage.allow},
   * {@code cuj.baggage.max-bytes} and {@code cuj.baggage.max-entries}.
   *
   * @throws IllegalArgumentException naming the setting that is wrong
   */
  static BaggageTrustPolicy.Builder trustPolicy(JourneyCatalogue catalogue, Function<String, String> settings) {
    BaggageTrustPolicy.Builder builder = BaggageTrustPolicy.builder(catalogue).mode(trustMode(settings));
    String allow = settings.apply(BAGGAGE_ALLOW);
    try {
      if (allow != null) {
        builder.allowKeys(CujSetup.baggageKeys(allow));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(BAGGAGE_ALLOW + ": " + e.getMessage(), e);
    }
    String bytes = settings.apply(BAGGAGE_MAX_BYTES);
    String entries = settings.apply(BAGGAGE_MAX_ENTRIES);
    try {
      if (bytes != null) {
        builder.maxBytes(number(BAGGAGE_MAX_BYTES, bytes));
      }
      if (entries != null) {
        builder.maxEntries(number(BAGGAGE_MAX_ENTRIES, entries));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          (bytes != null ? BAGGAGE_MAX_BYTES : BAGGAGE_MAX_ENTRIES) + ": " + e.getMessage(), e);
    }
    return builder;
  }

  private static int number(String setting, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + JourneyName.printable(value) + "' is not a whole number", e);
    }
  }
}
