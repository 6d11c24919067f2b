package com.techmart.cuj.servlet;

import com.techmart.cuj.ActiveJourney;
import com.techmart.cuj.CorrelationId;
import com.techmart.cuj.JourneyRunner;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.MDC;

/**
 * A small shop behind the filter. Every answer is a few {@code key=value} lines saying what the
 * application saw from inside the request: its journey, correlation id (context and MDC) and trace.
 *
 * <ul>
 *   <li>{@code /api/fail} throws; {@code /api/unavailable} answers 503;
 *   <li>{@code /api/declined} throws and {@code /api/provider-busy} answers 503, both outcomes
 *       the catalogue declares expected for {@code payment};
 *   <li>{@code /api/reports/{id}} is async: it answers when the test calls {@link #completeReport}
 *       ({@code /api/reports/now} completes at once, inside the first dispatch);
 *   <li>{@code /api/slow-report} is async and never answers, so the container times it out;
 *   <li>{@code /call-downstream} calls {@code /downstream} on the same server with the current
 *       context injected, as an instrumented HTTP client would; {@code /downstream} answers with
 *       the {@code baggage} header it received.
 * </ul>
 */
final class ShopServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient JourneyRunner journeys;
  private final transient OpenTelemetry openTelemetry;
  private final transient HttpClient client = HttpClient.newHttpClient();
  final transient ConcurrentMap<String, AsyncContext> pendingReports = new ConcurrentHashMap<>();

  private final boolean injectContext;

  /**
   * @param injectContext whether {@code /call-downstream} injects the context into its call itself
   *     (library mode); under the Java agent the agent's HTTP client instrumentation does it
   */
  ShopServlet(JourneyRunner journeys, OpenTelemetry openTelemetry, boolean injectContext) {
    this.journeys = journeys;
    this.openTelemetry = openTelemetry;
    this.injectContext = injectContext;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getRequestURI();
    if (path.equals("/api/fail")) {
      throw new IllegalStateException("inventory is unreachable");
    }
    if (path.equals("/api/declined")) {
      throw new PaymentDeclinedException("card declined");
    }
    if (path.equals("/api/provider-busy")) {
      response.setStatus(503);
      return;
    }
    if (path.equals("/api/unavailable")) {
      response.setStatus(503);
      return;
    }
    if (path.equals("/api/missing")) {
      response.setStatus(404);
      return;
    }
    if (path.equals("/api/bad-message")) {
      // The container answers this exception with the status it carries.
      throw new org.eclipse.jetty.http.BadMessageException(422, "basket changed");
    }
    if (path.equals("/api/hang-up")) {
      hangUp(response);
      return;
    }
    if (path.equals("/api/dispatch")) {
      request.startAsync().dispatch("/api/dispatched");
      return;
    }
    if (path.equals("/api/reports/now")) {
      // Async, but answered and completed before the first dispatch even returns.
      AsyncContext async = request.startAsync();
      write(response, seen());
      async.complete();
      return;
    }
    if (path.startsWith("/api/reports/")) {
      AsyncContext async = request.startAsync();
      async.setTimeout(0);
      pendingReports.put(path.substring("/api/reports/".length()), async);
      return;
    }
    if (path.equals("/api/slow-report")) {
      request.startAsync().setTimeout(250);
      return;
    }
    if (path.equals("/downstream")) {
      write(response, Map.of("baggage", String.valueOf(request.getHeader("baggage"))));
      return;
    }
    Map<String, String> seen = seen();
    if (path.equals("/call-downstream")) {
      seen.put("downstream", downstream(request));
    }
    response.setStatus("POST".equals(request.getMethod()) ? 201 : 200);
    write(response, seen);
  }

  /** Entered by a request to /api/hang-up; the test closes its connection, then counts down. */
  final java.util.concurrent.CountDownLatch hangUpEntered = new java.util.concurrent.CountDownLatch(1);
  final java.util.concurrent.CountDownLatch hungUp = new java.util.concurrent.CountDownLatch(1);

  /** Writes to a client that has closed its connection, until the container says so. */
  private void hangUp(HttpServletResponse response) throws IOException {
    hangUpEntered.countDown();
    try {
      hungUp.await(20, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    byte[] chunk = new byte[64 * 1024];
    // Bounded: the closed connection fails a write long before 256 MB.
    for (int i = 0; i < 4096; i++) {
      response.getOutputStream().write(chunk);
      response.getOutputStream().flush();
    }
  }

  /** Answers a pending async report from the test thread: the servlet's worker, in effect. */
  void completeReport(String id) throws IOException {
    AsyncContext async = pendingReports.remove(id);
    HttpServletRequest request = (HttpServletRequest) async.getRequest();
    // The worker continues the request in the request's own context, as JourneyFilter.context allows.
    try (var ignored = JourneyFilter.context(request).orElseThrow().makeCurrent()) {
      write((HttpServletResponse) async.getResponse(), seen());
    }
    async.complete();
  }

  private Map<String, String> seen() {
    Map<String, String> seen = new TreeMap<>();
    seen.put("journey", journeys.current().map(ActiveJourney::name).orElse("none"));
    seen.put("correlation", CorrelationId.current().orElse("none"));
    seen.put("mdc", String.valueOf(MDC.get(CorrelationId.MDC_KEY)));
    seen.put("trace", io.opentelemetry.api.trace.Span.current().getSpanContext().getTraceId());
    seen.put("baggage", String.join("+", new TreeMap<>(io.opentelemetry.api.baggage.Baggage.current().asMap()).keySet()));
    return seen;
  }

  private String downstream(HttpServletRequest request) throws IOException {
    HttpRequest.Builder call = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + request.getLocalPort() + "/downstream"));
    if (injectContext) {
      openTelemetry.getPropagators().getTextMapPropagator()
          .inject(Context.current(), call, HttpRequest.Builder::header);
    }
    try {
      String body = client.send(call.build(), HttpResponse.BodyHandlers.ofString()).body();
      return body.lines().filter(l -> l.startsWith("baggage=")).findFirst().orElse("").substring("baggage=".length());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static void write(HttpServletResponse response, Map<String, String> values) throws IOException {
    response.setContentType("text/plain;charset=utf-8");
    StringBuilder b = new StringBuilder();
    values.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
    response.getOutputStream().write(b.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Reads the {@code key=value} lines of an answer. */
  static Map<String, String> parse(String body) {
    Map<String, String> values = new TreeMap<>();
    body.lines().forEach(line -> {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    });
    return values;
  }
}
