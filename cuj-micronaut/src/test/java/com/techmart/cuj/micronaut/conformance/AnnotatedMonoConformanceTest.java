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

  @Override
  protected Map<Scenario, String> knownDefects() {
    return Map.ofEntries(
        Map.entry(Scenario.DECLARED_STATUS_IN_CATALOGUE,
            "issue 13 item 4: a @Journey endpoint's response status is not consulted; a declared 503 is recorded as success"),
        Map.entry(Scenario.CLIENT_ERROR_4XX,
            "issue 13 item 4: a @Journey endpoint answering 404 is recorded as success"),
        Map.entry(Scenario.SERVER_ERROR_RETURNED,
            "issue 13 item 4: a @Journey endpoint that returns a 500 is recorded as success"),
        Map.entry(Scenario.EXCEPTION_MAPPED_TO_4XX,
            "issue 13 item 3: @Journey records an exception a handler answers with 409 as error"),
        Map.entry(Scenario.CLIENT_DISCONNECTS,
            "issue 13 item 4: a client that disconnected is recorded as success once the server finishes"),
        Map.entry(Scenario.RESUBSCRIPTION,
            "issue 13 item 4: a re-subscribed publisher shares one journey span"),
        Map.entry(Scenario.NEVER_SUBSCRIBED,
            "issue 13 item 4: a publisher nobody subscribes to leaves a journey span that never ends"),
        Map.entry(Scenario.NESTED_SAME_NAME,
            "issue 13 item 4: a journey inside one of the same name opens a second span"));
  }
}
