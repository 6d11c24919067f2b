package com.techmart.cuj.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import reactor.core.publisher.Mono;

/** The first service: starts journeys and calls the second one with the Micronaut HTTP client. */
@Controller("/front")
@Requires(property = "test.role", value = "front")
class FrontEndpoints {

  private final HttpClient back;

  FrontEndpoints(@Client(id = "back") HttpClient back) {
    this.back = back;
  }

  @Get("/checkout")
  @Journey("checkout")
  Mono<String> checkout() {
    return Mono.from(back.retrieve(HttpRequest.GET("/back/stock"), String.class));
  }

  @Get("/gift-wrap")
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Journey("gift-wrap")
  String giftWrap() {
    return back.toBlocking().retrieve(HttpRequest.GET("/back/stock"), String.class);
  }

  /** No journey here: whatever reaches the second service came from the caller. */
  @Get("/plain")
  Mono<String> plain() {
    return Mono.from(back.retrieve(HttpRequest.GET("/back/stock"), String.class));
  }
}
