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

  @Override
  protected Map<Scenario, String> knownDefects() {
    return Map.ofEntries(
        Map.entry(Scenario.DECLARED_STATUS_IN_CATALOGUE,
            "issue 13 item 4: a @Journey endpoint's response status is not consulted; a declared 503 is recorded as success"),
        Map.entry(Scenario.CHECKED_EXCEPTION,
            "issue 13 item 1: a checked exception through @Journey never ends the journey span"),
        Map.entry(Scenario.CLIENT_ERROR_4XX,
            "issue 13 item 4: a @Journey endpoint answering 404 is recorded as success"),
        Map.entry(Scenario.SERVER_ERROR_RETURNED,
            "issue 13 item 4: a @Journey endpoint that returns a 500 is recorded as success"),
        Map.entry(Scenario.EXCEPTION_MAPPED_TO_4XX,
            "issue 13 item 3: @Journey records an exception a handler answers with 409 as error"),
        Map.entry(Scenario.TIMEOUT,
            "issue 13 item 1: a TimeoutException (checked) through @Journey never ends the journey span"),
        Map.entry(Scenario.CLIENT_DISCONNECTS,
            "issue 13 item 4: a client that disconnected is recorded as success once the server finishes"),
        Map.entry(Scenario.NESTED_SAME_NAME,
            "issue 13 item 4: a journey inside one of the same name opens a second span"));
  }
}
