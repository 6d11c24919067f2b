package com.techmart.cuj.testing.conformance;

import static com.techmart.cuj.testing.conformance.Scenario.*;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The only reasons a stack may skip a scenario: each says why the stack cannot express it, and
 * which scenarios it covers. A harness that opts out for a reason that does not cover the scenario
 * fails the suite, and so does one that cannot run a scenario it did not opt out of.
 */
public enum OptOut {
  NOT_HTTP("not HTTP",
      "the stack runs code, not HTTP requests: no status, no header, no connection",
      EnumSet.of(CLIENT_ERROR_4XX, DECLARED_STATUS_IN_CATALOGUE, SERVER_ERROR_THROWN, SERVER_ERROR_RETURNED, EXCEPTION_MAPPED_TO_4XX,
          CLIENT_DISCONNECTS, CORRELATION_ID_IN, CORRELATION_ID_OUT, CORRELATION_ID_HOSTILE, HTTP_HOP)),
  NO_INGRESS("no ingress",
      "the stack takes no journey from outside the process, so there is no baggage to forge",
      EnumSet.of(FORGED_BAGGAGE, WRONG_CRITICAL)),
  SYNCHRONOUS("synchronous",
      "a synchronous call has no result that completes later, and no handle to cancel it with",
      EnumSet.of(ASYNC_SUCCESS, ASYNC_FAILURE, CALLER_CANCELS, TIMEOUT_AS_CANCELLATION)),
  NO_REACTIVE_TYPE("no reactive type",
      "the stack has no reactive return type (e.g. the servlet API, a synchronous method)",
      EnumSet.of(EMPTY_REACTIVE, REACTIVE_ERROR, RESUBSCRIPTION, NEVER_SUBSCRIBED)),
  NO_CANCELLATION("no cancellation",
      "the servlet API has no cancellation signal: a caller leaves by disconnecting, a deadline is an async timeout",
      EnumSet.of(CALLER_CANCELS, TIMEOUT_AS_CANCELLATION)),
  CANCEL_IS_DISCONNECT("cancel = disconnect",
      "an HTTP caller cancels by closing its connection: that is the client-disconnects row",
      EnumSet.of(CALLER_CANCELS)),
  ROUTE_HAS_NO_CODE("route: no code",
      "a route journey is named in configuration, not in code: it declares expected outcomes in the catalogue",
      EnumSet.of(DECLARED_EXPECTED_IN_CODE)),
  JOURNEY_IS_THE_REQUEST("journey = request",
      "a route journey is the HTTP exchange: it begins and ends with the request, whatever the handler returns",
      EnumSet.of(EMPTY_REACTIVE, REACTIVE_ERROR, RESUBSCRIPTION, NEVER_SUBSCRIBED, CALLER_CANCELS)),
  STREAMED_BODY("streamed body",
      "a Flux handler streams its body: it returns no status of its own, and an error in the stream is answered 500, never mapped",
      EnumSet.of(CLIENT_ERROR_4XX, SERVER_ERROR_RETURNED, DECLARED_STATUS_IN_CATALOGUE, EXCEPTION_MAPPED_TO_4XX)),
  HANDOFF_CONTINUES("hand-off continues",
      "a hand-off continues a journey begun elsewhere: it neither starts nor ends one, the producer does",
      EnumSet.complementOf(EnumSet.of(SUCCESS, FORGED_BAGGAGE, WRONG_CRITICAL))),
  AGENT_SEES_NO_ANNOTATION("agent: no code",
      "under the Java agent alone the journey comes from the route table; no code declares or nests journeys",
      EnumSet.of(DECLARED_EXPECTED_IN_CODE, NESTED_OTHER_NAME, NESTED_SAME_NAME));

  private final String label;
  private final String reason;
  private final Set<Scenario> covers;

  OptOut(String label, String reason, Set<Scenario> covers) {
    this.label = label;
    this.reason = reason;
    this.covers = covers;
  }

  /** A few words for the matrix cell. */
  public String label() {
    return label;
  }

  /** Why the stack cannot express the scenarios this covers. */
  public String reason() {
    return reason;
  }

  public boolean covers(Scenario scenario) {
    return covers.contains(scenario);
  }

  /** Every scenario {@code reasons} cover, each opted out for the first reason that covers it. */
  public static Map<Scenario, OptOut> all(OptOut... reasons) {
    Map<Scenario, OptOut> out = new EnumMap<>(Scenario.class);
    for (OptOut reason : reasons) {
      reason.covers.forEach(s -> out.putIfAbsent(s, reason));
    }
    return out;
  }
}
