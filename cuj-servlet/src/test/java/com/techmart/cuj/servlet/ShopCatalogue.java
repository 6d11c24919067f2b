package com.techmart.cuj.servlet;

import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.JourneyDefinition;

/** The shop's journeys and their routes, as a service's catalogue would declare them. */
final class ShopCatalogue {

  static final JourneyCatalogue CATALOGUE = JourneyCatalogue.builder()
      .add(JourneyDefinition.builder("checkout").route("POST /api/orders").build())
      .add(JourneyDefinition.builder("product-discovery")
          .route("GET /api/products").route("GET /api/products/{id}").build())
      .add(JourneyDefinition.builder("order-lookup").critical(false).route("GET /api/orders/{id}").build())
      .add(JourneyDefinition.builder("reporting").route("GET /api/reports/{id}").route("GET /api/slow-report").build())
      .add(JourneyDefinition.builder("failing").route("GET /api/fail").route("GET /api/unavailable")
          .route("GET /api/missing").route("GET /api/bad-message").route("GET /api/hang-up")
          .route("GET /api/dispatch").build())
      .build();

  private ShopCatalogue() {}
}
