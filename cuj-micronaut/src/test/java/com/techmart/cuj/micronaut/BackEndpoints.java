package com.techmart.cuj.micronaut;

import com.techmart.cuj.CorrelationId;
import com.techmart.cuj.JourneyRunner;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The second service (and the target of hostile requests): reports what it received. */
@Controller("/back")
@Requires(property = "test.role", value = "back")
class BackEndpoints {

  private static final Logger LOG = LoggerFactory.getLogger(BackEndpoints.class);

  private final Tracer tracer;
  private final JourneyRunner journeys;

  BackEndpoints(OpenTelemetry openTelemetry, JourneyRunner journeys) {
    this.tracer = openTelemetry.getTracer("test");
    this.journeys = journeys;
  }

  @Get("/stock")
  String stock() {
    Span span = tracer.spanBuilder("back.stock-query").startSpan();
    try {
      LOG.info("stock query");
      TreeMap<String, String> baggage = new TreeMap<>();
      Baggage.current().forEach((k, v) -> baggage.put(k, v.getValue()));
      return "journey=" + journeys.current().map(j -> j.name()).orElse("none")
          + " correlation=" + MDC.get(CorrelationId.MDC_KEY)
          + " baggage=" + baggage;
    } finally {
      span.end();
    }
  }
}
