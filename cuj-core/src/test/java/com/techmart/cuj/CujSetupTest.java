package com.techmart.cuj;

import com.techmart.cuj.spi.CujSetup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one loader: default catalogue, one error line per problem, journeys off, opt-in fail-fast. */
class CujSetupTest {

  @TempDir Path dir;
  private final List<String> errors = new ArrayList<>();

  private CujSetup load(Map<String, String> settings) {
    return CujSetup.load(settings::get, errors::add);
  }

  @Test
  void theDefaultCatalogueIsClasspathCujJourneysYaml() {
    assertThat(CujSetup.DEFAULT_CATALOGUE).isEqualTo("classpath:cuj/journeys.yaml");
    CujSetup setup = load(Map.of());
    // cuj-core's tests have no cuj/journeys.yaml: the default is looked for, and its absence said.
    assertThat(setup.location()).isEqualTo("classpath:cuj/journeys.yaml");
    assertThat(setup.journeysOn()).isFalse();
    assertThat(setup.trustMode()).isEqualTo(TrustMode.NONE);
    assertThat(setup.problem().orElseThrow().reason()).isEqualTo(CujSetup.CATALOGUE_MISSING);
    assertThat(errors).singleElement().asString()
        .startsWith("cuj: journeys OFF, cuj.catalogue: classpath:cuj/journeys.yaml: no such resource on the class path"
            + " (the default; set cuj.catalogue or CUJ_CATALOGUE to your catalogue)")
        .contains("trust none").contains("cuj.fail-fast=true").doesNotContain("\n");
  }

  @Test
  void aGoodCatalogueTurnsJourneysOnWithTheConfiguredTrust() {
    CujSetup setup = load(Map.of("cuj.catalogue", "classpath:catalogues/shop-v2.yaml", "cuj.trust", "open"));
    assertThat(setup.journeysOn()).isTrue();
    assertThat(setup.catalogue().knows("checkout")).isTrue();
    assertThat(setup.trustMode()).isEqualTo(TrustMode.OPEN);
    assertThat(setup.summary())
        .isEqualTo("cuj: journeys on, catalogue classpath:catalogues/shop-v2.yaml (2 journeys, version 2), trust open");
    assertThat(errors).isEmpty();
  }

  @Test
  void anInvalidCatalogueIsOneErrorLineNamingSettingFileJourneyAndProblem() throws Exception {
    Path file = Files.writeString(dir.resolve("journeys.yaml"),
        "version: 2\njourneys:\n  - name: checkout\n    slo: {availability: 120}\n");
    CujSetup setup = load(Map.of("cuj.catalogue", file.toString()));

    assertThat(setup.journeysOn()).isFalse();
    assertThat(setup.catalogue().journeys()).isEmpty();
    assertThat(setup.trustMode()).isEqualTo(TrustMode.NONE);
    assertThat(setup.problem().orElseThrow().reason()).isEqualTo(CujSetup.CATALOGUE_INVALID);
    assertThat(errors).singleElement().asString()
        .contains("cuj.catalogue: " + file + ": journey 'checkout': slo.availability must be a percentage")
        .doesNotContain("\n");
  }

  @Test
  void aMissingFileAndBadYamlAreNamedToo() throws Exception {
    Path missing = dir.resolve("nope.yaml");
    assertThat(load(Map.of("cuj.catalogue", missing.toString())).problem().orElseThrow())
        .satisfies(p -> assertThat(p.reason()).isEqualTo(CujSetup.CATALOGUE_MISSING))
        .satisfies(p -> assertThat(p.describe()).isEqualTo("cuj.catalogue: " + missing + ": no such file"));
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "journeys: [ {name: \n  x");
    assertThat(load(Map.of("cuj.catalogue", broken.toString())).problem().orElseThrow().describe())
        .startsWith("cuj.catalogue: " + broken + ": not valid YAML").doesNotContain("\n");
  }

  @Test
  void anInvalidSettingIsNamedByItsKeyAndTurnsJourneysOff() {
    CujSetup setup = load(Map.of("cuj.catalogue", "classpath:catalogues/shop.yaml", "cuj.trust", "paranoid"));
    assertThat(setup.journeysOn()).isFalse();
    assertThat(setup.trustMode()).isEqualTo(TrustMode.NONE);
    assertThat(setup.problem().orElseThrow().reason()).isEqualTo(CujSetup.SETTING_INVALID);
    assertThat(errors).singleElement().asString()
        .contains("cuj.trust: trust mode 'paranoid' is not one of: known, open, none");

    errors.clear();
    load(Map.of("cuj.catalogue", "classpath:catalogues/shop.yaml", "cuj.fail-fast", "sometimes"));
    assertThat(errors).singleElement().asString().contains("cuj.fail-fast: must be true or false, was 'sometimes'");
  }

  @Test
  void failFastIsAnOptInThatThrowsTheSameOneLineProblem() {
    assertThatThrownBy(() -> load(Map.of("cuj.catalogue", "classpath:nope.yaml", "cuj.fail-fast", "true")))
        .isInstanceOf(CujConfigurationException.class)
        .hasMessage("cuj.catalogue: classpath:nope.yaml: no such resource on the class path")
        .satisfies(e -> assertThat(((CujConfigurationException) e).key()).isEqualTo("cuj.catalogue"))
        .satisfies(e -> assertThat(((CujConfigurationException) e).reason()).isEqualTo("catalogue_missing"));
    assertThat(errors).as("thrown, not logged").isEmpty();

    CujSetup good = load(Map.of("cuj.catalogue", "classpath:catalogues/shop.yaml", "cuj.fail-fast", "true"));
    assertThatThrownBy(() -> good.withProblem("cuj.routes", CujSetup.SETTING_INVALID, "route 'GRAB /x' has unknown HTTP method"))
        .isInstanceOf(CujConfigurationException.class)
        .hasMessage("cuj.routes: route 'GRAB /x' has unknown HTTP method");
  }

  @Test
  void anAdaptersOwnProblemTurnsJourneysOffToo() {
    CujSetup good = load(Map.of("cuj.catalogue", "classpath:catalogues/shop.yaml"));
    CujSetup off = good.withProblem("cuj.routes[0]", CujSetup.SETTING_INVALID, "expected 'METHOD /path -> journey'");
    assertThat(good.journeysOn()).isTrue();
    assertThat(off.journeysOn()).isFalse();
    assertThat(off.trustMode()).isEqualTo(TrustMode.NONE);
    assertThat(off.catalogue().journeys()).isEmpty();
    assertThat(errors).singleElement().asString().contains("cuj.routes[0]: expected 'METHOD /path -> journey'");
  }

  @Test
  void problemsAreCountedOnceByBoundedReason() {
    JourneyCatalogue none = JourneyCatalogue.builder().build();
    try (TestTelemetry telemetry = new TestTelemetry(none)) {
      CujSetup setup = load(Map.of("cuj.catalogue", "classpath:nope.yaml", "cuj.trust", "x"));
      setup.countProblemsOn(telemetry.openTelemetry());
      setup.countProblemsOn(telemetry.openTelemetry());

      List<LongPointData> points = telemetry.metrics.collectAllMetrics().stream()
          .filter(m -> m.getName().equals(CujSetup.CONFIG_ERRORS))
          .flatMap(m -> m.getLongSumData().getPoints().stream()).toList();
      AttributeKey<String> reason = AttributeKey.stringKey("reason");
      assertThat(points).extracting(p -> p.getAttributes().get(reason), LongPointData::getValue)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("setting_invalid", 1L),
              org.assertj.core.groups.Tuple.tuple("catalogue_missing", 1L));
    }
  }
}
