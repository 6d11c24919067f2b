package com.techmart.cuj.grafana;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.JourneyDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns a journey catalogue into Grafana dashboards ({@code dashboards/}) and Prometheus rule
 * files ({@code rules/}).
 *
 * <pre>{@code
 * JourneyCatalogue catalogue = JourneyCatalogue.load(Path.of("journeys.yaml"));
 * List<Generator.GeneratedFile> files = new Generator(Generator.Options.defaults())
 *     .generate(catalogue, "journeys.yaml");
 * Generator.write(files, Path.of("grafana"));
 * }</pre>
 */
public final class Generator {

  /** A file to write, {@code path} relative to the output directory, e.g. {@code rules/checkout.rules.yaml}. */
  public record GeneratedFile(String path, String content) {}

  /**
   * What the generator needs besides the catalogue.
   *
   * @param namespace the spanmetrics connector's {@code namespace} (metric name prefix)
   * @param bucketsMillis the connector's histogram bucket bounds in milliseconds
   * @param funnelStages stages of {@code <namespace>_funnel_total{stage}} in funnel order; empty
   *     for no funnel panels
   * @param selector PromQL label matchers added to every query, e.g. {@code
   *     deployment_environment="production"}; empty for none
   * @param runbookBase URL prefix of the journeys' runbooks (the journey name is appended); empty
   *     for none
   */
  public record Options(String namespace, List<BigDecimal> bucketsMillis, List<String> funnelStages,
      String selector, String runbookBase) {

    private static final Pattern NAMESPACE = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public Options {
      Objects.requireNonNull(namespace, "namespace");
      if (!NAMESPACE.matcher(namespace).matches()) {
        throw new IllegalArgumentException("namespace '" + namespace
            + "' is not a valid metric name prefix (letters, digits and _; not starting with a digit)");
      }
      bucketsMillis = List.copyOf(bucketsMillis);
      if (bucketsMillis.isEmpty()) {
        throw new IllegalArgumentException("at least one histogram bucket bound is needed");
      }
      funnelStages = List.copyOf(funnelStages);
      if (funnelStages.size() == 1) {
        throw new IllegalArgumentException("a funnel needs at least two stages, got " + funnelStages);
      }
      selector = selector == null ? "" : selector.trim();
      Selector.parse(selector);
      runbookBase = runbookBase == null ? "" : runbookBase.trim();
      if (!runbookBase.isEmpty() && !runbookBase.matches("https?://[^\\s\"]+")) {
        throw new IllegalArgumentException("--runbook-base '" + runbookBase
            + "' is not an http(s) URL; the journey name is appended to it, e.g. https://runbooks.example.com/shop");
      }
    }

    public Options(String namespace, List<BigDecimal> bucketsMillis, List<String> funnelStages) {
      this(namespace, bucketsMillis, funnelStages, "", "");
    }

    /** The reference deployment: namespace {@code techmart}, its buckets, no funnel. */
    public static Options defaults() {
      return new Options("techmart", HistogramBuckets.REFERENCE, List.of());
    }

    public Options withFunnel(List<String> stages) {
      return new Options(namespace, bucketsMillis, stages, selector, runbookBase);
    }

    public Options withNamespace(String value) {
      return new Options(value, bucketsMillis, funnelStages, selector, runbookBase);
    }

    public Options withBuckets(List<BigDecimal> value) {
      return new Options(namespace, value, funnelStages, selector, runbookBase);
    }

    /** @throws IllegalArgumentException if the text is not comma-separated label matchers */
    public Options withSelector(String value) {
      return new Options(namespace, bucketsMillis, funnelStages, value, runbookBase);
    }

    public Options withRunbookBase(String value) {
      return new Options(namespace, bucketsMillis, funnelStages, selector, value);
    }
  }

  static final String DASHBOARDS = "dashboards";
  static final String RULES = "rules";

  private static final ObjectWriter JSON_WRITER = new ObjectMapper().writer(
      new DefaultPrettyPrinter(Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withArrayEmptySeparator("")
          .withObjectEmptySeparator(""))
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private final Options options;

  public Generator(Options options) {
    this.options = options;
  }

  /**
   * Generates every file for the catalogue.
   *
   * @param sourceName how the generated files name their catalogue (a file name, not a machine path)
   * @throws IllegalArgumentException if a latency threshold is not a histogram bucket bound
   */
  public List<GeneratedFile> generate(JourneyCatalogue catalogue, String sourceName) {
    new HistogramBuckets(options.bucketsMillis()).check(catalogue, sourceName);
    if (catalogue.journeys().isEmpty()) {
      throw new IllegalArgumentException(sourceName + ": the catalogue lists no journeys; nothing to generate");
    }
    Queries queries = new Queries(options.namespace(), Selector.parse(options.selector()));
    Dashboards dashboards = new Dashboards(queries, sourceName, options.funnelStages());
    // Dashboards first: the rules link to the panels they lay out.
    AlertRules rules = new AlertRules(queries, sourceName, dashboards, options.runbookBase());

    List<GeneratedFile> files = new ArrayList<>();
    files.add(new GeneratedFile(DASHBOARDS + "/" + Dashboards.OVERVIEW_FILE, json(dashboards.overview(catalogue))));
    for (JourneyDefinition journey : catalogue.journeys()) {
      if (journey.deepDive()) {
        files.add(new GeneratedFile(DASHBOARDS + "/" + Dashboards.fileName(journey), json(dashboards.deepDive(journey))));
      }
    }
    for (JourneyDefinition journey : catalogue.journeys()) {
      files.add(new GeneratedFile(RULES + "/" + AlertRules.fileName(journey), rules.journeyFile(journey)));
    }
    String jobs = rules.backgroundJobsFile(catalogue);
    if (jobs != null) {
      files.add(new GeneratedFile(RULES + "/" + AlertRules.JOBS_FILE, jobs));
    }
    return files;
  }

  /**
   * Writes the files under {@code outDir} and deletes the files an earlier run generated there that
   * this run no longer produces (a journey removed from the catalogue). Files it did not generate
   * are left alone.
   */
  public static void write(List<GeneratedFile> files, Path outDir) {
    try {
      Set<Path> written = new HashSet<>();
      for (GeneratedFile file : files) {
        Path target = outDir.resolve(file.path()).normalize();
        Files.createDirectories(target.getParent());
        Files.writeString(target, file.content(), StandardCharsets.UTF_8);
        written.add(target);
      }
      for (String dir : List.of(DASHBOARDS, RULES)) {
        Path folder = outDir.resolve(dir);
        if (!Files.isDirectory(folder)) {
          continue;
        }
        try (Stream<Path> existing = Files.list(folder)) {
          for (Path stale : existing.map(Path::normalize).filter(p -> !written.contains(p)).toList()) {
            if (isGenerated(stale)) {
              Files.delete(stale);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + outDir + ": " + e.getMessage(), e);
    }
  }

  /** Whether a file carries this generator's mark (so it may be replaced or removed). */
  static boolean isGenerated(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    String name = file.getFileName().toString();
    if (!name.endsWith(".json") && !name.endsWith(".yaml")) {
      return false;
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return text.startsWith("# " + Dashboards.GENERATED_MARK)
        || (name.endsWith(".json") && text.contains(Dashboards.GENERATED_MARK));
  }

  private static String json(JsonNode node) {
    try {
      return JSON_WRITER.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }
}
