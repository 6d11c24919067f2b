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
        Map.entry(Scenario.TIMEOUT_AS_CANCELLATION,
            "issue 13 item 2: @Journey records a cancellation caused by a deadline as cancelled"),
        Map.entry(Scenario.CLIENT_DISCONNECTS,
            "issue 13 item 4: a client that disconnected is recorded as success once the server finishes"),
        Map.entry(Scenario.NESTED_SAME_NAME,
            "issue 13 item 4: a journey inside one of the same name opens a second span"));
  }
}
