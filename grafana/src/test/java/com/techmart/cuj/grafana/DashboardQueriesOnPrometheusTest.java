package com.techmart.cuj.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every query of every committed dashboard against a real Prometheus holding two hours of
 * series shaped like the connector's output ({@link ConnectorSeries}), backfilled with promtool,
 * and checks the SLO panels against figures worked out by hand. The same server loads the
 * committed rule files, proving Prometheus accepts them.
 */
class DashboardQueriesOnPrometheusTest {

  /** What Grafana would put in place of the dashboard variables. */
  static final Map<String, String> VARIABLES = Map.of(
      "$__rate_interval", "5m",
      "$__range", "1d",
      "$__interval", "1m",
      "$window", "1d");

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  static PrometheusServer prometheus;

  @BeforeAll
  static void startPrometheusOnSyntheticData() throws IOException {
    // Without the tools every test below is reported skipped, one by one (see server()).
    if (ExternalTools.find("promtool").isEmpty() || ExternalTools.find("prometheus").isEmpty()) {
      return;
    }
    Path promtool = ExternalTools.require("promtool");
    Path server = ExternalTools.require("prometheus");
    Path input = work.resolve("series.om");
    Files.writeString(input, ConnectorSeries.reference().openMetrics(), StandardCharsets.UTF_8);
    Path tsdb = Files.createDirectories(work.resolve("tsdb"));
    ExternalTools.Result backfill = ExternalTools.run(
        List.of(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", input.toString(), tsdb.toString()), work, 120);
    assertThat(backfill.exitCode()).as("promtool backfill:\n%s", backfill.output()).isZero();

    StringBuilder config = new StringBuilder("global:\n  evaluation_interval: 1m\nrule_files:\n");
    try (Stream<Path> files = Files.list(ModuleFiles.rules())) {
      files.sorted().forEach(f -> config.append("  - ").append(f.toAbsolutePath()).append('\n'));
    }
    Path configFile = work.resolve("prometheus.yml");
    Files.writeString(configFile, config.toString(), StandardCharsets.UTF_8);
    prometheus = PrometheusServer.start(server, configFile, tsdb);
  }

  /** The running server, or the test is skipped with a message saying which tool is missing. */
  private static PrometheusServer server() {
    ExternalTools.require("promtool");
    ExternalTools.require("prometheus");
    return prometheus;
  }

  @AfterAll
  static void stopPrometheus() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyPanelQueryReturnsData() throws IOException {
    server();
    List<DynamicTest> tests = new ArrayList<>();
    for (PanelQuery q : panelQueries()) {
      tests.add(DynamicTest.dynamicTest(q.toString(), () -> {
        JsonNode instant = server().query(q.promql(), ConnectorSeries.END);
        assertThat(instant.get("result")).as("no data at the end of the data for %s:\n%s", q, q.promql()).isNotEmpty();
        if (!q.instant()) {
          JsonNode range = server().queryRange(q.promql(), ConnectorSeries.END - 3600, ConnectorSeries.END, 60);
          assertThat(range.get("result")).as("no data over the last hour for %s:\n%s", q, q.promql()).isNotEmpty();
        }
      }));
    }
    assertThat(tests).as("queries found in the dashboards").hasSizeGreaterThan(40);
    return tests.stream();
  }

  @Test
  void checkoutSloPanelsShowTheFiguresWorkedOutByHand() throws IOException {
    Map<String, Double> panels = instantValues("checkout-slo.json");
    // 10 320 successes and 3 errors; the 98 expected outcomes are neither good nor bad (DESIGN §4)
    assertThat(panels.get("Success rate ($window)/A")).isCloseTo(100 * 10320.0 / 10323, within(1e-9));
    assertThat(panels.get("Success rate ($window)/A")).isCloseTo(99.971, within(0.0005));
    assertThat(panels.get("Error budget remaining (30d)/A")).isCloseTo(100 * (1 - (3.0 / 10323) / 0.001), within(1e-9));
    assertThat(panels.get("Error budget remaining (30d)/A")).isCloseTo(70.94, within(0.005));
    assertThat(panels.get("Journeys, errors and expected outcomes ($window)/A")).isEqualTo(10421.0);
    assertThat(panels.get("Journeys, errors and expected outcomes ($window)/B")).isEqualTo(3.0);
    assertThat(panels.get("Journeys, errors and expected outcomes ($window)/C")).isEqualTo(98.0);
    // the last hour holds one failure (step 180) in 120 steps x 43 = 5160 successes + 1
    assertThat(panels.get("Burn rate (1h)/A")).isCloseTo((1.0 / 5161) / 0.001, within(1e-9));
  }

  @Test
  void checkoutLatencyAndTrafficOverTheLastFiveMinutes() throws IOException {
    Map<String, Double> panels = instantValues("checkout-slo.json");
    // per 30 s: 43 journeys; cumulative by bound 50:5 100:17 250:34 300:38 400:41 500:42 1000:43
    assertThat(panels.get("Latency p50 / p95 / p99/A")).isCloseTo(100 + 150 * (21.5 - 17) / 17, within(1e-6));
    assertThat(panels.get("Latency p50 / p95 / p99/B")).isCloseTo(300 + 100 * (40.85 - 38) / 3, within(1e-6));
    assertThat(panels.get("Latency p50 / p95 / p99/C")).isCloseTo(500 + 500 * (42.57 - 42), within(1e-6));
    assertThat(panels.get("Slower than 500 ms: cuj.checkout (latency, allowed 5%)/A")).isCloseTo(1.0 / 43, within(1e-9));
    // order.process per 30 s: 2500:10 5000:35 10000:42 30000:43 -> p95 in (5000, 10000]
    assertThat(panels.get("order.process p95 (processing < 10 s)/A")).isCloseTo(5000 + 5000 * (40.85 - 35) / 7, within(1e-6));
    assertThat(panels.get("Requests per second/A")).isCloseTo(43.0 / 30, within(1e-9));
    assertThat(panels.get("Error rate vs target/A")).as("no failure in the last 5 minutes: 0, not 'no data'").isZero();
  }

  @Test
  void overviewShowsEachJourneyAgainstItsOwnTarget() throws IOException {
    Map<String, List<Double>> panels = instantValuesByTitle("slo-overview.json");
    // rows in catalogue order: checkout, product-discovery, order-lookup
    assertCloseTo(panels.get("Success rate/A"), 100 * 10320.0 / 10323, 100 * 48000.0 / 48012, 100.0);
    assertCloseTo(panels.get("Error budget left (30d)/A"),
        100 * (1 - (3.0 / 10323) / 0.001), 100 * (1 - (12.0 / 48012) / 0.005), 100.0);
    assertCloseTo(panels.get("Request rate/A"), 43.0 / 30, 200.0 / 30, 20.0 / 30);
    assertCloseTo(panels.get("Error rate vs target/A"), 0.0, 0.0, 0.0);
    // funnel over the range: 240 steps of 200 / 45 / 43 / 42
    assertThat(panels.get("Funnel/A")).containsExactly(48000.0);
    assertThat(panels.get("Funnel/D")).containsExactly(10080.0);
    assertCloseTo(panels.get("Conversion browse -> confirmation_sent/A"), 21.0);
  }

  @Test
  void dependencyViewShowsWhatEachDependencyAddsToEachJourney() throws IOException {
    PanelQuery table = panelQueries().stream()
        .filter(q -> q.file().equals("slo-overview.json") && q.title().equals("Journey -> dependency") && q.refId().equals("C"))
        .findFirst().orElseThrow();
    Map<String, Double> added = new HashMap<>();
    for (JsonNode series : server().query(table.promql(), ConnectorSeries.END).get("result")) {
      JsonNode m = series.get("metric");
      added.put(m.path("cuj_name").asText() + " -> " + m.path("server_address").asText(), series.get("value").get(1).asDouble());
    }
    // checkout: 2 failed payment calls and 1 failed database call in 10 421 journeys
    assertThat(added.get("checkout -> payments")).isCloseTo(100 * 2.0 / 10421, within(1e-9));
    assertThat(added.get("checkout -> postgres")).isCloseTo(100 * 1.0 / 10421, within(1e-9));
    assertThat(added.get("checkout -> inventory")).isZero();
    assertThat(added.get("product-discovery -> postgres")).isZero();
    assertThat(added).containsOnlyKeys("checkout -> payments", "checkout -> postgres", "checkout -> inventory",
        "product-discovery -> postgres", "product-discovery -> inventory", "order-lookup -> postgres");
  }

  @Test
  void prometheusLoadsEveryCommittedRuleGroup() {
    List<String> groups = new ArrayList<>();
    server().rules().get("groups").forEach(g -> groups.add(g.get("name").asText()));
    assertThat(groups).containsExactlyInAnyOrder(
        "cuj-checkout", "cuj-checkout.latency", "cuj-checkout.processing", "cuj-checkout.browser",
        "cuj-product-discovery", "cuj-product-discovery.latency", "cuj-product-discovery.browser",
        "cuj-order-lookup", "cuj-order-lookup.latency", "cuj-order-lookup.browser", "cuj-background-jobs");
  }

  // ---- helpers ----

  private static void assertCloseTo(List<Double> actual, double... expected) {
    assertThat(actual).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual.get(i)).as("value #%d of %s", i + 1, actual).isCloseTo(expected[i], within(1e-9));
    }
  }

