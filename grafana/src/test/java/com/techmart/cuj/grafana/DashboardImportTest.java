package com.techmart.cuj.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What Grafana's import needs (an input for the Prometheus data source, a stable uid, panels that
 * fit the grid), and the catalogue's objectives showing up as the panels' targets. No Grafana runs
 * here: these check the export format Grafana documents for import.
 */
class DashboardImportTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A {@code datasource} template variable, not an import input: {@code ${DS_PROMETHEUS}} is
   * resolved only by the UI's import, while provisioning and Terraform would leave it literal.
   */
  @ParameterizedTest
  @ValueSource(strings = {"slo-overview.json", "checkout-slo.json"})
  void everyPanelReadsTheDataSourceVariable(String file) throws IOException {
    String text = Files.readString(ModuleFiles.dashboards().resolve(file));
    assertThat(text).doesNotContain("DS_PROMETHEUS").doesNotContain("__inputs");
    JsonNode d = JSON.readTree(text);
    JsonNode variable = d.get("templating").get("list").get(0);
    assertThat(variable.get("name").asText()).isEqualTo("datasource");
    assertThat(variable.get("type").asText()).isEqualTo("datasource");
    assertThat(variable.get("query").asText()).isEqualTo("prometheus");
    assertThat(d.get("id").isNull()).as("no instance id: import creates one").isTrue();
    assertThat(d.get("uid").asText()).hasSizeLessThanOrEqualTo(40).matches("[a-z0-9-]+");
    assertThat(d.get("tags").toString()).contains("\"cuj\"");
    for (JsonNode panel : panels(d)) {
      if (panel.get("type").asText().equals("row")) {
        continue;
      }
      assertThat(panel.get("datasource").get("uid").asText()).as(panel.get("title").asText()).isEqualTo("${datasource}");
      assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
      for (JsonNode target : panel.get("targets")) {
        assertThat(target.get("datasource").get("uid").asText()).isEqualTo("${datasource}");
      }
    }
  }

  /** Units Grafana knows (its unit picker's ids, or a custom {@code suffix:}); "x" is none of them. */
  @ParameterizedTest
  @ValueSource(strings = {"slo-overview.json", "checkout-slo.json"})
  void everyUnitIsOneGrafanaKnows(String file) throws IOException {
    Set<String> known = Set.of("percent", "percentunit", "ms", "s", "reqps", "ops", "short", "none");
    List<String> units = new ArrayList<>();
    for (JsonNode panel : panels(read(file))) {
      JsonNode unit = panel.path("fieldConfig").path("defaults").path("unit");
      if (!unit.isMissingNode()) {
        units.add(unit.asText());
      }
      panel.path("fieldConfig").path("overrides").forEach(o -> o.path("properties").forEach(p -> {
        if (p.path("id").asText().equals("unit")) {
          units.add(p.path("value").asText());
        }
      }));
    }
    assertThat(units).isNotEmpty().allSatisfy(u -> assertThat(known.contains(u) || u.startsWith("suffix:"))
        .as("unit '%s'", u).isTrue());
  }

  @Test
  void theOrderProcessPercentilePanelPlotsOnlyThatPercentile() throws IOException {
    JsonNode panel = titled(read("checkout-slo.json"), "order.process p95 (processing < 10 s)").get(0);
    assertThat(panel.get("targets")).hasSize(1);
    assertThat(panel.get("targets").get(0).get("expr").asText()).startsWith("histogram_quantile(0.95,");
  }

  @ParameterizedTest
  @ValueSource(strings = {"slo-overview.json", "checkout-slo.json"})
  void panelsHaveUniqueIdsAndDoNotOverlapOnTheGrid(String file) throws IOException {
    Set<Integer> ids = new HashSet<>();
    Set<String> cells = new HashSet<>();
    for (JsonNode panel : panels(read(file))) {
      assertThat(ids.add(panel.get("id").asInt())).as("duplicate panel id %s", panel.get("id")).isTrue();
      JsonNode pos = panel.get("gridPos");
      int x = pos.get("x").asInt();
      int w = pos.get("w").asInt();
      assertThat(x + w).as(panel.get("title").asText()).isLessThanOrEqualTo(24);
      for (int col = x; col < x + w; col++) {
        for (int row = pos.get("y").asInt(); row < pos.get("y").asInt() + pos.get("h").asInt(); row++) {
          assertThat(cells.add(col + ":" + row)).as("%s overlaps another panel at %d:%d", panel.get("title"), col, row).isTrue();
        }
      }
    }
  }

  @Test
  void uidsAreDerivedFromTheJourneyNameAndStable() {
    assertThat(Dashboards.deepDiveUid("checkout")).isEqualTo("cuj-checkout-slo");
    String longName = "a-journey-with-a-name-long-enough-to-need-a-hashed-uid";
    String similar = "a-journey-with-a-name-long-enough-for-a-hash-too";
    assertThat(Dashboards.deepDiveUid(longName)).hasSizeLessThanOrEqualTo(40).isEqualTo(Dashboards.deepDiveUid(longName));
    assertThat(Dashboards.deepDiveUid(similar)).isNotEqualTo(Dashboards.deepDiveUid(longName));
  }

  @Test
  void overviewHasOneRowPerJourneyWithItsOwnTargets() throws IOException {
    JsonNode d = read("slo-overview.json");
    List<String> rows = new ArrayList<>();
    for (JsonNode p : panels(d)) {
      if (p.get("type").asText().equals("row")) {
        rows.add(p.get("title").asText());
      }
    }
    assertThat(rows.subList(0, 3)).satisfiesExactly(
        r -> assertThat(r).startsWith("checkout: 99.9% over 30d"),
        r -> assertThat(r).startsWith("product-discovery: 99.5% over 30d"),
        r -> assertThat(r).startsWith("order-lookup (not critical): 99% over 30d"));
    assertThat(rows).anyMatch(r -> r.startsWith("Journey funnel: browse -> checkout_started -> order_processed -> confirmation_sent"));
    assertThat(rows).anyMatch(r -> r.startsWith("Journey dependencies"));

    List<JsonNode> success = titled(d, "Success rate");
    assertThat(success).hasSize(3);
    assertThat(greenFrom(success.get(0))).isEqualTo("99.9");
    assertThat(greenFrom(success.get(1))).isEqualTo("99.5");
    assertThat(greenFrom(success.get(2))).isEqualTo("99");
    assertThat(success.get(0).get("links").get(0).get("url").asText()).startsWith("/d/cuj-checkout-slo");
    assertThat(redFrom(titled(d, "p95 latency (< 500 ms)").get(0))).isEqualTo("500");
    assertThat(redFrom(titled(d, "p95 processing (< 10 s)").get(0))).isEqualTo("10000");
    assertThat(redFrom(titled(d, "p99 latency (< 300 ms)").get(0))).isEqualTo("300");
    List<JsonNode> errorRate = titled(d, "Error rate vs target");
    assertThat(errorRate).extracting(DashboardImportTest::redFrom).containsExactly("0.1", "0.5", "1");
  }

  @Test
  void deepDiveOffersWindowsFromAnHourToThirtyDaysAndShowsTheBudgetAsAGauge() throws IOException {
    JsonNode d = read("checkout-slo.json");
    JsonNode window = null;
    for (JsonNode v : d.get("templating").get("list")) {
      window = v.get("name").asText().equals("window") ? v : window;
    }
    assertThat(window).as("the $window variable").isNotNull();
    List<String> choices = new ArrayList<>();
    window.get("options").forEach(o -> choices.add(o.get("value").asText()));
    assertThat(choices).startsWith("1h").endsWith("30d");
    JsonNode gauge = titled(d, "Error budget remaining (30d)").get(0);
    assertThat(gauge.get("type").asText()).isEqualTo("gauge");
    assertThat(gauge.get("targets").get(0).get("expr").asText()).contains("[30d]").endsWith("/ 0.001)");
    assertThat(titled(d, "Success rate ($window)").get(0).get("targets").get(0).get("expr").asText()).contains("[$window]");
    assertThat(titled(d, "Request volume by status").get(0).get("fieldConfig").get("defaults").get("custom")
        .get("stacking").get("mode").asText()).isEqualTo("normal");
  }

  private static String greenFrom(JsonNode panel) {
    return step(panel, "green");
  }

  private static String redFrom(JsonNode panel) {
    return step(panel, "red");
  }

  private static String step(JsonNode panel, String color) {
    for (JsonNode s : panel.get("fieldConfig").get("defaults").get("thresholds").get("steps")) {
      if (s.get("color").asText().equals(color) && !s.get("value").isNull()) {
        return s.get("value").asText();
      }
    }
    throw new AssertionError("no " + color + " threshold in " + panel.get("title"));
  }

  private static List<JsonNode> titled(JsonNode d, String title) {
    List<JsonNode> out = new ArrayList<>();
    panels(d).forEach(p -> {
      if (p.get("title").asText().equals(title)) {
        out.add(p);
      }
    });
    assertThat(out).as("panels titled '%s'", title).isNotEmpty();
    return out;
  }

  private static List<JsonNode> panels(JsonNode d) {
    List<JsonNode> out = new ArrayList<>();
    d.get("panels").forEach(out::add);
    return out;
  }

  private static JsonNode read(String file) throws IOException {
    return JSON.readTree(Path.of(ModuleFiles.dashboards().toString(), file).toFile());
  }
}
