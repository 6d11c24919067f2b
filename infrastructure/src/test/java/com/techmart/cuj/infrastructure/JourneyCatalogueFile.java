package com.techmart.cuj.infrastructure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The journey catalogue of the reference app, read as plain YAML. (This module does not depend
 * on cuj-core: it builds alone with {@code -pl infrastructure}, and only needs names, the critical
 * flag and the latency targets.)
 */
final class JourneyCatalogueFile {

  static final String PATH = "reference-app/src/main/resources/cuj/journeys.yaml";

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  record Objective(String journey, String span, Duration threshold) {}

  record Journey(String name, boolean critical, List<Objective> objectives) {}

  private JourneyCatalogueFile() {}

  static List<Journey> journeys() {
    Path file = Infrastructure.repositoryRoot().resolve(PATH);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("journey catalogue not found at " + file);
    }
    return Yamls.list(Yamls.load(file), "journeys").stream()
        .map(Yamls::asMap)
        .map(JourneyCatalogueFile::journey)
        .toList();
  }

  private static Journey journey(Map<String, Object> entry) {
    String name = Yamls.string(entry, "name");
    boolean critical = Boolean.TRUE.equals(entry.get("critical"));
    List<Objective> objectives = Yamls.list(entry, "slo", "latency").stream()
        .map(Yamls::asMap)
        .map(o -> new Objective(
            name,
            o.containsKey("span") ? Yamls.string(o, "span") : "cuj." + name,
            duration(Yamls.string(o, "threshold"))))
        .toList();
    return new Journey(name, critical, objectives);
  }

  /** Parses a Go/collector style duration such as 500ms, 10s, 2500ms, 1m. */
  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration: '" + text + "'");
    }
    double amount = Double.parseDouble(m.group(1));
    double millis = switch (m.group(2)) {
      case "ms" -> amount;
      case "s" -> amount * 1_000;
      case "m" -> amount * 60_000;
      default -> amount * 3_600_000;
    };
    return Duration.ofNanos(Math.round(millis * 1_000_000));
  }
}
