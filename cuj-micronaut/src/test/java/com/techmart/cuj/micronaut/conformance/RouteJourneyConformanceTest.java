package com.techmart.cuj.micronaut.conformance;

import com.techmart.cuj.testing.conformance.OptOut;
import com.techmart.cuj.testing.conformance.Scenario;
import java.util.Map;

/** A journey by route ({@code cuj.routes}) on a controller with no annotation. */
class RouteJourneyConformanceTest extends MicronautConformance {

  @Override
  protected String stack() {
    return "Micronaut route";
  }

  @Override
  protected String kind() {
    return "route";
  }

  @Override
  protected Map<Scenario, OptOut> optOuts() {
    return OptOut.all(OptOut.JOURNEY_IS_THE_REQUEST, OptOut.ROUTE_HAS_NO_CODE);
  }

}
