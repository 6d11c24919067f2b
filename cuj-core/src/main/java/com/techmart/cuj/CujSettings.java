package com.techmart.cuj;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * The two settings the framework-neutral entry points read: {@code cuj.catalogue} and
 * {@code cuj.trust}, from a lookup such as system properties then environment
 * ({@code CUJ_CATALOGUE}, {@code CUJ_TRUST}) or the OpenTelemetry autoconfigure properties.
 */
final class CujSettings {

  static final String CATALOGUE = "cuj.catalogue";
  static final String TRUST = "cuj.trust";
  static final String AUTOCONFIGURE_ENABLED = "cuj.autoconfigure.enabled";
  static final String BAGGAGE_ALLOW = "cuj.baggage.allow";
  static final String BAGGAGE_MAX_BYTES = "cuj.baggage.max-bytes";
  static final String BAGGAGE_MAX_ENTRIES = "cuj.baggage.max-entries";

  private CujSettings() {}

  /** System property first, then the environment variable of the same name in upper snake case. */
  static Function<String, String> fromSystem() {
    return key -> {
      String value = System.getProperty(key);
      if (value == null || value.isBlank()) {
        value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
      }
      return value == null || value.isBlank() ? null : value.trim();
    };
  }

  /**
   * The catalogue named by {@code cuj.catalogue}: a file path or {@code classpath:resource}; an
   * empty closed catalogue when unset.
   *
   * @throws InvalidCatalogueException if it is set but cannot be loaded
   */
  static JourneyCatalogue catalogue(Function<String, String> settings) {
    String location = settings.apply(CATALOGUE);
    if (location == null) {
      return JourneyCatalogue.builder().build();
    }
    return loadCatalogue(location);
  }

  /** Loads {@code classpath:resource} or a file path, with the setting's name in any error. */
  static JourneyCatalogue loadCatalogue(String location) {
    if (location.startsWith("classpath:")) {
      return JourneyCatalogue.loadResource(location.substring("classpath:".length()));
    }
    Path path = Path.of(location);
    if (!Files.isRegularFile(path)) {
      throw new InvalidCatalogueException(location,
          "no such file (set by " + CATALOGUE + " / CUJ_CATALOGUE)", null);
    }
    return JourneyCatalogue.load(path);
  }

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
        builder.allowKeys(java.util.Arrays.stream(allow.split(",")).map(String::trim)
            .filter(k -> !k.isEmpty()).toList());
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
