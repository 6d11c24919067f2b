package com.techmart.cuj.micronaut.conformance;

import com.techmart.cuj.testing.conformance.OptOut;
import com.techmart.cuj.testing.conformance.Scenario;
import java.util.Map;

/** {@code @Journey} on a controller method that returns its response synchronously. */
class AnnotatedSyncConformanceTest extends MicronautConformance {

  @Override
  protected String stack() {
    return "Micronaut @Journey sync";
  }

  @Override
  protected String kind() {
    return "sync";
  }

  @Override
  protected Map<Scenario, OptOut> optOuts() {
    return OptOut.all(OptOut.SYNCHRONOUS, OptOut.NO_REACTIVE_TYPE);
  }

}
