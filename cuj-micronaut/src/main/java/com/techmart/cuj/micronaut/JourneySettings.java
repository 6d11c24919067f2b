package com.techmart.cuj.micronaut;

import com.techmart.cuj.BaggageTrustPolicy;
import com.techmart.cuj.CorrelationId;
import com.techmart.cuj.CujConfigurationException;
import com.techmart.cuj.spi.CujSetup;
import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.JourneyDefinition;
import com.techmart.cuj.spi.JourneyRoutes;
import com.techmart.cuj.TrustMode;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.type.Argument;
import io.micronaut.core.value.PropertyResolver;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validated {@code cuj.*} configuration of one application context: its catalogue (file plus
 * inline journeys), trust mode, routes and correlation header. Built once at start-up. A bad value
 * is logged as one ERROR line beginning with the key, e.g.
 * {@code cuj.trust: trust mode 'maybe' is not one of: known, open, none}, and leaves the service
 * serving with journeys off; with {@code cuj.fail-fast=true} it fails the start instead.
 */
public final class JourneySettings {

  static final String JOURNEYS = CujConfiguration.PREFIX + ".journeys";
  static final String ROUTES = CujConfiguration.PREFIX + ".routes";
  static final String CATALOGUE = CujSetup.CATALOGUE;
  static final String TRUST = CujSetup.TRUST;
  static final String FAIL_FAST = CujSetup.FAIL_FAST;
  static final String CORRELATION_HEADER = CujConfiguration.PREFIX + ".correlation-header";
  static final String BAGGAGE_ALLOW = CujConfiguration.PREFIX + ".baggage.allow";

  private static final Logger LOG = LoggerFactory.getLogger(JourneySettings.class);
  private static final Set<String> INLINE_KEYS = Set.of("name", "critical", "description", "routes");
  private static final Pattern HEADER_TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

  private final boolean enabled;
  private final CujSetup setup;
  private final JourneyCatalogue catalogue;
  private final JourneyRoutes routes;
  private final String correlationHeader;
  private final boolean staticRunner;
  private final List<String> baggageAllow;
  private CujConfigurationException failure;

  private JourneySettings(boolean enabled, CujSetup setup, JourneyCatalogue catalogue,
      JourneyRoutes routes, String correlationHeader, boolean staticRunner, List<String> baggageAllow) {
    this.enabled = enabled;
    this.setup = setup;
    this.catalogue = catalogue;
    this.routes = routes;
    this.correlationHeader = correlationHeader;
    this.staticRunner = staticRunner;
    this.baggageAllow = baggageAllow;
  }

  /**
   * Reads and validates the settings through cuj-core's one loader ({@link CujSetup}): a problem is
   * logged as one ERROR line and leaves journeys off with the baggage guard at {@code trust none}.
   *
   * @throws ConfigurationException naming the offending key, only with {@code cuj.fail-fast=true}
   */
  static JourneySettings from(CujConfiguration config, PropertyResolver properties) {
    List<?> inline = properties.getProperty(JOURNEYS, Argument.listOf(Object.class)).orElse(List.of());
    String location = config.getCatalogue();
    if ((location == null || location.isBlank()) && !inline.isEmpty() && !defaultCatalogueExists()) {
      // Inline journeys alone are a complete setup; the default file is then not required.
      location = CujSetup.NO_CATALOGUE;
    }
    String catalogueSetting = location;
    Function<String, String> settings = key -> switch (key) {
      case CujSetup.CATALOGUE -> catalogueSetting;
      case CujSetup.TRUST -> config.getTrust();
      // A YAML list or a comma-separated value: read (and checked) below, once.
      case CujSetup.BAGGAGE_ALLOW -> null;
      default -> properties.getProperty(key, String.class).orElse(null);
    };
    CujSetup setup;
    try {
      setup = CujSetup.load(settings, LOG::error);
      String header = config.getCorrelationHeader();
      if (header == null || !HEADER_TOKEN.matcher(header).matches()) {
        setup = setup.withProblem(CORRELATION_HEADER, CujSetup.SETTING_INVALID,
            "must be an HTTP header name of 1 to 64 token characters, such as X-Correlation-ID");
      }
      List<String> allow = List.of();
      try {
        allow = baggageAllow(properties);
      } catch (IllegalArgumentException e) {
        setup = setup.withProblem(BAGGAGE_ALLOW, CujSetup.SETTING_INVALID, e.getMessage());
      }
      JourneyCatalogue catalogue = setup.catalogue();
      JourneyRoutes routes = JourneyRoutes.builder().build();
      try {
        catalogue = catalogue(setup.catalogue(), inline);
        routes = routes(catalogue, properties);
      } catch (ConfigurationException e) {
        setup = setup.withProblem(e.getMessage().substring(0, e.getMessage().indexOf(':')),
            CujSetup.SETTING_INVALID, e.getMessage().substring(e.getMessage().indexOf(':') + 1).trim());
      }
      if (!setup.journeysOn()) {
        catalogue = setup.catalogue();
        routes = JourneyRoutes.builder().build();
      } else if (config.isEnabled()) {
        LOG.info(setup.summary() + (inline.isEmpty() ? "" : ", plus " + inline.size() + " inline"));
      }
      return new JourneySettings(config.isEnabled(), setup, catalogue, routes,
          setup.journeysOn() ? header : CorrelationId.HEADER, config.isStaticRunner(),
          setup.journeysOn() ? allow : List.of());
    } catch (CujConfigurationException e) {
      // Not thrown here: inside bean creation Micronaut's first line would name whichever bean
      // needed the settings first (a DataSource, say). FailFast throws it at start-up instead.
      return new JourneySettings(config.isEnabled(), e, properties);
    }
  }

