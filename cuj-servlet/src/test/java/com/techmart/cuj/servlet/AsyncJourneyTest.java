package com.techmart.cuj.servlet;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.techmart.cuj.JourneyAttributes;
import com.techmart.cuj.TrustMode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code startAsync}: the journey lasts until the async request completes, not until the filter returns. */
class AsyncJourneyTest {

  /** Paths whose first dispatch has returned through the whole filter chain. */
  private static final Set<String> DISPATCH_RETURNED = ConcurrentHashMap.newKeySet();

  private static TestShop shop;

  @BeforeAll
  static void start() throws Exception {
    // A filter in front of ours notes when the container thread is done with the request's first
    // dispatch: from then on, only the async completion can end the journey.
    Filter outermost = (request, response, chain) -> {
      chain.doFilter(request, response);
      if (request.getDispatcherType() == DispatcherType.REQUEST) {
        DISPATCH_RETURNED.add(((HttpServletRequest) request).getRequestURI());
      }
    };
    shop = new TestShop(TrustMode.KNOWN,
        s -> new FilterHolder(JourneyFilter.create(s.sdk, s.journeys)),
        handler -> {
          FilterHolder holder = new FilterHolder(outermost);
          holder.setAsyncSupported(true);
          handler.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        });
  }

  @AfterAll
  static void stop() throws Exception {
    shop.close();
  }

  @BeforeEach
  void clear() {
    shop.spans.reset();
  }

  @Test
  void anAsyncRequestsJourneyEndsWhenTheRequestCompletes() throws Exception {
    CompletableFuture<HttpResponse<String>> pending = HttpClient.newHttpClient().sendAsync(
        HttpRequest.newBuilder(shop.uri("/api/reports/r1")).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());

    await("first dispatch returned").atMost(Duration.ofSeconds(20))
        .until(() -> DISPATCH_RETURNED.contains("/api/reports/r1") && shop.servlet.pendingReports.containsKey("r1"));
    assertThat(shop.spans.getFinishedSpanItems()).as("nothing ends while the request is open").isEmpty();

    shop.servlet.completeReport("r1");
    HttpResponse<String> response = pending.get(30, TimeUnit.SECONDS);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(shop.seen(response)).containsEntry("journey", "reporting");
    SpanData journey = shop.awaitSpan("cuj.reporting");
    SpanData server = shop.awaitSpan("GET /api/reports/{id}");
    assertThat(journey).hasParent(server).hasStatus(StatusData.ok())
        .hasAttribute(JourneyAttributes.CUJ_OUTCOME, JourneyAttributes.OUTCOME_SUCCESS);
    assertThat(server).hasAttribute(AttributeKey.longKey("http.response.status_code"), 200L);
    assertThat(journey.getEndEpochNanos()).isLessThanOrEqualTo(server.getEndEpochNanos());
  }

  @Test
  void anAsyncRequestCompletedInsideItsFirstDispatchEndsItsJourneyOnce() throws Exception {
    HttpResponse<String> response = shop.send("GET", "/api/reports/now");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(shop.seen(response)).containsEntry("journey", "reporting");
    assertThat(shop.awaitSpan("cuj.reporting")).hasStatus(StatusData.ok());
    await().atMost(Duration.ofSeconds(20)).until(() -> DISPATCH_RETURNED.contains("/api/reports/now"));
    assertThat(shop.spans.getFinishedSpanItems()).extracting(SpanData::getName)
        .containsExactlyInAnyOrder("cuj.reporting", "GET /api/reports/{id}");
  }

  @Test
  void anAsyncRequestThatTimesOutFailsItsJourney() throws Exception {
    HttpResponse<String> response = shop.send("GET", "/api/slow-report");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(shop.awaitSpan("cuj.reporting"))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR).hasDescription("async request timed out after 250 ms"))
        .hasAttribute(JourneyAttributes.CUJ_OUTCOME, JourneyAttributes.OUTCOME_ERROR);
    assertThat(shop.awaitSpan("GET /api/slow-report"))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasAttribute(AttributeKey.longKey("http.response.status_code"), 500L);
  }
}
