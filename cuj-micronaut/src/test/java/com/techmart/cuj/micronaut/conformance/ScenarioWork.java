package com.techmart.cuj.micronaut.conformance;

import com.techmart.cuj.testing.conformance.CatalogueDeclaredException;
import com.techmart.cuj.testing.conformance.DeclaredOutcomeException;
import com.techmart.cuj.testing.conformance.Deadlines;
import com.techmart.cuj.testing.conformance.MappedToConflictException;
import com.techmart.cuj.testing.conformance.Scenario;
import com.techmart.cuj.testing.conformance.ScenarioCheckedException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.scheduling.TaskExecutors;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What a handler does in each scenario, the same for every kind of result. */
@Singleton
@Requires(property = "test.role", value = "conformance")
class ScenarioWork {

  private final Tracer tracer;
  private final ExecutorService io;
  private final HttpClient downstream;
  private final NestedJourneys nested;
  final Gates gates;

  ScenarioWork(OpenTelemetry openTelemetry, @Named(TaskExecutors.IO) ExecutorService io,
      @Client(id = "downstream") HttpClient downstream, NestedJourneys nested, Gates gates) {
    this.tracer = openTelemetry.getTracer("conformance-work");
    this.io = io;
    this.downstream = downstream;
    this.nested = nested;
    this.gates = gates;
  }

  /** One span of work inside the journey. */
  String work() {
    tracer.spanBuilder("work").startSpan().end();
    return "done";
  }

  /** The synchronous answer to {@code scenario}: a response, or an exception. */
  HttpResponse<String> now(Scenario scenario) throws Exception {
    work();
    return switch (scenario) {
      case SUCCESS, CORRELATION_ID_IN, CORRELATION_ID_OUT, CORRELATION_ID_HOSTILE -> HttpResponse.ok("ok");
      case CHECKED_EXCEPTION -> throw new ScenarioCheckedException("card declined");
      case UNCHECKED_EXCEPTION, SERVER_ERROR_THROWN -> throw new IllegalStateException("bug");
      case DECLARED_EXPECTED_IN_CODE -> throw new DeclaredOutcomeException("out of stock");
      case DECLARED_EXPECTED_IN_CATALOGUE -> throw new CatalogueDeclaredException("coupon expired");
      case DECLARED_STATUS_IN_CATALOGUE -> HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).body("closed for stock-taking");
      case CLIENT_ERROR_4XX -> HttpResponse.notFound("no such order");
      case SERVER_ERROR_RETURNED -> HttpResponse.serverError("payment provider down");
      case EXCEPTION_MAPPED_TO_4XX -> throw new MappedToConflictException("order changed meanwhile");
      case TIMEOUT -> throw new TimeoutException("payment provider did not answer within 2 s");
      case TIMEOUT_AS_CANCELLATION -> throw Deadlines.cancellation();
      case NESTED_OTHER_NAME -> HttpResponse.ok(nested.other(this::work));
      case NESTED_SAME_NAME -> HttpResponse.ok(nested.same(this::work));
      case HTTP_HOP -> HttpResponse.ok(downstream.toBlocking().retrieve(HttpRequest.GET("/down"), String.class));
      case CLIENT_DISCONNECTS -> {
        gates.enterAndWait();
        yield HttpResponse.ok("too late");
      }
      default -> throw new UnsupportedOperationException(scenario.name());
    };
  }

  /** The answer to {@code scenario} as a stage, completed on another thread where it is async. */
  CompletionStage<HttpResponse<String>> later(Scenario scenario) {
    return switch (scenario) {
      case ASYNC_SUCCESS -> CompletableFuture.supplyAsync(() -> HttpResponse.ok(work()), io);
      case ASYNC_FAILURE -> CompletableFuture.supplyAsync(() -> {
        work();
        throw new IllegalStateException("stock service down");
      }, io);
      case TIMEOUT -> {
        work();
        yield new CompletableFuture<HttpResponse<String>>().orTimeout(50, TimeUnit.MILLISECONDS);
      }
      case TIMEOUT_AS_CANCELLATION, CHECKED_EXCEPTION, DECLARED_EXPECTED_IN_CODE, DECLARED_EXPECTED_IN_CATALOGUE, UNCHECKED_EXCEPTION,
          SERVER_ERROR_THROWN, EXCEPTION_MAPPED_TO_4XX -> CompletableFuture.supplyAsync(() -> {
            try {
              return now(scenario);
            } catch (RuntimeException e) {
              throw e;
            } catch (Exception e) {
              throw new java.util.concurrent.CompletionException(e);
            }
          }, io);
      case HTTP_HOP -> {
        work();
        yield CompletableFuture.supplyAsync(() -> HttpResponse.ok(
            downstream.toBlocking().retrieve(HttpRequest.GET("/down"), String.class)), io);
      }
      case CLIENT_DISCONNECTS -> {
        work();
        yield gates.enter().thenApply(ignored -> HttpResponse.ok("too late"));
      }
      default -> {
        try {
          yield CompletableFuture.completedFuture(now(scenario));
        } catch (Exception e) {
          yield CompletableFuture.failedFuture(e);
        }
      }
    };
  }
}
