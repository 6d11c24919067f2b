package com.techmart.cuj.spi;

import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.JourneyDefinition;
import com.techmart.cuj.internal.JourneyName;
import com.techmart.cuj.internal.RouteTemplate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps requests to journeys by route, for services that declare journeys in configuration instead
 * of code. When several templates match, the most specific wins (more literal segments, then an
 * explicit method over {@code *}).
 *
 * <pre>{@code
 * JourneyRoutes routes = JourneyRoutes.builder()
 *     .route("POST /api/orders", "checkout")
 *     .route("GET /api/orders/{id}", "order-lookup")
 *     .build();
 * routes.match("GET", "/api/orders/7");   // Optional["order-lookup"]
 * }</pre>
 */
public final class JourneyRoutes {

  private static final JourneyRoutes NONE = new JourneyRoutes(List.of());

  private final List<Map.Entry<RouteTemplate, String>> routes;

  private JourneyRoutes(List<Map.Entry<RouteTemplate, String>> routes) {
    this.routes = routes;
  }

  public static JourneyRoutes none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The routes declared by the journeys of a catalogue ({@code routes:} of each journey). */
  public static JourneyRoutes fromCatalogue(JourneyCatalogue catalogue) {
    Builder b = builder();
    for (JourneyDefinition journey : catalogue.journeys()) {
      for (String route : journey.routes()) {
        b.route(route, journey.name());
      }
    }
    return b.build();
  }

  /** The journey name for this request, if a route matches. Never throws. */
  public Optional<String> match(String method, String path) {
    for (Map.Entry<RouteTemplate, String> e : routes) {
      if (e.getKey().matches(method, path)) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  /**
   * The most specific route matching the request, or {@code null}: its path template is what a
   * server span's name and {@code http.route} use. Never throws.
   */
  public Route find(String method, String path) {
    for (Map.Entry<RouteTemplate, String> e : routes) {
      if (e.getKey().matches(method, path)) {
        return new Route(e.getKey().path(), e.getValue());
      }
    }
    return null;
  }

  /** A matched route: its path template ({@code /api/orders/{id}}) and the journey it starts. */
  public record Route(String pathTemplate, String journey) {}

  public boolean isEmpty() {
    return routes.isEmpty();
  }

  /** The templates and their journey names, most specific first. */
  public Map<RouteTemplate, String> asMap() {
    Map<RouteTemplate, String> m = new LinkedHashMap<>();
    routes.forEach(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }

  private static final String ARROW = "->";
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(JourneyRoutes.class.getName());

  /** Collects routes; {@link #route} validates both the template and the journey name. */
  public static final class Builder {
    private final Map<RouteTemplate, String> routes = new LinkedHashMap<>();

    private Builder() {}

    /**
     * @throws IllegalArgumentException if the route is malformed, the name invalid, or the same
     *     route is mapped to two different journeys
     */
    public Builder route(String route, String journey) {
      RouteTemplate template = RouteTemplate.parse(route);
      JourneyName.validate(journey);
      String previous = routes.putIfAbsent(template, journey);
      if (previous != null && !previous.equals(journey)) {
        throw new IllegalArgumentException(
            "route '" + template + "' is mapped to two journeys: '" + previous + "' and '" + journey + "'");
      }
      return this;
    }

    /**
     * Adds routes written as text, the one syntax every adapter reads:
     * {@code METHOD /path -> journey}, several separated by {@code ,}, {@code ;} or new lines.
     * The servlet filter's former {@code METHOD /path = journey} is still read, with a warning.
     *
     * @throws IllegalArgumentException naming the entry that is not a route
     */
    public Builder parse(String text) {
      for (String item : text.split("[,;\n]")) {
        if (!item.isBlank()) {
          parseOne(item.trim());
        }
      }
      return this;
    }

    private void parseOne(String item) {
      int arrow = item.lastIndexOf(ARROW);
      if (arrow >= 0) {
        route(item.substring(0, arrow).trim(), item.substring(arrow + ARROW.length()).trim());
        return;
      }
      int eq = item.lastIndexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            "'" + item + "': expected 'METHOD /path -> journey', e.g. 'POST /api/orders -> checkout'");
      }
      LOG.warning("route '" + item + "' uses the old 'METHOD /path = journey' form; write 'METHOD /path -> journey'");
      route(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
    }

    public JourneyRoutes build() {
      List<Map.Entry<RouteTemplate, String>> sorted = new ArrayList<>(routes.entrySet());
      sorted.sort(Comparator.comparingInt(
          (Map.Entry<RouteTemplate, String> e) -> e.getKey().specificity()).reversed());
      return new JourneyRoutes(List.copyOf(sorted));
    }
  }
}
