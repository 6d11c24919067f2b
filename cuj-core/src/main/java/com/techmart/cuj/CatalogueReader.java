package com.techmart.cuj;

import java.io.Reader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the catalogue file format (version 1). Strict on purpose: an unknown key is an error, so a
 * typo such as {@code availabilty} fails at load instead of silently dropping an objective.
 */
final class CatalogueReader {

  private static final Set<String> TOP_KEYS = Set.of("version", "open", "journeys");
  private static final Set<String> JOURNEY_KEYS =
      Set.of("name", "description", "critical", "routes", "dashboard", "slo");
  private static final Set<String> SLO_KEYS = Set.of("availability", "window", "latency");
  private static final Set<String> LATENCY_KEYS =
      Set.of("name", "percentile", "threshold", "span", "description");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

  private CatalogueReader() {}

  static JourneyCatalogue read(Reader reader, String source) {
    Object document = parseYaml(reader, source);
    if (!(document instanceof Map)) {
      throw fail(source, "expected a mapping with 'version' and 'journeys' at the top level");
    }
    Map<?, ?> top = (Map<?, ?>) document;
    checkKeys(source, "top level", top, TOP_KEYS);
    Object version = top.get("version");
    if (version != null && !Integer.valueOf(1).equals(version)) {
      throw fail(source, "unsupported catalogue version '" + version + "'; this library reads version 1");
    }
    Object journeys = top.get("journeys");
    if (!(journeys instanceof List)) {
      throw fail(source, "'journeys' must be a list of journeys");
    }
    JourneyCatalogue.Builder builder = JourneyCatalogue.builder();
    builder.open(bool(source, "top level", "open", top.get("open"), false));
    int index = 0;
    for (Object entry : (List<?>) journeys) {
      JourneyDefinition journey = journey(source, index++, entry);
      try {
        builder.add(journey);
      } catch (IllegalArgumentException e) {
        throw fail(source, e.getMessage());
      }
    }
    return builder.build();
  }

  private static Object parseYaml(Reader reader, String source) {
    try {
      Class.forName("org.yaml.snakeyaml.Yaml", false, CatalogueReader.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "loading a journey catalogue file needs org.yaml:snakeyaml on the class path (" + source
              + "); add it, or build the catalogue in code with JourneyCatalogue.builder()");
    }
    // In a class of its own: CatalogueReader must load (and report the missing library) without it.
    return SnakeYaml.load(reader, source);
  }

  private static JourneyDefinition journey(String source, int index, Object entry) {
    String where = "journey #" + (index + 1);
    if (!(entry instanceof Map)) {
      throw fail(source, where + ": expected a mapping with at least 'name'");
    }
    Map<?, ?> map = (Map<?, ?>) entry;
    Object rawName = map.get("name");
    if (!(rawName instanceof String)) {
      throw fail(source, where + ": 'name' is missing or not a string");
    }
    String name = (String) rawName;
    String problem = JourneyName.problem(name);
    if (problem != null) {
      throw fail(source, where + ": " + problem);
    }
    where = "journey '" + name + "'";
    checkKeys(source, where, map, JOURNEY_KEYS);
    try {
      JourneyDefinition.Builder b = JourneyDefinition.builder(name)
          .critical(bool(source, where, "critical", map.get("critical"), true))
          .description(string(source, where, "description", map.get("description")));
      Object routes = map.get("routes");
      if (routes != null) {
        if (!(routes instanceof List)) {
          throw fail(source, where + ": 'routes' must be a list like [\"POST /api/orders\"]");
        }
        for (Object route : (List<?>) routes) {
          b.route(String.valueOf(route));
        }
      }
      Object dashboard = map.get("dashboard");
      if (dashboard != null) {
        if ("deep-dive".equals(dashboard)) {
          b.deepDive(true);
        } else if (!"overview".equals(dashboard)) {
          throw fail(source, where + ": 'dashboard' must be 'overview' or 'deep-dive', was '" + dashboard + "'");
        }
      }
      if (map.get("slo") != null) {
        b.slo(slo(source, where, name, map.get("slo")));
      }
      return b.build();
    } catch (InvalidCatalogueException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw fail(source, where + ": " + e.getMessage());
    }
  }

