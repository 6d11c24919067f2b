package com.techmart.cuj;

import com.techmart.cuj.internal.JourneyName;
import java.io.Reader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the catalogue file format, versions 1 and 2. Strict on purpose: in a version this library
 * knows, an unknown key is an error, so a typo such as {@code availabilty} fails at load instead of
 * silently dropping an objective. A file of a newer version is read with a warning per key this
 * library does not know, so one shared catalogue can be rolled out before every service upgrades.
 */
final class CatalogueReader {

  /** The newest format version this library reads. */
  static final int LATEST_VERSION = 2;

  private static final Logger LOG = Logger.getLogger(JourneyCatalogue.class.getName());

  private static final Set<String> TOP_KEYS = Set.of("version", "open", "journeys");
  private static final Set<String> JOURNEY_KEYS_V1 =
      Set.of("name", "description", "critical", "routes", "dashboard", "slo");
  private static final Set<String> JOURNEY_KEYS_V2 =
      Set.of("name", "description", "critical", "routes", "dashboard", "slo", "runbook", "expected");
  private static final Set<String> SLO_KEYS_V1 = Set.of("availability", "window", "latency");
  private static final Set<String> SLO_KEYS_V2 = Set.of("availability", "window", "latency", "browser");
  private static final Set<String> LATENCY_KEYS =
      Set.of("name", "percentile", "threshold", "span", "description");
  private static final Set<String> EXPECTED_KEYS = Set.of("exceptions", "statuses");
  private static final Set<String> BROWSER_KEYS = Set.of("percentile", "threshold");
  private static final Set<String> VERSION_2_KEYS = Set.of("runbook", "expected", "browser");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

  private final String source;
  private final int version;
  private final List<String> warnings = new ArrayList<>();

  private CatalogueReader(String source, int version) {
    this.source = source;
    this.version = version;
  }

  static JourneyCatalogue read(Reader reader, String source) {
    Object document = parseYaml(reader, source);
    if (!(document instanceof Map)) {
      throw fail(source, "expected a mapping with 'version' and 'journeys' at the top level");
    }
    Map<?, ?> top = (Map<?, ?>) document;
    Object rawVersion = top.get("version");
    int version;
    if (rawVersion == null) {
      version = 1;
    } else if (rawVersion instanceof Integer && (Integer) rawVersion >= 1) {
      version = (Integer) rawVersion;
    } else {
      throw fail(source, "'version' must be a whole number such as " + LATEST_VERSION + ", was '"
          + JourneyName.printable(String.valueOf(rawVersion)) + "'");
    }
    return new CatalogueReader(source, version).catalogue(top);
  }

  private JourneyCatalogue catalogue(Map<?, ?> top) {
    checkKeys("top level", top, TOP_KEYS);
    Object journeys = top.get("journeys");
    if (!(journeys instanceof List)) {
      throw fail(source, "'journeys' must be a list of journeys");
    }
    JourneyCatalogue.Builder builder = JourneyCatalogue.builder();
    builder.open(bool("top level", "open", top.get("open"), false));
    int index = 0;
    for (Object entry : (List<?>) journeys) {
      JourneyDefinition journey = journey(index++, entry);
      try {
        builder.add(journey);
      } catch (IllegalArgumentException e) {
        throw fail(source, e.getMessage());
      }
    }
    builder.version(version).warnings(warnings);
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

  private JourneyDefinition journey(int index, Object entry) {
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
    checkKeys(where, map, version == 1 ? JOURNEY_KEYS_V1 : JOURNEY_KEYS_V2);
    try {
      JourneyDefinition.Builder b = JourneyDefinition.builder(name)
          .critical(bool(where, "critical", map.get("critical"), true))
          .description(string(where, "description", map.get("description")));
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
        b.slo(slo(where, name, map.get("slo")));
      }
      Object runbook = map.get("runbook");
      if (runbook != null) {
        b.runbook(string(where, "runbook", runbook));
      }
      if (map.get("expected") != null) {
        b.expected(expected(where, map.get("expected")));
      }
      return b.build();
    } catch (InvalidCatalogueException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw fail(source, where + ": " + e.getMessage());
    }
  }

  private ServiceLevelObjective slo(String where, String journey, Object raw) {
    if (!(raw instanceof Map)) {
      throw fail(source, where + ": 'slo' must be a mapping with 'availability'");
    }
    Map<?, ?> map = (Map<?, ?>) raw;
    checkKeys(where + ": slo", map, version == 1 ? SLO_KEYS_V1 : SLO_KEYS_V2);
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
        : duration(where, "slo.window", map.get("window"));
    List<LatencyObjective> latency = new ArrayList<>();
    Object rawLatency = map.get("latency");
    if (rawLatency != null) {
      if (!(rawLatency instanceof List)) {
        throw fail(source, where + ": slo.latency must be a list of {percentile, threshold}");
      }
      int i = 0;
      for (Object item : (List<?>) rawLatency) {
        latency.add(latency(where, journey, i++, item));
      }
    }
    BrowserObjective browser = map.get("browser") == null ? null : browser(where, map.get("browser"));
    try {
      return new ServiceLevelObjective(percent, window, latency, java.util.Optional.ofNullable(browser));
    } catch (IllegalArgumentException e) {
      throw fail(source, where + ": slo: " + e.getMessage());
    }
  }

