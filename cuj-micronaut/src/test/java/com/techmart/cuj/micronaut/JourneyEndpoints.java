package com.techmart.cuj.micronaut;

import com.techmart.cuj.CorrelationId;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Controller methods that are journeys, one per kind of result. */
@Controller("/j")
@Requires(property = "test.role", value = "journeys")
class JourneyEndpoints {

  private static final Logger LOG = LoggerFactory.getLogger(JourneyEndpoints.class);

  private final Tracer tracer;
  private final ExecutorService io;

  JourneyEndpoints(OpenTelemetry openTelemetry, @Named(TaskExecutors.IO) ExecutorService io) {
    this.tracer = openTelemetry.getTracer("test");
    this.io = io;
  }

  /** A unit of work inside the journey: a child span, and a log line with the MDC. */
  private String work(String what) {
    Span span = tracer.spanBuilder("work." + what).startSpan();
    try {
      LOG.info("working on {}", what);
      return what + " journey=" + Baggage.current().getEntryValue("cuj.name")
          + " correlation=" + MDC.get(CorrelationId.MDC_KEY);
    } finally {
      span.end();
    }
  }

  @Get("/sync")
  @Journey("checkout")
  String sync() {
    return work("sync");
  }

  @Get("/sync-fail")
  @Journey("checkout")
  String syncFail() {
    work("sync-fail");
    throw new IllegalStateException("payment service down");
  }

  @Get("/expected")
  @Journey(value = "checkout", expected = OutOfStockException.class)
  String expected() {
    throw new OutOfStockException("sold out");
  }

  @Get("/expected-by-catalogue")
  @Journey("order-lookup")
  String expectedByCatalogue() {
    work("expected-by-catalogue");
    throw new OrderMissingException("no order 7");
  }

  @Get("/blocking")
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Journey("order-lookup")
  String blocking() {
    return work("blocking");
  }

  @Get("/stage")
  @Journey("checkout")
  CompletionStage<String> stage() {
    // Micronaut's executors carry the propagated context, and with it the journey.
    return CompletableFuture.supplyAsync(() -> work("stage"), io);
  }

  @Get("/stage-fail")
  @Journey("checkout")
  CompletableFuture<String> stageFail() {
    return CompletableFuture.supplyAsync(() -> {
      throw new IllegalStateException("stock service down");
    }, io);
  }

  @Get("/mono")
  @Journey("product-discovery")
  Mono<String> mono() {
    return Mono.fromCallable(() -> work("mono")).subscribeOn(Schedulers.boundedElastic());
  }

  @Get("/mono-fail")
  @Journey("product-discovery")
  Mono<String> monoFail() {
    return Mono.<String>error(new IllegalStateException("search index down"))
        .subscribeOn(Schedulers.parallel());
  }

  @Get(value = "/flux", produces = MediaType.APPLICATION_JSON)
  @Journey("product-discovery")
  Flux<String> flux() {
    return Flux.range(1, 3)
        .publishOn(Schedulers.parallel())
        .map(i -> work("flux-" + i));
  }

  @Get(value = "/flux-fail", produces = MediaType.APPLICATION_JSON)
  @Journey("product-discovery")
  Flux<String> fluxFail() {
    return Flux.<String>error(new IllegalStateException("catalogue gone"))
        .subscribeOn(Schedulers.parallel());
  }

  /** Streams until the client goes away. */
  @Get("/stream")
  @Produces(MediaType.TEXT_EVENT_STREAM)
  @Journey("product-discovery")
  Flux<String> stream() {
    // Ticks the client is not ready for are dropped: a loaded machine must not end the stream.
    return Flux.interval(Duration.ofMillis(20)).onBackpressureDrop().map(i -> "tick " + i);
  }
}
