package com.techmart.cuj.micronaut;

import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.JourneyDefinition;
import com.techmart.cuj.JourneyRoutes;
import com.techmart.cuj.TrustMode;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.type.Argument;
import io.micronaut.core.value.PropertyResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validated {@code cuj.*} configuration of one application context: its catalogue (file plus
 * inline journeys), trust mode, routes and correlation header. Built once at start-up; any bad value
 * fails the start with a {@link ConfigurationException} whose message begins with the key, e.g.
 * {@code cuj.trust: trust mode 'maybe' is not one of: known, open, none}.
 */
public final class JourneySettings {

  static final String JOURNEYS = CujConfiguration.PREFIX + ".journeys";
  static final String ROUTES = CujConfiguration.PREFIX + ".routes";
  static final String CATALOGUE = CujConfiguration.PREFIX + ".catalogue";
  static final String TRUST = CujConfiguration.PREFIX + ".trust";
  static final String CORRELATION_HEADER = CujConfiguration.PREFIX + ".correlation-header";

  private static final Set<String> INLINE_KEYS = Set.of("name", "critical", "description", "routes");
  private static final Pattern HEADER_TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

  private final boolean enabled;
  private final JourneyCatalogue catalogue;
  private final TrustMode trustMode;
  private final JourneyRoutes routes;
  private final String correlationHeader;
  private final boolean staticRunner;

  private JourneySettings(boolean enabled, JourneyCatalogue catalogue, TrustMode trustMode,
      JourneyRoutes routes, String correlationHeader, boolean staticRunner) {
    this.enabled = enabled;
    this.catalogue = catalogue;
    this.trustMode = trustMode;
    this.routes = routes;
    this.correlationHeader = correlationHeader;
    this.staticRunner = staticRunner;
  }

  /**
   * Reads and validates the settings.
   *
   * @throws ConfigurationException naming the offending key
   */
  static JourneySettings from(CujConfiguration config, PropertyResolver properties) {
    TrustMode trust = trustMode(config.getTrust());
    JourneyCatalogue catalogue = catalogue(config.getCatalogue(), properties);
    JourneyRoutes routes = routes(catalogue, properties);
    String header = correlationHeader(config.getCorrelationHeader());
    return new JourneySettings(
        config.isEnabled(), catalogue, trust, routes, header, config.isStaticRunner());
  }

  /** Whether journeys are recorded at all ({@code cuj.enabled}). */
  public boolean enabled() {
    return enabled;
  }

  /** The catalogue file's journeys plus the inline {@code cuj.journeys}. */
  public JourneyCatalogue catalogue() {
    return catalogue;
  }

  public TrustMode trustMode() {
    return trustMode;
  }

  /** Routes of the catalogue's journeys plus {@code cuj.routes}. */
  public JourneyRoutes routes() {
    return routes;
  }

  public String correlationHeader() {
    return correlationHeader;
  }

  boolean staticRunner() {
    return staticRunner;
  }

  private static TrustMode trustMode(String value) {
    try {
      return TrustMode.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(TRUST + ": " + e.getMessage(), e);
    }
  }

  private static String correlationHeader(String value) {
    if (value == null || !HEADER_TOKEN.matcher(value).matches()) {
      throw new ConfigurationException(CORRELATION_HEADER
          + ": must be an HTTP header name of 1 to 64 token characters, such as X-Correlation-ID");
    }
    return value;
  }

  private static JourneyCatalogue catalogue(String location, PropertyResolver properties) {
    JourneyCatalogue.Builder builder = JourneyCatalogue.builder();
    if (location != null && !location.isBlank()) {
      JourneyCatalogue file = load(location.trim());
      builder.addAll(file).open(file.isOpen());
    }
    List<?> inline = properties.getProperty(JOURNEYS, Argument.listOf(Object.class)).orElse(List.of());
    for (int i = 0; i < inline.size(); i++) {
      JourneyDefinition journey = inlineJourney(JOURNEYS + "[" + i + "]", inline.get(i));
      try {
        builder.add(journey);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(JOURNEYS + "[" + i + "].name: " + e.getMessage()
            + " (inline journeys must not repeat a journey of " + CATALOGUE + ")", e);
      }
    }
    return builder.build();
  }

