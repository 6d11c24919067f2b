package com.techmart.cuj.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** What the README tells a team matches the committed files and the tools it names. */
class ReadmeTest {

  /**
   * mimirtool names a namespace after its file without the last extension
   * ({@code checkout.rules.yaml} -> {@code checkout.rules}); the README lists those names.
   */
  @Test
  void theMimirNamespacesTheReadmeNamesAreTheOnesMimirtoolDerives() throws IOException {
    String readme = Files.readString(ModuleFiles.moduleDir().resolve("README.md"));
    try (Stream<Path> files = Files.list(ModuleFiles.rules())) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        String namespace = name.substring(0, name.lastIndexOf('.'));
        assertThat(readme).as("README names mimirtool's namespace for %s", name).contains("`" + namespace + "`");
      }
    }
  }

  /** The alert shown in the README is the one the committed rules send, word for word. */
  @Test
  void theAlertTheReadmeShowsIsTheGeneratedOne() throws IOException {
    String readme = Files.readString(ModuleFiles.moduleDir().resolve("README.md"));
    Map<String, Object> rules = new Yaml().load(Files.readString(ModuleFiles.rules().resolve("checkout.rules.yaml")));
    Map<String, Object> fastBurn = null;
    for (Map<String, Object> group : SloRulesTestSupport.list(rules.get("groups"))) {
      for (Map<String, Object> rule : SloRulesTestSupport.list(group.get("rules"))) {
        if ("JourneyErrorBudgetFastBurn".equals(rule.get("alert")) && fastBurn == null) {
          fastBurn = rule;
        }
      }
    }
    assertThat(fastBurn).as("checkout's fast-burn alert").isNotNull();
    Map<String, Object> annotations = SloRulesTestSupport.map(fastBurn.get("annotations"));
    assertThat(annotations).containsKeys("runbook_url", "__dashboardUid__", "__panelId__");
    assertThat(readme)
        .contains((String) annotations.get("summary"))
        .contains((String) annotations.get("runbook_url"))
        .contains("__dashboardUid__");
    // The description as the team reads it: the template filled in with a burn multiple.
    // The description as the team reads it: the template filled in, lines wrapped.
    String flowing = readme.replaceAll("\\s+", " ");
    for (String part : ((String) annotations.get("description")).split("\\{\\{[^}]*}}")) {
      assertThat(flowing).contains(part.trim());
    }
  }
}
