package com.techmart.cuj.micronaut;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Journeys whose results never finish by themselves, to be cancelled by the test. */
@Singleton
@Requires(property = "test.role", value = "journeys")
class SlowJourneys {

  final Sinks.Many<String> feed = Sinks.many().multicast().directBestEffort();

  @Journey("product-discovery")
  Flux<String> follow() {
    return feed.asFlux();
  }

  @Journey("checkout")
  Mono<String> await() {
    return Mono.never();
  }
}
