package com.techmart.cuj.micronaut.conformance;

import com.techmart.cuj.testing.conformance.OptOut;
import com.techmart.cuj.testing.conformance.Scenario;
import java.util.Map;
import com.techmart.cuj.testing.conformance.ScenarioRun;
import java.time.Duration;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** {@code @Journey} returning {@code Flux}: on a controller, and on a bean for the subscription scenarios. */
class AnnotatedFluxConformanceTest extends MicronautConformance {

  @Override
  protected String stack() {
    return "Micronaut @Journey Flux";
  }

  @Override
  protected String kind() {
    return "flux";
  }

  @Override
  protected Map<Scenario, OptOut> optOuts() {
    return OptOut.all(OptOut.STREAMED_BODY);
  }

  @Override
  protected ScenarioRun inProcess(Scenario scenario) {
    ReactiveJourneys beans = bean(ReactiveJourneys.class);
    return underCaller(scenario, ignored -> {
      Flux<String> mono = beans.flux(scenario);
      switch (scenario) {
        case NEVER_SUBSCRIBED -> { }
        case CALLER_CANCELS -> {
          Disposable subscription = mono.subscribe();
          subscription.dispose();
        }
        case RESUBSCRIPTION -> mono.retry(1).collectList().block(Duration.ofSeconds(10));
        default -> mono.collectList().block(Duration.ofSeconds(10));
      }
      return null;
    });
  }


}
