package com.techmart.cuj.grafana;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Paths of the grafana module, computed at run time (surefire passes the module directory). */
final class ModuleFiles {

  /** The stages the committed overview's funnel was generated with (the pom's reference.funnel). */
  static final List<String> REFERENCE_FUNNEL =
      List.of(System.getProperty("grafana.reference.funnel", "browse,checkout_started,order_processed,confirmation_sent").split(","));

  static final String REGENERATE = "./mvnw -q -pl grafana -am process-classes -Dgrafana.generate";

  private ModuleFiles() {}

  static Path moduleDir() {
    String dir = System.getProperty("grafana.module.dir");
    Path path = dir != null ? Path.of(dir) : Path.of("").toAbsolutePath();
    if (!Files.isDirectory(path.resolve("dashboards"))) {
      throw new IllegalStateException("cannot find the grafana module directory (tried " + path + ")");
    }
    return path;
  }

  static Path dashboards() {
    return moduleDir().resolve("dashboards");
  }

  static Path rules() {
    return moduleDir().resolve("rules");
  }

  static Path referenceCatalogue() {
    return moduleDir().resolve("../reference-app/src/main/resources/cuj/journeys.yaml").normalize();
  }

  /** The runbook base the committed alerts were generated with (the pom's reference.runbook.base). */
  static final String REFERENCE_RUNBOOK_BASE =
      System.getProperty("grafana.reference.runbook.base", "https://runbooks.example.com/techmart");

  static Generator.Options referenceOptions() {
    return Generator.Options.defaults().withFunnel(REFERENCE_FUNNEL).withRunbookBase(REFERENCE_RUNBOOK_BASE);
  }
}
