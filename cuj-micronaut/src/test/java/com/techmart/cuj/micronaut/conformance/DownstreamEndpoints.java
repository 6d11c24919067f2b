package com.techmart.cuj.micronaut.conformance;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;

/** The second service of the HTTP hop: no journey of its own. */
@Controller
@Requires(property = "test.role", value = "conformance-downstream")
class DownstreamEndpoints {

  private final Tracer tracer;

  DownstreamEndpoints(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer("downstream-work");
  }

  @Get("/down")
  String down() {
    tracer.spanBuilder("downstream-work").startSpan().end();
    return "stock reserved";
  }
}