  private LatencyObjective latency(String where, String journey, int index, Object raw) {
    String at = where + ": slo.latency[" + index + "]";
    if (!(raw instanceof Map)) {
      throw fail(source, at + " must be a mapping with 'percentile' and 'threshold'");
    }
    Map<?, ?> map = (Map<?, ?>) raw;
    checkKeys(at, map, LATENCY_KEYS);
    Object percentile = map.get("percentile");
    if (!(percentile instanceof Number)) {
      throw fail(source, at + ".percentile must be a number such as 95 or 99");
    }
    if (map.get("threshold") == null) {
      throw fail(source, at + ".threshold is missing (e.g. 500ms)");
    }
    Duration threshold = duration(where, "slo.latency[" + index + "].threshold", map.get("threshold"));
    String name = map.get("name") == null ? (index == 0 ? "latency" : null) : String.valueOf(map.get("name"));
    if (name == null) {
      throw fail(source, at + ".name is required when a journey has more than one latency objective");
    }
    String span = map.get("span") == null ? "cuj." + journey : String.valueOf(map.get("span"));
    try {
      return new LatencyObjective(name, ((Number) percentile).doubleValue(), threshold, span,
          string(at, "description", map.get("description")));
    } catch (IllegalArgumentException e) {
      throw fail(source, at + ": " + e.getMessage());
    }
  }

  private ExpectedOutcomes expected(String where, Object raw) {
    String at = where + ": expected";
    if (!(raw instanceof Map)) {
      throw fail(source, at + " must be a mapping with 'exceptions' and/or 'statuses'");
    }
    Map<?, ?> map = (Map<?, ?>) raw;
    checkKeys(at, map, EXPECTED_KEYS);
    List<String> exceptions = new ArrayList<>();
    for (Object item : list(at, "exceptions", map.get("exceptions"), "[com.example.shop.OutOfStockException]")) {
      if (!(item instanceof String)) {
        throw fail(source, at + ".exceptions: '" + JourneyName.printable(String.valueOf(item))
            + "' is not a fully qualified class name such as com.example.shop.OutOfStockException");
      }
      exceptions.add((String) item);
    }
    List<Integer> statuses = new ArrayList<>();
    for (Object item : list(at, "statuses", map.get("statuses"), "[404, 409]")) {
      if (!(item instanceof Integer)) {
        throw fail(source, at + ".statuses: '" + JourneyName.printable(String.valueOf(item))
            + "' is not an HTTP status such as 404");
      }
      statuses.add((Integer) item);
    }
    try {
      return ExpectedOutcomes.of(exceptions, statuses);
    } catch (IllegalArgumentException e) {
      throw fail(source, at + ": " + e.getMessage());
    }
  }

  private List<?> list(String where, String key, Object raw, String example) {
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof List)) {
      throw fail(source, where + "." + key + " must be a list like " + example);
    }
    return (List<?>) raw;
  }

  private BrowserObjective browser(String where, Object raw) {
    String at = where + ": slo.browser";
    if (!(raw instanceof Map)) {
      throw fail(source, at + " must be a mapping with 'percentile' and 'threshold'");
    }
    Map<?, ?> map = (Map<?, ?>) raw;
    checkKeys(at, map, BROWSER_KEYS);
    Object percentile = map.get("percentile");
    if (!(percentile instanceof Number)) {
      throw fail(source, at + ".percentile must be a number such as 95");
    }
    if (map.get("threshold") == null) {
      throw fail(source, at + ".threshold is missing (e.g. 2s)");
    }
    Duration threshold = duration(where, "slo.browser.threshold", map.get("threshold"));
    try {
      return new BrowserObjective(((Number) percentile).doubleValue(), threshold);
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

  private Duration duration(String where, String key, Object raw) {
    try {
      return parseDuration(String.valueOf(raw));
    } catch (IllegalArgumentException e) {
      throw fail(source, where + ": " + key + " " + e.getMessage());
    }
  }

  private boolean bool(String where, String key, Object raw, boolean dflt) {
    if (raw == null) {
      return dflt;
    }
    if (raw instanceof Boolean) {
      return (Boolean) raw;
    }
    throw fail(source, where + ": '" + key + "' must be true or false, was '" + raw + "'");
  }

  private String string(String where, String key, Object raw) {
    if (raw == null) {
      return "";
    }
    if (raw instanceof String) {
      return (String) raw;
    }
    throw fail(source, where + ": '" + key + "' must be text");
  }

  /**
   * Refuses a key this version does not define; in a file of a newer version than this library
   * knows, warns about it instead and ignores it (it is left out of {@code map}'s use, not removed).
   */
  private void checkKeys(String where, Map<?, ?> map, Set<String> allowed) {
    for (Object key : map.keySet()) {
      String name = String.valueOf(key);
      if (allowed.contains(name)) {
        continue;
      }
      String printable = JourneyName.printable(name);
      if (version > LATEST_VERSION) {
        String warning = source + ": " + where + ": ignored key '" + printable + "': catalogue version "
            + version + " is newer than this library reads (" + LATEST_VERSION + "); upgrade cuj to use it";
        warnings.add(warning);
        LOG.log(Level.WARNING, warning);
        continue;
      }
      String hint = version == 1 && VERSION_2_KEYS.contains(name)
          ? "; '" + printable + "' needs 'version: 2' at the top of the file"
          : "";
      throw fail(source, where + ": unknown key '" + printable
          + "' (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")" + hint);
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
