package com.techmart.cuj.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.JourneyCatalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The rule files pass {@code promtool check rules}, and the promtool unit tests in
 * {@code src/test/promtool} (hand-written: a burst pages, a slow leak tickets, a healthy journey
 * stays silent, a latency regression fires) pass against them.
 */
class PromtoolRulesTest {

  private static final Pattern ALERTNAME = Pattern.compile("ALERTS\\{[^}]*alertname=\"([A-Za-z]+)\"");

  @Test
  void committedRuleFilesPassPromtoolCheck() throws IOException {
    Path promtool = ExternalTools.require("promtool");
    List<String> files = ruleFiles(ModuleFiles.rules());
    assertThat(files).hasSize(4);
    ExternalTools.Result result = check(promtool, files);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output().split("SUCCESS", -1)).hasSize(files.size() + 1);
  }

  @Test
  void promtoolUnitTestsOfEveryAlertPass() throws IOException {
    Path promtool = ExternalTools.require("promtool");
    Path tests = ModuleFiles.moduleDir().resolve("src/test/promtool");
    List<String> command = new ArrayList<>(List.of(promtool.toString(), "test", "rules"));
    try (Stream<Path> files = Files.list(tests)) {
      files.filter(p -> p.toString().endsWith(".test.yaml")).sorted().forEach(p -> command.add(p.toString()));
    }
    ExternalTools.Result result = ExternalTools.run(command, tests, 120);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).doesNotContain("FAILED");
  }

  /** Each alert of each rule file has a promtool test where it fires and one where it stays quiet. */
  @Test
  void everyAlertIsTestedFiringAndSilent() throws IOException {
    Yaml yaml = new Yaml();
    Path tests = ModuleFiles.moduleDir().resolve("src/test/promtool");
    for (String file : ruleFiles(ModuleFiles.rules())) {
      Set<String> alerts = new TreeSet<>();
      Map<String, Object> rules = yaml.load(Files.readString(Path.of(file)));
      for (Map<String, Object> group : list(rules.get("groups"))) {
        for (Map<String, Object> rule : list(group.get("rules"))) {
          if (rule.containsKey("alert")) {
            alerts.add((String) rule.get("alert"));
          }
        }
      }
      String name = Path.of(file).getFileName().toString().replace(".rules.yaml", "").replace(".yaml", "");
      Path testFile = tests.resolve(name + ".test.yaml");
      assertThat(testFile).as("promtool tests for %s", file).exists();
      Set<String> fired = new TreeSet<>();
      Set<String> quiet = new TreeSet<>();
      Map<String, Object> suite = yaml.load(Files.readString(testFile));
      assertThat(list(suite.get("rule_files")).toString()).contains(Path.of(file).getFileName().toString());
      for (Map<String, Object> test : list(suite.get("tests"))) {
        for (Map<String, Object> check : list(test.getOrDefault("alert_rule_test", List.of()))) {
          boolean fires = !list(check.getOrDefault("exp_alerts", List.of())).isEmpty();
          (fires ? fired : quiet).add((String) check.get("alertname"));
        }
        // A query of ALERTS{alertname="..."} with samples expected shows the alert firing too.
        for (Map<String, Object> check : list(test.getOrDefault("promql_expr_test", List.of()))) {
          Matcher alert = ALERTNAME.matcher(String.valueOf(check.get("expr")));
          if (alert.find()) {
            boolean fires = !list(check.getOrDefault("exp_samples", List.of())).isEmpty();
            (fires ? fired : quiet).add(alert.group(1));
          }
        }
      }
      assertThat(fired).as("alerts of %s tested firing", file).containsAll(alerts);
      assertThat(quiet).as("alerts of %s tested silent", file).containsAll(alerts);
    }
  }

  @Test
  void rulesGeneratedForAnotherCatalogueAreValidToo(@TempDir Path dir) throws IOException {
    Path promtool = ExternalTools.require("promtool");
    Path catalogue = Files.writeString(dir.resolve("shop.yaml"), """
        version: 1
        journeys:
          - name: a-journey-with-a-name-long-enough-to-need-a-hashed-uid
            dashboard: deep-dive
            critical: false
            slo:
              availability: 99.95
              window: 28d
              latency:
                - name: export
                  span: report.export
                  percentile: 90
                  threshold: 2500ms
          - name: sign-in
          - name: search
            slo:
              availability: 98
              latency:
                - percentile: 99.9
                  threshold: 1s
        """);
    Generator.write(new Generator(Generator.Options.defaults()).generate(JourneyCatalogue.load(catalogue), "shop.yaml"), dir);
    List<String> files = ruleFiles(dir.resolve("rules"));
    assertThat(files).hasSize(4);
    ExternalTools.Result result = check(promtool, files);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(Files.readString(dir.resolve("rules/sign-in.rules.yaml")))
        .contains("No objective in the catalogue")
        .doesNotContain("alert:");
    assertThat(Files.readString(dir.resolve("rules/search.rules.yaml"))).contains("/ 0.001 > 14.4\n").contains("le=~\"1000([.]0)?\"");
  }

  private static ExternalTools.Result check(Path promtool, List<String> files) {
    List<String> command = new ArrayList<>(List.of(promtool.toString(), "check", "rules"));
    command.addAll(files);
    return ExternalTools.run(command, ModuleFiles.moduleDir(), 60);
  }

  private static List<String> ruleFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().map(Path::toString).toList();
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }
}
