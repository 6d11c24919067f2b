package com.techmart.cuj;

import com.techmart.cuj.internal.JourneyName;
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
  void version2LoadsRunbookExpectedOutcomesAndBrowserObjective() {
    JourneyCatalogue catalogue = JourneyCatalogue.loadResource("catalogues/shop-v2.yaml");

    assertThat(catalogue.version()).isEqualTo(2);
    assertThat(catalogue.warnings()).isEmpty();
    JourneyDefinition checkout = catalogue.find("checkout").orElseThrow();
    assertThat(checkout.runbook()).contains(java.net.URI.create("https://runbooks.example.com/shop/checkout"));
    assertThat(checkout.expected().exceptions())
        .containsExactly("com.example.shop.OutOfStockException", "java.util.NoSuchElementException");
    assertThat(checkout.expected().statuses()).containsExactly(404, 409);
    assertThat(checkout.isExpectedStatus(409)).isTrue();
    assertThat(checkout.isExpectedStatus(400)).isFalse();
    // Named in the file, matched by name: the class need not exist in this service.
    assertThat(checkout.isExpectedOutcome(new java.util.InputMismatchException("sold out"))).isTrue();
    assertThat(checkout.isExpectedOutcome(new IllegalStateException())).isFalse();
    ServiceLevelObjective slo = checkout.slo().orElseThrow();
    assertThat(slo.browser()).contains(new BrowserObjective(95, Duration.ofSeconds(2)));
    assertThat(slo.latency()).extracting(LatencyObjective::name).containsExactly("latency");

    JourneyDefinition lookup = catalogue.find("order-lookup").orElseThrow();
    assertThat(lookup.runbook()).isEmpty();
    assertThat(lookup.expected().isEmpty()).isTrue();
  }

  @Test
  void aVersion1FileStillReadsAndHasNoneOfTheVersion2Values() {
    JourneyCatalogue catalogue = JourneyCatalogue.loadResource("catalogues/shop.yaml");
    assertThat(catalogue.version()).isEqualTo(1);
    JourneyDefinition checkout = catalogue.find("checkout").orElseThrow();
    assertThat(checkout.expected().isEmpty()).isTrue();
    assertThat(checkout.runbook()).isEmpty();
    assertThat(checkout.slo().orElseThrow().browser()).isEmpty();
  }

  @Test
  void expectedExceptionsMatchSubclassesAndInterfacesByName() {
    JourneyDefinition journey = JourneyDefinition.builder("checkout")
        .expected(ExpectedOutcomes.of(
            java.util.List.of("java.io.IOException", Retryable.class.getName()), java.util.List.of()))
        .build();
    assertThat(journey.isExpectedOutcome(new java.io.FileNotFoundException("gone"))).isTrue();
    assertThat(journey.isExpectedOutcome(new RetryableFailure())).isTrue();
    assertThat(journey.isExpectedOutcome(new RuntimeException())).isFalse();
    assertThat(journey.isExpectedOutcome(null)).isFalse();
  }

  @Test
  void codeAndCatalogueDeclarationsAddUp() {
    JourneyDefinition fromFile = parse("{version: 2, journeys: [{name: checkout, expected: {statuses: [409]}}]}")
        .find("checkout").orElseThrow();
    JourneyDefinition both = fromFile.toBuilder().expectedOutcome(IllegalStateException.class).build();
    assertThat(both.expected().statuses()).containsExactly(409);
    assertThat(both.expected().exceptions()).containsExactly("java.lang.IllegalStateException");
    assertThat(both.isExpectedOutcome(new IllegalStateException())).isTrue();
    assertThat(both).isNotEqualTo(fromFile);
  }

  /** A newer file is read, not refused: one shared catalogue rolls out before every service upgrades. */
  @Test
  void aNewerVersionIsReadWithAWarningNamingEachUnknownKey() {
    java.util.List<java.util.logging.LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Logger log = java.util.logging.Logger.getLogger(JourneyCatalogue.class.getName());
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override public void publish(java.util.logging.LogRecord r) { logged.add(r); }
      @Override public void flush() {}
      @Override public void close() {}
    };
    log.addHandler(handler);
    try {
      JourneyCatalogue catalogue = parse("""
          version: 3
          owners: [shop-team]
          journeys:
            - name: checkout
              selectors: {button: "#buy"}
              expected: {statuses: [409], retries: 2}
              slo: {availability: 99.9, budget-policy: freeze}
          """);

      assertThat(catalogue.knows("checkout")).isTrue();
      assertThat(catalogue.version()).isEqualTo(3);
      assertThat(catalogue.find("checkout").orElseThrow().isExpectedStatus(409)).isTrue();
      assertThat(catalogue.warnings()).containsExactly(
          "journeys.yaml: top level: ignored key 'owners': catalogue version 3 is newer than this library reads (2); upgrade cuj to use it",
          "journeys.yaml: journey 'checkout': ignored key 'selectors': catalogue version 3 is newer than this library reads (2); upgrade cuj to use it",
          "journeys.yaml: journey 'checkout': slo: ignored key 'budget-policy': catalogue version 3 is newer than this library reads (2); upgrade cuj to use it",
          "journeys.yaml: journey 'checkout': expected: ignored key 'retries': catalogue version 3 is newer than this library reads (2); upgrade cuj to use it");
      assertThat(logged).extracting(java.util.logging.LogRecord::getLevel)
          .containsOnly(java.util.logging.Level.WARNING).hasSize(4);
      assertThat(logged).extracting(java.util.logging.LogRecord::getMessage)
          .containsExactlyElementsOf(catalogue.warnings());
    } finally {
      log.removeHandler(handler);
    }
  }

  interface Retryable {}

  static final class RetryableFailure extends RuntimeException implements Retryable {
    RetryableFailure() {
      super("try again");
    }
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
    "version not number  | {version: two, journeys: []}                                  | 'version' must be a whole number such as 2, was 'two'",
    "version zero        | {version: 0, journeys: []}                                    | 'version' must be a whole number",
    "v2 key in version 1 | {version: 1, journeys: [{name: a, expected: {statuses: [404]}}]} | journey 'a': unknown key 'expected' (allowed: critical, dashboard, description, name, routes, slo); 'expected' needs 'version: 2'",
    "unknown key in v2   | {version: 2, journeys: [{name: a, runbok: https://x.example}]} | journey 'a': unknown key 'runbok'",
    "expected not map    | {version: 2, journeys: [{name: a, expected: [404]}]}         | journey 'a': expected must be a mapping",
    "expected typo       | {version: 2, journeys: [{name: a, expected: {status: [404]}}]} | journey 'a': expected: unknown key 'status'",
    "simple class name   | {version: 2, journeys: [{name: a, expected: {exceptions: [OutOfStock]}}]} | journey 'a': expected: expected exception 'OutOfStock' is not a fully qualified class name",
    "status 200          | {version: 2, journeys: [{name: a, expected: {statuses: [200]}}]} | journey 'a': expected: expected status 200 is not an HTTP error status (400 to 599)",
    "status as text      | {version: 2, journeys: [{name: a, expected: {statuses: [not-found]}}]} | journey 'a': expected.statuses: 'not-found' is not an HTTP status",
    "statuses not list   | {version: 2, journeys: [{name: a, expected: {statuses: 404}}]} | journey 'a': expected.statuses must be a list like [404, 409]",
    "runbook not a URL   | {version: 2, journeys: [{name: a, runbook: see wiki}]}       | journey 'a': runbook 'see wiki' is not an absolute http(s) URL",
    "browser no threshold| {version: 2, journeys: [{name: a, slo: {availability: 99, browser: {percentile: 95}}}]} | journey 'a': slo.browser.threshold is missing",
    "browser typo        | {version: 2, journeys: [{name: a, slo: {availability: 99, browser: {percentil: 95, threshold: 2s}}}]} | journey 'a': slo.browser: unknown key 'percentil'",
    "v3 bad known value  | {version: 3, journeys: [{name: a, critical: maybe}]}          | journey 'a': 'critical' must be true or false",
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