  /** Settings that failed under {@code cuj.fail-fast}: journeys off until {@link FailFast} stops the start. */
  private JourneySettings(boolean enabled, CujConfigurationException failure, PropertyResolver properties) {
    this(enabled, CujSetup.load(key -> CujSetup.CATALOGUE.equals(key) ? CujSetup.NO_CATALOGUE
            : CujSetup.TRUST.equals(key) ? "none" : null, message -> { }),
        JourneyCatalogue.builder().build(), JourneyRoutes.builder().build(), CorrelationId.HEADER, false,
        List.of());
    this.failure = failure;
  }

  /** The problem that must stop the start ({@code cuj.fail-fast=true}), if any. */
  java.util.Optional<CujConfigurationException> failure() {
    return java.util.Optional.ofNullable(failure);
  }

  private static boolean defaultCatalogueExists() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = JourneySettings.class.getClassLoader();
    }
    return loader.getResource(CujSetup.DEFAULT_CATALOGUE.substring("classpath:".length())) != null;
  }

  /** Whether journeys are recorded at all ({@code cuj.enabled}). */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Whether journeys run: {@code cuj.enabled} and no configuration problem. With a problem the
   * filter still guards incoming baggage (trust {@code none}) but starts no journey.
   */
  public boolean journeysOn() {
    return enabled && setup.journeysOn();
  }

  /** What cuj-core's loader made of the settings, problems included. */
  public CujSetup setup() {
    return setup;
  }

  /** The catalogue file's journeys plus the inline {@code cuj.journeys}. */
  public JourneyCatalogue catalogue() {
    return catalogue;
  }

  public TrustMode trustMode() {
    return setup.trustMode();
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

  /**
   * Incoming baggage keys an edge ({@code cuj.trust: none}) forwards downstream
   * ({@code cuj.baggage.allow}); empty unless set, and empty while the settings have a problem.
   */
  public List<String> baggageAllow() {
    return baggageAllow;
  }

  /**
   * {@code cuj.baggage.allow}: a YAML list or a comma-separated value (e.g. the environment
   * variable {@code CUJ_BAGGAGE_ALLOW=tenant,region}), checked by the trust policy's own rules.
   */
  private static List<String> baggageAllow(PropertyResolver properties) {
    List<String> keys = properties.getProperty(BAGGAGE_ALLOW, Argument.listOf(String.class)).orElse(List.of())
        .stream()
        .flatMap(value -> CujSetup.baggageKeys(String.valueOf(value)).stream())
        .distinct()
        .toList();
    BaggageTrustPolicy.builder(JourneyCatalogue.builder().build()).allowKeys(keys);
    return keys;
  }

  private static JourneyCatalogue catalogue(JourneyCatalogue file, List<?> inline) {
    JourneyCatalogue.Builder builder = JourneyCatalogue.builder();
    builder.addAll(file).open(file.isOpen());
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
    return "JourneySettings{enabled=" + enabled + ", " + setup + ", " + catalogue
        + ", routes=" + routes.asMap().size() + "}";
  }
}