  private static JourneyCatalogue load(String location) {
    try {
      if (location.startsWith("classpath:")) {
        return JourneyCatalogue.loadResource(location.substring("classpath:".length()));
      }
      Path path = Path.of(location);
      if (!Files.isRegularFile(path)) {
        throw new ConfigurationException(CATALOGUE + ": no such file: " + location);
      }
      return JourneyCatalogue.load(path);
    } catch (ConfigurationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ConfigurationException(CATALOGUE + ": " + e.getMessage(), e);
    }
  }

  private static JourneyDefinition inlineJourney(String key, Object entry) {
    if (!(entry instanceof Map<?, ?> map)) {
      throw new ConfigurationException(key + ": expected a journey with at least 'name'");
    }
    for (Object k : map.keySet()) {
      if (!INLINE_KEYS.contains(String.valueOf(k))) {
        throw new ConfigurationException(key + "." + k + ": unknown key; an inline journey has "
            + "name, critical, description and routes (objectives belong in " + CATALOGUE + ")");
      }
    }
    Object name = map.get("name");
    JourneyDefinition.Builder b;
    try {
      b = JourneyDefinition.builder(name == null ? null : String.valueOf(name));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(key + ".name: " + e.getMessage(), e);
    }
    Object critical = map.get("critical");
    if (critical != null) {
      String text = String.valueOf(critical).toLowerCase(Locale.ROOT);
      if (!text.equals("true") && !text.equals("false")) {
        throw new ConfigurationException(key + ".critical: must be true or false");
      }
      b.critical(Boolean.parseBoolean(text));
    }
    Object description = map.get("description");
    if (description != null) {
      b.description(String.valueOf(description));
    }
    Object routes = map.get("routes");
    List<?> list = routes == null ? List.of() : routes instanceof List<?> l ? l : List.of(routes);
    for (int i = 0; i < list.size(); i++) {
      try {
        b.route(String.valueOf(list.get(i)));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(key + ".routes[" + i + "]: " + e.getMessage(), e);
      }
    }
    return b.build();
  }

  private static JourneyRoutes routes(JourneyCatalogue catalogue, PropertyResolver properties) {
    JourneyRoutes.Builder builder = JourneyRoutes.builder();
    for (JourneyDefinition journey : catalogue.journeys()) {
      for (String route : journey.routes()) {
        builder.route(route, journey.name());
      }
    }
    Object raw = properties.getProperty(ROUTES, Object.class).orElse(null);
    if (raw instanceof Map<?, ?> map) {
      // cuj.routes: {"GET /api/orders/{id}": order-lookup}
      for (Map.Entry<?, ?> e : map.entrySet()) {
        addRoute(builder, ROUTES, String.valueOf(e.getKey()), String.valueOf(e.getValue()));
      }
    } else if (raw != null) {
      // cuj.routes: ["GET /api/orders/{id} -> order-lookup"], also CUJ_ROUTES=a -> x,b -> y
      List<?> list = raw instanceof List<?> l ? l : List.of(String.valueOf(raw));
      for (int i = 0; i < list.size(); i++) {
        try {
          builder.parse(String.valueOf(list.get(i)));
        } catch (IllegalArgumentException e) {
          throw new ConfigurationException(ROUTES + "[" + i + "]: " + e.getMessage(), e);
        }
      }
    }
    return builder.build();
  }

  private static void addRoute(JourneyRoutes.Builder builder, String key, String route, String journey) {
    try {
      builder.route(route, journey);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "JourneySettings{enabled=" + enabled + ", trust=" + trustMode + ", " + catalogue
        + ", routes=" + routes.asMap().size() + "}";
  }
}
