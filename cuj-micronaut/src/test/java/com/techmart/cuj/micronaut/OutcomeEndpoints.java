package com.techmart.cuj.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import org.awaitility.Awaitility;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/** Endpoints and beans whose journeys end in each way DESIGN §4 "Outcomes" lists. */
@Controller("/o")
@Requires(property = "test.role", value = "outcomes")
class OutcomeEndpoints {

  private final OutcomeBeans beans;

  OutcomeEndpoints(OutcomeBeans beans) {
    this.beans = beans;
  }

  @Get("/returns-500")
  @Journey("checkout")
  HttpResponse<String> returns500() {
    return HttpResponse.serverError("the warehouse said no");
  }

  @Get("/mapped-409")
  @Journey("checkout")
  String mapped409() {
    throw new HttpStatusException(HttpStatus.CONFLICT, "basket changed");
  }

  /** A route journey (cuj.routes) whose handler calls a bean journey of the same name. */
  @Get("/routed-checkout")
  String routedCheckout() throws IOException {
    return beans.placeOrder();
  }

  @Get("/empty")
  @Journey("product-discovery")
  Mono<String> empty() {
    return Mono.empty();
  }

  /** Answers once the server has seen the client close its connection. */
  @Get("/slow")
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Journey("order-lookup")
  String slow(io.micronaut.http.HttpRequest<?> request) {
    beans.entered.countDown();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ClientConnection.isGone(request));
    return "too late";
  }
}

@Singleton
@Requires(property = "test.role", value = "outcomes")
class OutcomeBeans {

  final CountDownLatch entered = new CountDownLatch(1);
  final AtomicInteger subscriptions = new AtomicInteger();

  @Journey("checkout")
  String placeOrder() throws IOException {
    return "order-1";
  }

  @Journey("payment")
  String charge() throws IOException {
    throw new IOException("card network unreachable");
  }

  @Journey("payment")
  CompletionStage<String> chargeLater() {
    return null;
  }

  @Journey("payment")
  Mono<String> flaky() {
    return Mono.defer(() -> subscriptions.incrementAndGet() < 3
        ? Mono.error(new IllegalStateException("try again"))
        : Mono.just("charged"));
  }
}
