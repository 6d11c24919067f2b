package com.techmart.cuj.infrastructure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the labels that Grafana dashboards ({@code dashboards/*.json}) and Prometheus rule files
 * ({@code rules/*.yaml}) filter or group by, and reports those the spanmetrics connector does not
 * produce. A dashboard grouping by a label the connector never sets shows one merged series, or
 * nothing at all, without any error: this check is the only place such a mistake surfaces.
 */
final class GrafanaLabelCheck {

  /**
   * Labels that are not connector dimensions yet legitimately appear in queries: the connector's
   * own built-in labels, histogram and scrape labels, and the labels of the business metrics
   * that the reference app exports itself.
   */
  static final Set<String> EXEMPT = Set.of(
      "service_name", "span_name", "span_kind", "status_code", // connector built-ins
      "le", "job", "instance", "__name__",                       // histogram, scrape, metric name
      "stage", "payment_method");                                // techmart_funnel_total, techmart_orders_total

  record Usage(Path file, String label, String expression) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private GrafanaLabelCheck() {}

  /** True when the folder holds at least one dashboard or rule file. */
  static boolean hasContent(Path grafanaDir) {
    return !files(grafanaDir.resolve("dashboards"), ".json").isEmpty()
        || !files(grafanaDir.resolve("rules"), ".yaml").isEmpty();
  }

  /** Every label use in the folder's dashboards and rule files. */
  static List<Usage> usages(Path grafanaDir) {
    List<Usage> usages = new ArrayList<>();
    for (Path dashboard : files(grafanaDir.resolve("dashboards"), ".json")) {
      for (String expression : dashboardExpressions(dashboard)) {
        PromQlLabels.labelNames(expression).forEach(l -> usages.add(new Usage(dashboard, l, expression)));
      }
    }
    for (Path rules : files(grafanaDir.resolve("rules"), ".yaml")) {
      for (Map<String, Object> rule : rules(rules)) {
        String expression = Yamls.string(rule, "expr");
        if (expression != null) {
          PromQlLabels.labelNames(expression).forEach(l -> usages.add(new Usage(rules, l, expression)));
        }
      }
    }
    return usages;
  }

  /** Labels the rule files attach themselves (rules[].labels): queries may use those freely. */
  static Set<String> labelsAddedByRules(Path grafanaDir) {
    Set<String> labels = new LinkedHashSet<>();
    for (Path rules : files(grafanaDir.resolve("rules"), ".yaml")) {
      for (Map<String, Object> rule : rules(rules)) {
        labels.addAll(Yamls.map(rule, "labels").keySet());
      }
    }
    return labels;
  }

  /** Uses of labels that are neither connector labels, exempt, nor added by the rule files. */
  static List<Usage> violations(Path grafanaDir, Set<String> connectorLabels) {
    Set<String> allowed = new LinkedHashSet<>(connectorLabels);
    allowed.addAll(EXEMPT);
    allowed.addAll(labelsAddedByRules(grafanaDir));
    return usages(grafanaDir).stream().filter(u -> !allowed.contains(u.label())).toList();
  }

  /** The Prometheus label a span attribute becomes (cuj.name -> cuj_name). */
  static String prometheusLabel(String attribute) {
    return attribute.replaceAll("[^a-zA-Z0-9_]", "_");
  }

  private static List<Map<String, Object>> rules(Path file) {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Object document : Yamls.loadAll(file)) {
      for (Object group : Yamls.list(document, "groups")) {
        Yamls.list(group, "rules").forEach(r -> rules.add(Yamls.asMap(r)));
      }
    }
    return rules;
  }

  private static List<String> dashboardExpressions(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse dashboard " + file, e);
    }
    List<String> expressions = new ArrayList<>();
    collect(root, expressions);
    for (JsonNode variable : root.path("templating").path("list")) {
      if (isPrometheus(variable) && "query".equals(variable.path("type").asText("query"))) {
        JsonNode query = variable.path("query");
        String text = query.isObject() ? query.path("query").asText("") : query.asText("");
        if (!text.isBlank()) {
          expressions.add(text);
        }
      }
    }
    return expressions;
  }

  /** Collects every "expr" of a Prometheus query target, anywhere in the dashboard. */
  private static void collect(JsonNode node, List<String> expressions) {
    if (node.isObject()) {
      if (node.has("expr") && node.get("expr").isTextual() && isPrometheus(node)) {
        expressions.add(node.get("expr").asText());
      }
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        collect(it.next(), expressions);
      }
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, expressions));
    }
  }

  /** A node without a declared data source type inherits the panel's: Prometheus, here. */
  private static boolean isPrometheus(JsonNode node) {
    JsonNode type = node.path("datasource").path("type");
    return type.isMissingNode() || type.isNull() || "prometheus".equals(type.asText());
  }

  private static List<Path> files(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
