package com.techmart.cuj.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.micronaut.context.ApplicationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With {@code cuj.fail-fast=true} (an opt-in) a bad {@code cuj.*} value stops the application at
 * start-up, and the error's first line names the key and the problem. Without it, see
 * {@link ConfigurationProblemTest}.
 */
class MisconfigurationTest {

  private static Throwable startWith(Map<String, Object> properties) {
    Map<String, Object> all = new HashMap<>(properties);
    all.put("micronaut.application.name", "misconfigured");
    all.put("cuj.fail-fast", true);
    // A good catalogue unless the case is about the catalogue: the error is the case's own problem.
    all.putIfAbsent("cuj.catalogue", "classpath:cuj/test-journeys.yaml");
    Throwable thrown = catchThrowable(() -> ApplicationContext.run(all).close());
    assertThat(thrown).as("start-up must fail for %s", properties).isNotNull();
    return thrown;
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        Arguments.of(Map.of("cuj.trust", "maybe"), "cuj.trust", "not one of: known, open, none"),
        Arguments.of(Map.of("cuj.catalogue", "classpath:cuj/broken.yaml"), "cuj.catalogue",
            "availability"),
        Arguments.of(Map.of("cuj.catalogue", "classpath:cuj/no-such-catalogue.yaml"), "cuj.catalogue",
            "no such resource"),
        Arguments.of(Map.of("cuj.routes", Map.of("FETCH /api/orders", "checkout")), "cuj.routes",
            "unknown HTTP method 'FETCH'"),
        Arguments.of(Map.of("cuj.routes", Map.of("GET api/orders", "checkout")), "cuj.routes",
            "path must start with '/'"),
        Arguments.of(Map.of("cuj.routes", Map.of("GET /api/orders", "Order_Lookup")), "cuj.routes",
            "not lowercase kebab-case"),
        Arguments.of(Map.of("cuj.routes", List.of("GET /api/orders order-lookup")), "cuj.routes[0]",
            "expected 'METHOD /path -> journey'"),
        Arguments.of(Map.of("cuj.journeys[0].name", "Checkout"), "cuj.journeys[0].name",
            "not lowercase kebab-case"),
        Arguments.of(Map.of("cuj.journeys[0].name", "gift-wrap", "cuj.journeys[0].slo", "fast"),
            "cuj.journeys[0].slo", "unknown key"),
        Arguments.of(Map.of("cuj.journeys[0].name", "gift-wrap", "cuj.journeys[0].critical", "sometimes"),
            "cuj.journeys[0].critical", "true or false"),
        Arguments.of(Map.of("cuj.catalogue", "classpath:cuj/test-journeys.yaml",
            "cuj.journeys[0].name", "checkout"), "cuj.journeys[0].name", "declared twice"),
        Arguments.of(Map.of("cuj.correlation-header", "X Correlation"), "cuj.correlation-header",
            "HTTP header name"),
        // A caller must never decide the journey or the correlation id at an edge.
        Arguments.of(Map.of("cuj.trust", "none", "cuj.baggage.allow", List.of("tenant", "cuj.name")),
            "cuj.baggage.allow", "cannot be allowed from outside"),
        Arguments.of(Map.of("cuj.trust", "none", "cuj.baggage.allow", "correlation.id"),
            "cuj.baggage.allow", "cannot be allowed from outside"));
  }

  @ParameterizedTest
  @MethodSource("badSettings")
  void badSettingFailsStartWithItsKey(Map<String, Object> properties, String key, String problem) {
    Throwable thrown = startWith(properties);
    assertThat(thrown.getMessage().lines().findFirst().orElseThrow())
        .as("the first line of the start-up error").startsWith(key + ": ").contains(problem);
  }

  @Test
  void missingCatalogueFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("journeys.yaml");
    Throwable thrown = startWith(Map.of("cuj.catalogue", missing.toString()));
    assertThat(thrown.getMessage()).startsWith("cuj.catalogue: " + missing + ": no such file");
  }

  @Test
  void unreadableCatalogueFileIsNamed(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("journeys.yaml"), "version: 1\njourneys: [ {name: ");
    Throwable thrown = startWith(Map.of("cuj.catalogue", file.toString()));
    assertThat(thrown.getMessage()).contains("cuj.catalogue: ").contains("not valid YAML");
  }

  @Test
  void goodSettingsStart(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("journeys.yaml"),
        "version: 1\njourneys:\n  - name: checkout\n    routes: [\"POST /api/orders\"]\n");
    try (ApplicationContext context = ApplicationContext.run(Map.of(
        "cuj.catalogue", file.toString(),
        "cuj.trust", "NONE",
        "cuj.routes", List.of("GET /api/orders/{id} -> order-lookup"),
        "cuj.correlation-header", "X-Request-ID"))) {
      JourneySettings settings = context.getBean(JourneySettings.class);
      assertThat(settings.trustMode()).isEqualTo(com.techmart.cuj.TrustMode.NONE);
      assertThat(settings.routes().match("GET", "/api/orders/9")).hasValue("order-lookup");
      assertThat(settings.routes().match("POST", "/api/orders")).hasValue("checkout");
      assertThat(settings.correlationHeader()).isEqualTo("X-Request-ID");
    }
  }
}
