package com.techmart.cuj.servlet;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.techmart.cuj.BaggageTrustPolicy.Rejection;
import com.techmart.cuj.JourneyAttributes;
import com.techmart.cuj.JourneyRoutes;
import com.techmart.cuj.JourneyRunner;
import com.techmart.cuj.Journeys;
import com.techmart.cuj.TrustMode;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.Test;

/** Edge services, filters declared by class name, and configuration mistakes. */
class JourneyFilterConfigurationTest {

  @Test
  void anEdgeServiceAcceptsNoJourneyFromOutsideButStillRunsItsRoutes() throws Exception {
    try (TestShop edge = new TestShop(TrustMode.NONE)) {
      var fromOutside = edge.send("GET", "/health", "baggage", "cuj.name=checkout");
      var route = edge.send("POST", "/api/orders", "baggage", "cuj.name=order-lookup");

      assertThat(edge.seen(fromOutside)).containsEntry("journey", "none");
      assertThat(edge.seen(route)).containsEntry("journey", "checkout");
      assertThat(edge.awaitSpan("GET").getAttributes().get(JourneyAttributes.CUJ_NAME)).isNull();
      assertThat(edge.awaitSpan("POST /api/orders")).hasAttribute(JourneyAttributes.CUJ_NAME, "checkout");
      assertThat(edge.rejections(Rejection.UNTRUSTED_SOURCE)).isEqualTo(2);
    }
  }

  @Test
  void routesGivenInCodeReplaceTheCataloguesOnes() throws Exception {
    try (TestShop shop = new TestShop(TrustMode.KNOWN,
        s -> new FilterHolder(JourneyFilter.builder(s.sdk, s.journeys)
            .routes(JourneyRoutes.builder().route("GET /legacy/order.jsp", "order-lookup").build())
            .build()),
        handler -> { })) {
      assertThat(shop.seen(shop.send("GET", "/legacy/order.jsp"))).containsEntry("journey", "order-lookup");
      assertThat(shop.seen(shop.send("POST", "/api/orders"))).containsEntry("journey", "none");
    }
  }

  @Test
  void aFilterDeclaredByClassNameUsesTheGlobalSetupAndItsInitParameter() throws Exception {
    try (TestShop shop = new TestShop(TrustMode.KNOWN,
        s -> {
          // What an application (or the Java agent) does at start-up.
          GlobalOpenTelemetry.resetForTest();
          GlobalOpenTelemetry.set(s.sdk);
          Journeys.setRunner(s.journeys);
          FilterHolder holder = new FilterHolder(JourneyFilter.class);
          holder.setInitParameter(JourneyFilter.ROUTES_PARAM,
              // one line in the shared syntax, one in the servlet filter's old form (still read)
              "GET /legacy/orders/{id} -> order-lookup;\n POST /legacy/cart/checkout = checkout");
          return holder;
        },
        handler -> { })) {
      assertThat(shop.seen(shop.send("GET", "/legacy/orders/12"))).containsEntry("journey", "order-lookup");
      assertThat(shop.seen(shop.send("POST", "/legacy/cart/checkout"))).containsEntry("journey", "checkout");
      // The catalogue's own routes still apply.
      assertThat(shop.seen(shop.send("GET", "/api/products/3"))).containsEntry("journey", "product-discovery");
      assertThat(shop.awaitSpans(l -> l.stream().filter(s -> s.getKind() == SpanKind.SERVER).count() == 3)
          .stream().filter(s -> s.getKind() == SpanKind.SERVER))
          .extracting(s -> s.getName())
          .containsExactlyInAnyOrder("GET /legacy/orders/{id}", "POST /legacy/cart/checkout", "GET /api/products/{id}");
    } finally {
      GlobalOpenTelemetry.resetForTest();
    }
  }

  @Test
  void aMalformedRouteParameterStopsTheFilterAtStartUpNamingTheMistake() {
    Map<String, String> tried = Map.of(
        "GET /api/orders", "expected 'METHOD /path -> journey'",
        "FETCH /api/orders -> checkout", "unknown HTTP method 'FETCH'",
        "GET api/orders -> checkout", "path must start with '/'",
        "GET /api/orders -> Checkout!", "Checkout!");
    Journeys.setRunner(JourneyRunner.builder(OpenTelemetry.noop())
        .catalogue(ShopCatalogue.CATALOGUE).build());
    tried.forEach((routes, message) ->
        assertThatThrownBy(() -> new JourneyFilter().init(config(routes)))
            .as(routes)
            .isInstanceOf(ServletException.class)
            .hasMessageStartingWith("JourneyFilter init parameter cuj.routes: ")
            .hasMessageContaining(message));
  }

  @Test
  void aFilterUsedWithoutInitSaysSoInsteadOfFailingObscurely() {
    assertThatThrownBy(() -> new JourneyFilter().doFilter(null, null, null))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("JourneyFilter was not initialised");
    assertThatThrownBy(() -> JourneyFilter.create(null, Journeys.runner()))
        .isInstanceOf(NullPointerException.class).hasMessage("openTelemetry");
  }

  /** Just the configuration data a container passes to {@code init}; nothing else is used. */
  private static FilterConfig config(String routes) {
    return new FilterConfig() {
      @Override
      public String getFilterName() {
        return "journeys";
      }

      @Override
      public ServletContext getServletContext() {
        return null;
      }

      @Override
      public String getInitParameter(String name) {
        return JourneyFilter.ROUTES_PARAM.equals(name) ? routes : null;
      }

      @Override
      public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(List.of(JourneyFilter.ROUTES_PARAM));
      }
    };
  }
}
