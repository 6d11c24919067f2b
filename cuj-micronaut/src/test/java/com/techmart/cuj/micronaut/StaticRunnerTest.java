package com.techmart.cuj.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.JourneyRunner;
import com.techmart.cuj.Journeys;
import io.micronaut.context.ApplicationContext;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Several applications in one JVM: the static facade goes to the first that asks, and only then. */
class StaticRunnerTest {

  private static ApplicationContext run(String name, boolean staticRunner) {
    return ApplicationContext.run(Map.of(
        "micronaut.application.name", name, "cuj.static-runner", staticRunner));
  }

  @Test
  void byDefaultTheStaticFacadeExportsThroughTheApplicationsSdk() {
    // Nothing about static-runner configured: Journeys.* is what a team reaches for first.
    try (ApplicationContext app = ApplicationContext.run(Map.of("micronaut.application.name", "plain"))) {
      Journeys.run("checkout", () -> { });
      assertThat(app.getBean(InMemorySpanExporter.class).getFinishedSpanItems())
          .extracting(SpanData::getName)
          .contains("cuj.checkout");
      assertThat(Journeys.runner()).isSameAs(app.getBean(JourneyRunner.class));
    }
  }

  @Test
  void firstContextThatAsksGetsTheFacade() {
    try (ApplicationContext quiet = run("quiet", false)) {
      JourneyRunner quietRunner = quiet.getBean(JourneyRunner.class);
      assertThat(Journeys.runner()).isNotSameAs(quietRunner);
      assertThat(quiet.findBean(StaticRunnerInstaller.class)).isEmpty();

      try (ApplicationContext first = run("first", true)) {
        try (ApplicationContext second = run("second", true)) {
          assertThat(Journeys.runner()).isSameAs(first.getBean(JourneyRunner.class));
          assertThat(second.getBean(StaticRunnerInstaller.class).installed()).isFalse();
        }
        assertThat(Journeys.runner()).isSameAs(first.getBean(JourneyRunner.class));
      }
      try (ApplicationContext third = run("third", true)) {
        assertThat(third.getBean(StaticRunnerInstaller.class).installed()).isTrue();
        assertThat(Journeys.runner()).isSameAs(third.getBean(JourneyRunner.class));
      }
    }
  }
}
