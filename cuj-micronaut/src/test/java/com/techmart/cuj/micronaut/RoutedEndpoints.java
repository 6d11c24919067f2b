package com.techmart.cuj.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;

/** Plain controllers without annotations: their journeys come from configuration. */
@Controller("/routed")
@Requires(property = "test.role", value = "routes")
class RoutedEndpoints {

  private final Tracer tracer;

  RoutedEndpoints(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer("test");
  }

  private String work(String what) {
    Span span = tracer.spanBuilder("work." + what).startSpan();
    span.end();
    return what;
  }

  @Post("/orders")
  String placeOrder() {
    return work("place-order");
  }

  @Get("/orders/{id}")
  String order(String id) {
    return work("order-" + id);
  }

  @Get("/products/{id}")
  String product(String id) {
    return work("product-" + id);
  }

  @Get("/broken")
  String broken() {
    throw new IllegalStateException("database unreachable");
  }

  @Get("/annotated")
  @Journey("order-lookup")
  public String annotated() {
    return work("annotated");
  }

  @Get("/gone")
  io.micronaut.http.HttpResponse<String> gone() {
    work("gone");
    return io.micronaut.http.HttpResponse.notFound("no such product");
  }

  @Get("/busy")
  io.micronaut.http.HttpResponse<String> busy() {
    work("busy");
    return io.micronaut.http.HttpResponse.status(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE);
  }

  @Get("/health")
  String health() {
    return work("health");
  }
}
