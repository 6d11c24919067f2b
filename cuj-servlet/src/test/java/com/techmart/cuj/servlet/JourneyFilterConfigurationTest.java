package com.techmart.cuj.servlet;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.techmart.cuj.BaggageTrustPolicy.Rejection;
import com.techmart.cuj.JourneyAttributes;
import com.techmart.cuj.spi.JourneyRoutes;
import com.techmart.cuj.JourneyRunner;
import com.techmart.cuj.Journeys;
import com.techmart.cuj.TrustMode;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.net.http.HttpResponse;
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

  /**
   * An edge keeps no caller baggage but the keys its team allowlists ({@code cuj.baggage.allow}, as in
   * Micronaut's configuration and the agent's settings): the filter's own runner must honour the list,
   * or the trust check strips the allowed keys again.
   */
  @Test
  void anEdgeFilterKeepsTheCallersBaggageKeysItsInitParameterAllowsAndNoOthers() throws Exception {
    try (TestShop shop = new TestShop(TrustMode.KNOWN,
        declaredByClassName(Map.of("cuj.catalogue", "classpath:cuj/shop-journeys.yaml", "cuj.trust", "none",
            "cuj.baggage.allow", "tenant, region")),
        h -> { })) {
      HttpResponse<String> response = shop.send("GET", "/health", "baggage",
          "tenant=acme,region=eu,session=s3cr3t,cuj.name=checkout");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(shop.seen(response)).containsEntry("journey", "none")
          // correlation.id is the edge's own entry
          .containsEntry("baggage", "correlation.id+region+tenant");
    } finally {
      GlobalOpenTelemetry.resetForTest();
    }
  }

  @Test
  void aBadAllowedBaggageKeyIsAConfigurationProblemAndTheFilterServesWithJourneysOff() throws Exception {
    try (TestShop shop = new TestShop(TrustMode.KNOWN,
        declaredByClassName(Map.of("cuj.catalogue", "classpath:cuj/shop-journeys.yaml",
            "cuj.baggage.allow", "tenant,cuj.name")),
        h -> { })) {
      HttpResponse<String> order = shop.send("POST", "/api/orders", "baggage", "tenant=acme");

      assertThat(order.statusCode()).isEqualTo(201);
      assertThat(shop.seen(order)).containsEntry("journey", "none").containsEntry("baggage", "correlation.id");
      assertThat(shop.metrics.collectAllMetrics())
          .filteredOn(m -> m.getName().equals("cuj.config.errors"))
          .singleElement()
          .satisfies(m -> assertThat(m.getLongSumData().getPoints()).singleElement()
              .satisfies(p -> assertThat(p.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("reason")))
                  .isEqualTo("setting_invalid")));
    } finally {
      GlobalOpenTelemetry.resetForTest();
    }
  }

  /**
   * Observability never takes a service down: a filter declared by class name whose catalogue is
   * missing serves every request (no 404 from a failed filter), runs no journey, refuses journeys
   * from outside, logs one SEVERE line and counts the problem.
   */
  @Test
  void aMissingCatalogueLeavesTheServiceServingWithJourneysOffAndTheGuardAtTrustNone() throws Exception {
    List<java.util.logging.LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Logger log = java.util.logging.Logger.getLogger(JourneyFilter.class.getName());
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override public void publish(java.util.logging.LogRecord r) { logged.add(r); }
      @Override public void flush() {}
      @Override public void close() {}
    };
    log.addHandler(handler);
    try (TestShop shop = new TestShop(TrustMode.KNOWN,
        declaredByClassName(Map.of("cuj.catalogue", "classpath:cuj/no-such-journeys.yaml",
            JourneyFilter.ROUTES_PARAM, "GET /legacy/orders/{id} = order-lookup")),
        h -> { })) {
      HttpResponse<String> order = shop.send("POST", "/api/orders");
      HttpResponse<String> forged = shop.send("GET", "/health", "baggage", "cuj.name=checkout,cuj.critical=true");

      assertThat(order.statusCode()).isEqualTo(201);
      assertThat(shop.seen(order)).containsEntry("journey", "none");
      assertThat(forged.statusCode()).isEqualTo(200);
      assertThat(shop.seen(forged)).containsEntry("journey", "none");
      assertThat(shop.awaitSpans(l -> l.stream().filter(s -> s.getKind() == SpanKind.SERVER).count() == 2))
          .noneMatch(s -> s.getName().startsWith("cuj."))
          .allSatisfy(s -> assertThat(s.getAttributes().get(JourneyAttributes.CUJ_NAME)).isNull());
      assertThat(logged).filteredOn(r -> r.getLevel() == java.util.logging.Level.SEVERE)
          .singleElement()
          .extracting(java.util.logging.LogRecord::getMessage).asString()
          .startsWith("cuj: journeys OFF, cuj.catalogue: classpath:cuj/no-such-journeys.yaml: no such resource on the class path");
      assertThat(shop.metrics.collectAllMetrics())
          .filteredOn(m -> m.getName().equals("cuj.config.errors"))
          .singleElement()
          .satisfies(m -> assertThat(m.getLongSumData().getPoints()).singleElement()
              .satisfies(p -> {
                assertThat(p.getValue()).isEqualTo(1);
                assertThat(p.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("reason")))
                    .isEqualTo("catalogue_missing");
              }));
    } finally {
      log.removeHandler(handler);
      GlobalOpenTelemetry.resetForTest();
    }
  }

  @Test
  void withFailFastAMissingCatalogueStopsTheFilterWithTheProblemAsItsMessage() {
    assertThatThrownBy(() -> new JourneyFilter().init(config(Map.of(
        "cuj.catalogue", "classpath:cuj/no-such-journeys.yaml", "cuj.fail-fast", "true"))))
        .isInstanceOf(ServletException.class)
        .hasMessage("cuj.catalogue: classpath:cuj/no-such-journeys.yaml: no such resource on the class path");
  }

  @Test
  void withFailFastAMalformedRouteParameterStopsTheFilterAtStartUpNamingTheMistake() {
    Map<String, String> tried = Map.of(
        "GET /api/orders", "expected 'METHOD /path -> journey'",
        "FETCH /api/orders -> checkout", "unknown HTTP method 'FETCH'",
        "GET api/orders -> checkout", "path must start with '/'",
        "GET /api/orders -> Checkout!", "Checkout!");
    Journeys.setRunner(JourneyRunner.builder(OpenTelemetry.noop())
        .catalogue(ShopCatalogue.CATALOGUE).build());
    tried.forEach((routes, message) ->
        assertThatThrownBy(() -> new JourneyFilter().init(config(Map.of(JourneyFilter.ROUTES_PARAM, routes,
                "cuj.catalogue", "classpath:cuj/shop-journeys.yaml", "cuj.fail-fast", "true"))))
            .as(routes)
            .isInstanceOf(ServletException.class)
            .hasMessageStartingWith("cuj.routes: JourneyFilter init parameter: ")
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
  private static FilterConfig config(Map<String, String> params) {
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
        return params.get(name);
      }

      @Override
      public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(params.keySet());
      }
    };
  }

  /**
   * A filter declared by class name (as {@code web.xml} does) on the global SDK, with these init
   * parameters.
   */
  private static java.util.function.Function<TestShop, FilterHolder> declaredByClassName(
      Map<String, String> initParameters) {
    return s -> {
      GlobalOpenTelemetry.resetForTest();
      GlobalOpenTelemetry.set(s.sdk);
      FilterHolder holder = new FilterHolder(JourneyFilter.class);
      initParameters.forEach(holder::setInitParameter);
      return holder;
    };
  }
}