  private static ServiceLevelObjective slo(String source, String where, String journey, Object raw) {
    if (!(raw instanceof Map)) {
      throw fail(source, where + ": 'slo' must be a mapping with 'availability'");
    }
    Map<?, ?> map = (Map<?, ?>) raw;
    checkKeys(source, where + ": slo", map, SLO_KEYS);
    Object availability = map.get("availability");
    if (!(availability instanceof Number)) {
      throw fail(source, where + ": slo.availability must be a number (a percentage such as 99.9)");
    }
    double percent = ((Number) availability).doubleValue();
    if (!(percent > 0 && percent < 100)) {
      throw fail(source, where + ": slo.availability must be a percentage between 0 and 100 (exclusive), e.g. 99.9; was " + availability);
    }
    Duration window = map.get("window") == null
        ? ServiceLevelObjective.DEFAULT_WINDOW
        : duration(source, where, "slo.window", map.get("window"));
    List<LatencyObjective> latency = new ArrayList<>();
    Object rawLatency = map.get("latency");
    if (rawLatency != null) {
      if (!(rawLatency instanceof List)) {
        throw fail(source, where + ": slo.latency must be a list of {percentile, threshold}");
      }
      int i = 0;
      for (Object item : (List<?>) rawLatency) {
        latency.add(latency(source, where, journey, i++, item));
      }
    }
    try {
      return new ServiceLevelObjective(percent, window, latency);
    } catch (IllegalArgumentException e) {
      throw fail(source, where + ": slo: " + e.getMessage());
    }
  }

  private static LatencyObjective latency(String source, String where, String journey, int index, Object raw) {
    String at = where + ": slo.latency[" + index + "]";
    if (!(raw instanceof Map)) {
      throw fail(source, at + " must be a mapping with 'percentile' and 'threshold'");
    }
    Map<?, ?> map = (Map<?, ?>) raw;
    checkKeys(source, at, map, LATENCY_KEYS);
    Object percentile = map.get("percentile");
    if (!(percentile instanceof Number)) {
      throw fail(source, at + ".percentile must be a number such as 95 or 99");
    }
    if (map.get("threshold") == null) {
      throw fail(source, at + ".threshold is missing (e.g. 500ms)");
    }
    Duration threshold = duration(source, where, "slo.latency[" + index + "].threshold", map.get("threshold"));
    String name = map.get("name") == null ? (index == 0 ? "latency" : null) : String.valueOf(map.get("name"));
    if (name == null) {
      throw fail(source, at + ".name is required when a journey has more than one latency objective");
    }
    String span = map.get("span") == null ? "cuj." + journey : String.valueOf(map.get("span"));
    try {
      return new LatencyObjective(name, ((Number) percentile).doubleValue(), threshold, span,
          string(source, at, "description", map.get("description")));
    } catch (IllegalArgumentException e) {
      throw fail(source, at + ": " + e.getMessage());
    }
  }

  /** Parses {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 30d}, {@code 2w}. */
  static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + JourneyName.printable(text) + "' is not a duration like 500ms, 10s, 5m, 1h, 30d or 2w");
    }
    long n = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "ms": return Duration.ofMillis(n);
      case "s": return Duration.ofSeconds(n);
      case "m": return Duration.ofMinutes(n);
      case "h": return Duration.ofHours(n);
      case "d": return Duration.ofDays(n);
      default: return Duration.ofDays(7 * n);
    }
  }

  private static Duration duration(String source, String where, String key, Object raw) {
    try {
      return parseDuration(String.valueOf(raw));
    } catch (IllegalArgumentException e) {
      throw fail(source, where + ": " + key + " " + e.getMessage());
    }
  }

  private static boolean bool(String source, String where, String key, Object raw, boolean dflt) {
    if (raw == null) {
      return dflt;
    }
    if (raw instanceof Boolean) {
      return (Boolean) raw;
    }
    throw fail(source, where + ": '" + key + "' must be true or false, was '" + raw + "'");
  }

  private static String string(String source, String where, String key, Object raw) {
    if (raw == null) {
      return "";
    }
    if (raw instanceof String) {
      return (String) raw;
    }
    throw fail(source, where + ": '" + key + "' must be text");
  }

  private static void checkKeys(String source, String where, Map<?, ?> map, Set<String> allowed) {
    for (Object key : map.keySet()) {
      if (!allowed.contains(String.valueOf(key))) {
        throw fail(source, where + ": unknown key '" + JourneyName.printable(String.valueOf(key))
            + "' (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
      }
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static InvalidCatalogueException fail(String source, String message) {
    return new InvalidCatalogueException(source, message, null);
  }

  /** The only code that touches SnakeYAML, loaded only once the library is known to be there. */
  private static final class SnakeYaml {
    static Object load(Reader reader, String source) {
      try {
        org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        return new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(options))
            .load(reader);
      } catch (org.yaml.snakeyaml.error.YAMLException e) {
        throw new InvalidCatalogueException(source, "not valid YAML: " + firstLine(e.getMessage()), e);
      }
    }
  }
}
