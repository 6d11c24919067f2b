package com.techmart.cuj.servlet;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.JourneyAttributes;
import com.techmart.cuj.TrustMode;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Route journeys on Jetty end as DESIGN §4 "Outcomes" says, the same as on Micronaut. */
class ServletOutcomeTest {

  private static TestShop shop;

  @BeforeAll
  static void start() throws Exception {
    shop = TestShop.shared();
  }

  @BeforeEach
  void clear() {
    shop.spans.reset();
  }

  @Test
  void anExceptionTheContainerAnswersWithA4xxIsExpectedWithThatStatus() throws Exception {
    HttpResponse<String> response = shop.send("GET", "/api/bad-message");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(shop.awaitSpan("cuj.failing"))
        .hasAttribute(JourneyAttributes.CUJ_OUTCOME, JourneyAttributes.OUTCOME_EXPECTED)
        .hasAttribute(JourneyAttributes.CUJ_OUTCOME_TYPE, "http.422")
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.OK));
  }

  @Test
  void aClientThatHangsUpIsACancellationNotAnError() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", shop.port())) {
      socket.getOutputStream().write("GET /api/hang-up HTTP/1.1\r\nHost: localhost\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      assertThat(shop.servlet.hangUpEntered.await(20, TimeUnit.SECONDS)).as("handler entered").isTrue();
      socket.setSoLinger(true, 0); // reset, as a client that gives up does
    }
    shop.servlet.hungUp.countDown();

    SpanData journey = shop.awaitSpan("cuj.failing");
    assertThat(journey)
        .hasAttribute(JourneyAttributes.CUJ_OUTCOME, JourneyAttributes.OUTCOME_CANCELLED)
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.UNSET));
  }

  @Test
  void theMdcHasTheCorrelationIdAfterAnAsyncDispatch() throws Exception {
    HttpResponse<String> response = shop.send("GET", "/api/dispatch", "X-Correlation-ID", "dispatch-1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(shop.seen(response)).containsEntry("mdc", "dispatch-1").containsEntry("journey", "failing");
  }

  @Test
  void aWorkerThatMakesTheRequestContextCurrentHasTheCorrelationIdInItsMdc() throws Exception {
    var pending = java.net.http.HttpClient.newHttpClient().sendAsync(
        java.net.http.HttpRequest.newBuilder(shop.uri("/api/reports/w1"))
            .header("X-Correlation-ID", "worker-1").build(),
        HttpResponse.BodyHandlers.ofString());
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
        .until(() -> shop.servlet.pendingReports.containsKey("w1"));

    shop.servlet.completeReport("w1"); // on this thread: the worker, in effect

    HttpResponse<String> response = pending.get(30, TimeUnit.SECONDS);
    assertThat(shop.seen(response)).containsEntry("mdc", "worker-1");
  }
}
