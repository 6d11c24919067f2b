package com.techmart.cuj;

import com.techmart.cuj.spi.JourneyRoutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoutesTest {

  private final JourneyRoutes routes = JourneyRoutes.builder()
      .route("GET /api/products", "product-discovery")
      .route("GET /api/products/{id}", "product-discovery")
      .route("POST /api/orders", "checkout")
      .route("GET /api/orders/{id}", "order-lookup")
      .route("* /api/orders/export", "order-export")
      .build();

  @Test
  void everyAdapterReadsRoutesInOneSyntaxAndTheOldServletFormStillWorks() {
    JourneyRoutes parsed = JourneyRoutes.builder()
        .parse("POST /api/orders -> checkout, GET /api/orders/{id} -> order-lookup;\n"
            + "GET /api/products = product-discovery")
        .build();

    assertThat(parsed.match("POST", "/api/orders")).contains("checkout");
    assertThat(parsed.match("GET", "/api/orders/7")).contains("order-lookup");
    assertThat(parsed.match("GET", "/api/products")).contains("product-discovery");
    assertThatThrownBy(() -> JourneyRoutes.builder().parse("GET /api/orders order-lookup"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'GET /api/orders order-lookup': expected 'METHOD /path -> journey'");
  }

  @Test
  void requestsMapToTheirJourneys() {
    assertThat(routes.match("POST", "/api/orders")).contains("checkout");
    assertThat(routes.match("post", "/api/orders/")).contains("checkout");
    assertThat(routes.match("GET", "/api/orders/42")).contains("order-lookup");
    assertThat(routes.match("GET", "/api/products?page=2")).contains("product-discovery");
    assertThat(routes.match("GET", "/api/products/7")).contains("product-discovery");
  }

  @Test
  void literalRouteBeatsTemplateAndMethodMatters() {
    assertThat(routes.match("GET", "/api/orders/export")).contains("order-export");
    assertThat(routes.match("DELETE", "/api/orders/42")).isEmpty();
    assertThat(routes.match("GET", "/api/orders")).isEmpty();
    assertThat(routes.match("GET", "/api/orders//")).isEmpty();
    assertThat(routes.match("GET", null)).isEmpty();
  }

  @Test
  void malformedRoutesAreRejectedWithTheReason() {
    assertThatThrownBy(() -> JourneyRoutes.builder().route("/api/orders", "checkout"))
        .hasMessageContaining("not 'METHOD /path'");
    assertThatThrownBy(() -> JourneyRoutes.builder().route("FETCH /api/orders", "checkout"))
        .hasMessageContaining("unknown HTTP method");
    assertThatThrownBy(() -> JourneyRoutes.builder().route("GET api/orders", "checkout"))
        .hasMessageContaining("must start with '/'");
    assertThatThrownBy(() -> JourneyRoutes.builder().route("GET /api/orders/id{x}", "checkout"))
        .hasMessageContaining("whole segment");
    assertThatThrownBy(() -> JourneyRoutes.builder().route("GET /x", "Bad"))
        .hasMessageContaining("kebab-case");
    assertThatThrownBy(() -> JourneyRoutes.builder().route("GET /x", "a").route("GET /x", "b"))
        .hasMessageContaining("mapped to two journeys");
  }

  @Test
  void catalogueRoutesBecomeAMapping() {
    JourneyRoutes fromFile = JourneyRoutes.fromCatalogue(
        JourneyCatalogue.loadResource("catalogues/shop.yaml"));
    assertThat(fromFile.match("POST", "/api/orders")).contains("checkout");
  }
}
