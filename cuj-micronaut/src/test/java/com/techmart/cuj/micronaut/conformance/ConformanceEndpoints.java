package com.techmart.cuj.micronaut.conformance;

import com.techmart.cuj.micronaut.Journey;
import com.techmart.cuj.testing.conformance.DeclaredOutcomeException;
import com.techmart.cuj.testing.conformance.JourneyConformanceSuite;
import com.techmart.cuj.testing.conformance.MappedToConflictException;
import com.techmart.cuj.testing.conformance.Scenario;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletionStage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** One handler per kind of result; the path names the scenario. */
@Controller("/c")
@Requires(property = "test.role", value = "conformance")
class ConformanceEndpoints {

  private final ScenarioWork work;

  ConformanceEndpoints(ScenarioWork work) {
    this.work = work;
  }

  @Get("/sync/{scenario}")
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Journey(value = JourneyConformanceSuite.JOURNEY, expected = DeclaredOutcomeException.class)
  HttpResponse<String> sync(Scenario scenario) throws Exception {
    return work.now(scenario);
  }

  @Get("/stage/{scenario}")
  @Journey(value = JourneyConformanceSuite.JOURNEY, expected = DeclaredOutcomeException.class)
  CompletionStage<HttpResponse<String>> stage(Scenario scenario) {
    return work.later(scenario);
  }

  @Get("/mono/{scenario}")
  @Journey(value = JourneyConformanceSuite.JOURNEY, expected = DeclaredOutcomeException.class)
  Mono<HttpResponse<String>> mono(Scenario scenario) {
    return Mono.fromCompletionStage(() -> work.later(scenario));
  }

  @Get(value = "/flux/{scenario}", produces = MediaType.APPLICATION_JSON)
  @Journey(value = JourneyConformanceSuite.JOURNEY, expected = DeclaredOutcomeException.class)
  Flux<String> flux(Scenario scenario) {
    return Mono.fromCompletionStage(() -> work.later(scenario)).flatMapMany(r -> Flux.just(r.body(), "more"));
  }

  /** A journey by route only ({@code cuj.routes} maps it to checkout). */
  @Get("/route/{scenario}")
  CompletionStage<HttpResponse<String>> route(Scenario scenario) {
    return work.later(scenario);
  }

  /** No journey: what a span carries here came with the request. */
  @Get("/plain")
  String plain() {
    return work.work();
  }

  @Singleton
  @Requires(property = "test.role", value = "conformance")
  @Produces
  static final class ConflictHandler implements ExceptionHandler<MappedToConflictException, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, MappedToConflictException exception) {
      return HttpResponse.status(HttpStatus.CONFLICT).body(exception.getMessage());
    }
  }
}
