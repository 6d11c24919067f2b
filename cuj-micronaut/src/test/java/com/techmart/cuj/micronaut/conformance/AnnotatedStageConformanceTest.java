package com.techmart.cuj.micronaut.conformance;

import com.techmart.cuj.testing.conformance.OptOut;
import com.techmart.cuj.testing.conformance.Scenario;
import java.util.Map;

/** {@code @Journey} on a controller method that returns a {@code CompletionStage}. */
class AnnotatedStageConformanceTest extends MicronautConformance {

  @Override
  protected String stack() {
    return "Micronaut @Journey CompletionStage";
  }

  @Override
  protected String kind() {
    return "stage";
  }

  @Override
  protected Map<Scenario, OptOut> optOuts() {
    return OptOut.all(OptOut.NO_REACTIVE_TYPE, OptOut.CANCEL_IS_DISCONNECT);
  }

}