  record PanelQuery(String file, String title, String refId, String promql, boolean instant) {
    @Override
    public String toString() {
      return file + " / " + title + " / " + refId;
    }
  }

  static List<PanelQuery> panelQueries() throws IOException {
    List<PanelQuery> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(ModuleFiles.dashboards())) {
      for (Path file : files.sorted().toList()) {
        JsonNode dashboard = JSON.readTree(file.toFile());
        List<JsonNode> panels = new ArrayList<>();
        dashboard.get("panels").forEach(p -> {
          panels.add(p);
          p.path("panels").forEach(panels::add);
        });
        for (JsonNode panel : panels) {
          for (JsonNode target : panel.path("targets")) {
            out.add(new PanelQuery(file.getFileName().toString(), panel.get("title").asText(), target.get("refId").asText(),
                substitute(target.get("expr").asText()), target.path("instant").asBoolean()));
          }
        }
      }
    }
    return out;
  }

  static String substitute(String expr) {
    String out = expr;
    for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
      out = out.replace(v.getKey(), v.getValue());
    }
    assertThat(out).as("a dashboard variable without a test value in %s", expr).doesNotContain("$");
    return out;
  }

  /** Panel title/refId -> the single value of its instant query at the end of the data. */
  private static Map<String, Double> instantValues(String file) throws IOException {
    Map<String, Double> values = new LinkedHashMap<>();
    instantValuesByTitle(file).forEach((k, v) -> {
      if (v.size() == 1) {
        values.put(k, v.get(0));
      }
    });
    return values;
  }

  /** Panel title/refId -> the values of that query, one per panel of that title (overview rows). */
  private static Map<String, List<Double>> instantValuesByTitle(String file) throws IOException {
    Map<String, List<Double>> values = new LinkedHashMap<>();
    for (PanelQuery q : panelQueries()) {
      if (!q.file().equals(file)) {
        continue;
      }
      JsonNode result = server().query(q.promql(), ConnectorSeries.END).get("result");
      if (result.size() == 1) {
        values.computeIfAbsent(q.title() + "/" + q.refId(), k -> new ArrayList<>())
            .add(result.get(0).get("value").get(1).asDouble());
      }
    }
    return values;
  }
}
