package com.techmart.cuj.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * What the generated rules promise an on-call team, tried on catalogues other than the reference
 * one: burn factors that follow each journey's SLO window, rule groups a Mimir ruler accepts, one
 * environment selector in every query, and alerts that link to a runbook and to the panel showing
 * the objective. Each test drives the generator the way users do, through its command line.
 */
class SloRulesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern METRIC = Pattern.compile("\\b(techmart_[a-z_]+)(\\{[^}]*})?");

  @TempDir Path dir;

  @Test
  void burnFactorsFollowEachJourneysWindowAndEveryBoundFormatIsMatched() throws IOException {
    Path promtool = ExternalTools.require("promtool");
    Path windows = ModuleFiles.moduleDir().resolve("src/test/promtool/windows");
    Run run = cli("--catalogue", windows.resolve("journeys.yaml").toString(), "--out", dir.toString(),
        "--buckets", "5,10,25,50,100,250,300,400,500,1000,2500,5000,10000,30000,1800000");
    assertThat(run.code()).as(run.err()).isZero();
    Files.copy(windows.resolve("windows.test.yaml"), dir.resolve("windows.test.yaml"));

    ExternalTools.Result result = ExternalTools.run(
        List.of(promtool.toString(), "test", "rules", "windows.test.yaml"), dir, 120);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(Files.readString(dir.resolve("rules/weekly.rules.yaml")))
        .as("the 7d journey's page factor, 2%% of its budget in 1h").contains("> 3.36\n");
    assertThat(Files.readString(dir.resolve("rules/basket.rules.yaml")))
        .as("the catalogue's runbook").contains("runbook_url: https://runbooks.example.com/shop/basket-runbook\n");
  }

  /**
   * The user-perceived objective shows next to the server's figures, and browser spans (untrusted)
   * appear in no other panel: a forged browser span cannot move a server-side figure.
   */
  @Test
  void theBrowserObjectiveIsShownApartFromEveryServerSideFigure() throws IOException {
    Path windows = ModuleFiles.moduleDir().resolve("src/test/promtool/windows");
    Run run = cli("--catalogue", windows.resolve("journeys.yaml").toString(), "--out", dir.toString(),
        "--buckets", "5,10,25,50,100,250,300,400,500,1000,2500,5000,10000,30000,1800000");
    assertThat(run.code()).as(run.err()).isZero();
    int browserPanels = 0;
    try (Stream<Path> files = Files.list(dir.resolve("dashboards"))) {
      for (Path file : files.toList()) {
        for (JsonNode panel : JSON.readTree(file.toFile()).get("panels")) {
          List<String> queries = new ArrayList<>();
          collectExpressions(panel, queries);
          boolean browser = panel.path("title").asText().contains("browser");
          browserPanels += browser ? 1 : 0;
          for (String q : queries) {
            Matcher spans = Pattern.compile("span_name(=~|=)\"([^\"]*)\"").matcher(q);
            while (spans.find()) {
              boolean matchesBrowserSpan = spans.group(1).equals("=")
                  ? spans.group(2).startsWith("cuj.browser.")
                  : "cuj.browser.basket".matches(spans.group(2)) && !q.contains("span_name!~\"cuj[.]browser[.].+\"");
              assertThat(matchesBrowserSpan && !browser)
                  .as("panel '%s' of %s counts browser spans: %s", panel.path("title").asText(), file.getFileName(), q)
                  .isFalse();
            }
          }
        }
      }
    }
    assertThat(browserPanels).as("the overview's stat and the deep-dive's comparison").isEqualTo(2);
  }

  @Test
  void aBrowserThresholdBetweenBucketsIsRejectedNamingTheBrowserObjective() throws IOException {
    Path file = Files.writeString(dir.resolve("shop.yaml"), """
        version: 2
        journeys:
          - name: basket
            slo:
              availability: 99.9
              browser:
                percentile: 95
                threshold: 2s
        """);
    Run run = cli("--catalogue", file.toString(), "--out", dir.resolve("out").toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("journey 'basket'").contains("browser objective (slo.browser) has threshold 2 s")
        .contains("2500");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void sixLatencyObjectivesNeverPutMoreThanTwentyRulesInAGroup() throws IOException {
    StringBuilder catalogue = new StringBuilder("""
        version: 1
        journeys:
          - name: search
            slo:
              availability: 99.5
              latency:
        """);
    int[] thresholds = {100, 250, 300, 400, 500, 1000};
    for (int i = 0; i < thresholds.length; i++) {
      catalogue.append("        - name: step-").append(i + 1).append('\n')
          .append("          span: search.step").append(i + 1).append('\n')
          .append("          percentile: 95\n")
          .append("          threshold: ").append(thresholds[i]).append("ms\n");
    }
    Path file = Files.writeString(dir.resolve("search.yaml"), catalogue.toString());
    Run run = cli("--catalogue", file.toString(), "--out", dir.resolve("out").toString());
    assertThat(run.code()).as(run.err()).isZero();

    int alerts = 0;
    for (Path rules : ruleFiles(dir.resolve("out/rules"))) {
      for (Map<String, Object> group : groups(rules)) {
        List<Map<String, Object>> groupRules = list(group.get("rules"));
        assertThat(groupRules).as("rules in group %s of %s (Mimir's default limit is 20)", group.get("name"), rules)
            .hasSizeLessThanOrEqualTo(20);
        alerts += (int) groupRules.stream().filter(r -> r.containsKey("alert")).count();
      }
    }
    assertThat(alerts).as("availability and six latency objectives, each with its burn alerts").isGreaterThanOrEqualTo(7 * 2);
    ExternalTools.find("promtool").ifPresent(promtool -> {
      List<String> command = new ArrayList<>(List.of(promtool.toString(), "check", "rules"));
      ruleFilesUnchecked(dir.resolve("out/rules")).forEach(p -> command.add(p.toString()));
      ExternalTools.Result check = ExternalTools.run(command, dir, 60);
      assertThat(check.exitCode()).as(check.output()).isZero();
    });
  }

  @Test
  void theEnvironmentSelectorScopesEveryQueryOfEveryRuleAndPanel() throws IOException {
    Path out = dir.resolve("out");
    Run run = cli("--catalogue", ModuleFiles.referenceCatalogue().toString(), "--out", out.toString(),
        "--funnel", String.join(",", ModuleFiles.REFERENCE_FUNNEL),
        "--selector", "deployment_environment=\"production\"");
    assertThat(run.code()).as(run.err()).isZero();

    List<String> expressions = new ArrayList<>();
    for (Path rules : ruleFiles(out.resolve("rules"))) {
      for (Map<String, Object> group : groups(rules)) {
        for (Map<String, Object> rule : list(group.get("rules"))) {
          expressions.add((String) rule.get("expr"));
          if (rule.containsKey("record")) {
            assertThat(map(rule.get("labels"))).as("labels of %s", rule.get("record"))
                .containsEntry("deployment_environment", "production");
          }
        }
      }
    }
    try (Stream<Path> files = Files.list(out.resolve("dashboards"))) {
      for (Path dashboard : files.toList()) {
        collectExpressions(JSON.readTree(dashboard.toFile()), expressions);
      }
    }
    int selectors = 0;
    for (String expr : expressions) {
      Matcher m = METRIC.matcher(expr);
      while (m.find()) {
        selectors++;
        assertThat(m.group(2)).as("selector of %s in %s", m.group(1), expr)
            .isNotNull()
            .contains("deployment_environment=\"production\"");
      }
    }
    assertThat(selectors).as("metric selectors checked").isGreaterThan(100);
  }

  @Test
  void aSelectorThatIsNotALabelMatcherListIsRejectedNamingIt() {
    Run unquoted = cli("--catalogue", "x.yaml", "--out", dir.toString(), "--selector", "env=production");
    assertThat(unquoted.code()).isEqualTo(2);
    assertThat(unquoted.err()).contains("--selector").contains("env=production").contains("label=\"value\"");

    Run reserved = cli("--catalogue", "x.yaml", "--out", dir.toString(), "--selector", "span_name=\"cuj.checkout\"");
    assertThat(reserved.code()).isEqualTo(2);
    assertThat(reserved.err()).contains("span_name").contains("the generator sets it");
    assertThat(dir.resolve("rules")).as("nothing written").doesNotExist();
  }

  @Test
  void everyAlertLinksItsRunbookDashboardAndPanel() throws IOException {
    Path out = dir.resolve("out");
    Run run = cli("--catalogue", ModuleFiles.referenceCatalogue().toString(), "--out", out.toString(),
        "--runbook-base", "https://runbooks.example.com/shop");
    assertThat(run.code()).as(run.err()).isZero();

    com.techmart.cuj.JourneyCatalogue catalogue = com.techmart.cuj.JourneyCatalogue.load(ModuleFiles.referenceCatalogue());
    int alerts = 0;
    for (Path rules : ruleFiles(out.resolve("rules"))) {
      for (Map<String, Object> group : groups(rules)) {
        for (Map<String, Object> rule : list(group.get("rules"))) {
          if (!rule.containsKey("alert")) {
            continue;
          }
          alerts++;
          Map<String, Object> labels = map(rule.get("labels"));
          Map<String, Object> annotations = map(rule.get("annotations"));
          String journey = (String) labels.get("cuj_name");
          String what = rule.get("alert") + " of " + journey + " in " + rules.getFileName();
          // The catalogue's runbook wins; --runbook-base + name for journeys without one.
          String runbook = catalogue.journeys().stream().filter(j -> j.name().equals(journey)).findFirst().orElseThrow()
              .runbook().map(Object::toString).orElse("https://runbooks.example.com/shop/" + journey);
          assertThat(annotations.get("runbook_url")).as(what).isEqualTo(runbook);
          String uid = (String) annotations.get("__dashboardUid__");
          JsonNode panel = panel(out.resolve("dashboards"), uid, Integer.parseInt((String) annotations.get("__panelId__")));
          assertThat(panel).as("panel %s of dashboard %s linked by %s", annotations.get("__panelId__"), uid, what).isNotNull();
          String span = labels.containsKey("span_name") ? (String) labels.get("span_name") : "cuj." + journey;
          List<String> panelQueries = new ArrayList<>();
          collectExpressions(panel, panelQueries);
          assertThat(panelQueries).as("queries of the panel %s links to", what).anyMatch(q -> q.contains('"' + span + '"'));
          if (rule.get("alert").toString().contains("Burn")) {
            assertThat(labels).as(what).containsKeys("long_window", "short_window", "burn_factor");
            assertThat((String) annotations.get("description")).as(what)
                .containsIgnoringCase("over the last " + labels.get("long_window"))
                .contains(labels.get("short_window").toString())
                .contains("{{ $value");
          }
        }
      }
    }
    assertThat(alerts).isGreaterThan(10);
  }

  // ---- helpers ----

  record Run(int code, String out, String err) {}

  private static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = GeneratorCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The panel with this id in the dashboard with this uid, or null. */
  private static JsonNode panel(Path dashboards, String uid, int id) throws IOException {
    try (Stream<Path> files = Files.list(dashboards)) {
      for (Path file : files.toList()) {
        JsonNode d = JSON.readTree(file.toFile());
        if (d.path("uid").asText().equals(uid)) {
          for (JsonNode p : d.get("panels")) {
            if (p.path("id").asInt() == id && !p.path("type").asText().equals("row")) {
              return p;
            }
          }
        }
      }
    }
    return null;
  }

  static void collectExpressions(JsonNode node, List<String> out) {
    if (node.isObject()) {
      if (node.has("expr") && node.get("expr").isTextual()) {
        out.add(node.get("expr").asText());
      }
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        collectExpressions(it.next(), out);
      }
    } else if (node.isArray()) {
      node.forEach(child -> collectExpressions(child, out));
    }
  }

  private static List<Path> ruleFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static List<Path> ruleFilesUnchecked(Path dir) {
    try {
      return ruleFiles(dir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<Map<String, Object>> groups(Path rules) throws IOException {
    Map<String, Object> doc = new Yaml().load(Files.readString(rules));
    return list(doc.get("groups"));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o == null ? Map.of() : (Map<String, Object>) o;
  }
}
