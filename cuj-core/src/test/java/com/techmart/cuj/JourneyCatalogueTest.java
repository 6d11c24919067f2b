package com.techmart.cuj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JourneyCatalogueTest {

  @TempDir Path dir;

  private static JourneyCatalogue parse(String yaml) {
    return JourneyCatalogue.load(new StringReader(yaml), "journeys.yaml");
  }

  @Test
  void loadsEveryFieldOfTheFormat() {
    JourneyCatalogue catalogue = JourneyCatalogue.loadResource("catalogues/shop.yaml");

    assertThat(catalogue.journeys()).extracting(JourneyDefinition::name)
        .containsExactly("checkout", "product-discovery", "order-lookup");
    JourneyDefinition checkout = catalogue.find("checkout").orElseThrow();
    assertThat(checkout.spanName()).isEqualTo("cuj.checkout");
    assertThat(checkout.critical()).isTrue();
    assertThat(checkout.deepDive()).isTrue();
    assertThat(checkout.routes()).containsExactly("POST /api/orders");
    ServiceLevelObjective slo = checkout.slo().orElseThrow();
    assertThat(slo.availability()).isEqualTo(99.9);
    assertThat(slo.errorBudget()).isCloseTo(0.001, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(slo.window()).isEqualTo(Duration.ofDays(30));
    assertThat(slo.latency()).extracting(LatencyObjective::name, LatencyObjective::span, LatencyObjective::threshold)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("latency", "cuj.checkout", Duration.ofMillis(500)),
            org.assertj.core.groups.Tuple.tuple("processing", "order.process", Duration.ofSeconds(10)));
    assertThat(catalogue.find("product-discovery").orElseThrow().slo().orElseThrow().window())
        .isEqualTo(Duration.ofDays(7));
    assertThat(catalogue.find("order-lookup").orElseThrow().critical()).isFalse();
    assertThat(catalogue.find("order-lookup").orElseThrow().slo()).isEmpty();
  }

  @Test
  void jsonIsAcceptedToo() {
    JourneyCatalogue catalogue = parse(
        "{\"version\": 1, \"journeys\": [{\"name\": \"checkout\", \"slo\": {\"availability\": 99.9}}]}");
    assertThat(catalogue.knows("checkout")).isTrue();
  }

  @Test
  void theReferenceCatalogueLoads() {
    Path reference = Path.of("..", "reference-app", "src", "main", "resources", "cuj", "journeys.yaml");
    assertThat(JourneyCatalogue.load(reference).journeys()).hasSize(3);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "bad name            | journeys: [{name: Checkout}]                                  | journey #1: journey name 'Checkout' is not lowercase kebab-case",
    "name too long       | journeys: [{name: " + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" + "}] | at most 63",
    "missing name        | journeys: [{description: x}]                                  | journey #1: 'name' is missing",
    "duplicate           | journeys: [{name: a}, {name: a}]                              | journey 'a' is declared twice",
    "availability > 100  | journeys: [{name: a, slo: {availability: 120}}]              | journey 'a': slo.availability must be a percentage between 0 and 100",
    "availability text   | journeys: [{name: a, slo: {availability: high}}]             | journey 'a': slo.availability must be a number",
    "typo in key         | journeys: [{name: a, slo: {availabilty: 99}}]                | journey 'a': slo: unknown key 'availabilty'",
    "bad window          | journeys: [{name: a, slo: {availability: 99, window: month}}] | journey 'a': slo.window 'month' is not a duration",
    "bad percentile      | journeys: [{name: a, slo: {availability: 99, latency: [{percentile: 100, threshold: 1s}]}}] | journey 'a': slo.latency[0]: latency percentile must be between 0 and 100",
    "missing threshold   | journeys: [{name: a, slo: {availability: 99, latency: [{percentile: 99}]}}] | slo.latency[0].threshold is missing",
    "unnamed second      | journeys: [{name: a, slo: {availability: 99, latency: [{percentile: 99, threshold: 1s}, {percentile: 95, threshold: 1s}]}}] | slo.latency[1].name is required",
    "bad dashboard       | journeys: [{name: a, dashboard: fancy}]                      | 'dashboard' must be 'overview' or 'deep-dive'",
    "bad route           | journeys: [{name: a, routes: [\"GRAB /x\"]}]                 | journey 'a': route 'GRAB /x' has unknown HTTP method",
    "critical not bool   | journeys: [{name: a, critical: yes-please}]                  | 'critical' must be true or false",
    "journeys not list   | journeys: checkout                                            | 'journeys' must be a list",
    "version 2           | {version: 2, journeys: []}                                    | unsupported catalogue version '2'",
  })
  void invalidCatalogueFailsNamingFileJourneyAndProblem(String what, String yaml, String message) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(InvalidCatalogueException.class)
        .hasMessageStartingWith("journeys.yaml: ")
        .hasMessageContaining(message.trim());
  }

  @ParameterizedTest
  @ValueSource(strings = {"journeys: [", "- just\n- a list", ""})
  void unreadableYamlFailsWithTheSource(String yaml) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(InvalidCatalogueException.class)
        .hasMessageStartingWith("journeys.yaml: ");
  }

  @Test
  void fileErrorsNameTheFile() throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, "journeys: [{name: UPPER}]");
    assertThatThrownBy(() -> JourneyCatalogue.load(file))
        .isInstanceOf(InvalidCatalogueException.class)
        .hasMessageStartingWith(file + ": journey #1");
    assertThatThrownBy(() -> JourneyCatalogue.loadResource("nope/missing.yaml"))
        .hasMessage("classpath:nope/missing.yaml: no such resource on the class path");
  }

  @Test
  void settingsNameTheKeyWhenWrong() {
    assertThatThrownBy(() -> CujSettings.trustMode(key -> key.equals("cuj.trust") ? "paranoid" : null))
        .hasMessageContaining("cuj.trust (CUJ_TRUST): trust mode 'paranoid' is not one of: known, open, none");
    assertThatThrownBy(() -> CujSettings.catalogue(key -> key.equals("cuj.catalogue") ? dir.resolve("x.yaml").toString() : null))
        .hasMessageContaining("no such file (set by cuj.catalogue / CUJ_CATALOGUE)");
  }

  @Test
  void openCatalogueAcceptsWellFormedNamesOnly() {
    JourneyCatalogue open = JourneyCatalogue.open();
    assertThat(open.accepts("anything-valid")).isTrue();
    assertThat(open.accepts("Not Valid")).isFalse();
    assertThat(JourneyCatalogue.of(JourneyDefinition.of("a")).accepts("b")).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"checkout,true", "order-lookup,true", "a,true", "a1-b2,true", "-a,false", "a-,false",
      "a--b,false", "1a,false", "A,false", "a_b,false", "a.b,false"})
  void journeyNameRules(String name, boolean valid) {
    assertThat(JourneyName.isValid(name)).isEqualTo(valid);
  }
}
