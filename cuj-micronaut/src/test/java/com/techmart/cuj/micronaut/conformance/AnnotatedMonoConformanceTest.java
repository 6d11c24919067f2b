package com.techmart.cuj.micronaut.conformance;

import com.techmart.cuj.testing.conformance.Scenario;
import java.util.Map;
import com.techmart.cuj.testing.conformance.ScenarioRun;
import java.time.Duration;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** {@code @Journey} returning {@code Mono}: on a controller, and on a bean for the subscription scenarios. */
class AnnotatedMonoConformanceTest extends MicronautConformance {

  @Override
  protected String stack() {
    return "Micronaut @Journey Mono";
  }

  @Override
  protected String kind() {
    return "mono";
  }

  @Override
  protected ScenarioRun inProcess(Scenario scenario) {
    ReactiveJourneys beans = bean(ReactiveJourneys.class);
    return underCaller(scenario, ignored -> {
      Mono<String> mono = beans.mono(scenario);
      switch (scenario) {
        case NEVER_SUBSCRIBED -> { }
        case CALLER_CANCELS -> {
          Disposable subscription = mono.subscribe();
          subscription.dispose();
        }
        case RESUBSCRIPTION -> mono.retry(1).block(Duration.ofSeconds(10));
        default -> mono.block(Duration.ofSeconds(10));
      }
      return null;
    });
  }

}
