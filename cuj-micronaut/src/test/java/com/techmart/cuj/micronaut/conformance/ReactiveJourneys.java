package com.techmart.cuj.micronaut.conformance;

import com.techmart.cuj.micronaut.Journey;
import com.techmart.cuj.testing.conformance.Deadlines;
import com.techmart.cuj.testing.conformance.JourneyConformanceSuite;
import com.techmart.cuj.testing.conformance.Scenario;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code @Journey} methods on a plain bean returning {@code Mono} and {@code Flux}: the scenarios
 * about subscriptions need a caller that subscribes (or not) itself.
 */
@Singleton
@Requires(property = "test.role", value = "conformance")
class ReactiveJourneys {

  private final ScenarioWork work;
  private final AtomicInteger subscriptions = new AtomicInteger();

  ReactiveJourneys(ScenarioWork work) {
    this.work = work;
  }

  @Journey(JourneyConformanceSuite.JOURNEY)
  Mono<String> mono(Scenario scenario) {
    subscriptions.set(0);
    return Mono.defer(() -> {
      work.work();
      return switch (scenario) {
        case EMPTY_REACTIVE -> Mono.<String>empty();
        case REACTIVE_ERROR -> Mono.<String>error(new IllegalStateException("search index down"));
        case RESUBSCRIPTION -> subscriptions.incrementAndGet() == 1
            ? Mono.<String>error(new IllegalStateException("first attempt fails")) : Mono.just("second works");
        case CALLER_CANCELS -> Mono.<String>never();
        case TIMEOUT_AS_CANCELLATION -> Mono.<String>error(Deadlines.cancellation());
        default -> Mono.just("ok");
      };
    });
  }

  @Journey(JourneyConformanceSuite.JOURNEY)
  Flux<String> flux(Scenario scenario) {
    subscriptions.set(0);
    return Flux.defer(() -> {
      work.work();
      return switch (scenario) {
        case EMPTY_REACTIVE -> Flux.<String>empty();
        case REACTIVE_ERROR -> Flux.<String>error(new IllegalStateException("search index down"));
        case RESUBSCRIPTION -> subscriptions.incrementAndGet() == 1
            ? Flux.<String>error(new IllegalStateException("first attempt fails")) : Flux.just("a", "b");
        case CALLER_CANCELS -> Flux.<String>never();
        case TIMEOUT_AS_CANCELLATION -> Flux.<String>error(Deadlines.cancellation());
        default -> Flux.just("a", "b");
      };
    });
  }
}
