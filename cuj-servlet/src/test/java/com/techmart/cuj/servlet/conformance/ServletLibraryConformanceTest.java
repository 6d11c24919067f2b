package com.techmart.cuj.servlet.conformance;

import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.servlet.JourneyFilter;
import com.techmart.cuj.servlet.LoopbackJetty;
import com.techmart.cuj.testing.JourneySpanCollector;
import com.techmart.cuj.testing.JourneySpans;
import com.techmart.cuj.testing.JourneyTelemetry;
import com.techmart.cuj.testing.conformance.JourneyConformanceSuite;
import com.techmart.cuj.testing.conformance.MappedToConflictException;
import com.techmart.cuj.testing.conformance.OptOut;
import com.techmart.cuj.testing.conformance.Scenario;
import com.techmart.cuj.testing.conformance.ScenarioRun;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@code JourneyFilter} in library mode (no agent) on two real Jetty 12 servers on loopback: the
 * service, whose route {@code GET /c/route/{scenario}} is journey checkout, and a second service
 * for the HTTP hop. Each has an SDK set up as the cuj-core README says (journey span processor).
 */
class ServletLibraryConformanceTest extends JourneyConformanceSuite {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final SecureRandom RANDOM = new SecureRandom();
  static final JourneyCatalogue CATALOGUE = JourneyCatalogue.of(
      catalogue().find(JOURNEY).orElseThrow().toBuilder().route("GET /c/route/{scenario}").build(),
      catalogue().find(OTHER_JOURNEY).orElseThrow());

  private static final ExecutorService POOL = Executors.newFixedThreadPool(2);
  private static JourneyTelemetry service;
  private static JourneyTelemetry downstream;
  private static LoopbackJetty serviceServer;
  private static LoopbackJetty downstreamServer;
  private static ConformanceServlet servlet;

  @BeforeAll
  static void start() throws Exception {
    service = JourneyTelemetry.create(CATALOGUE, "conformance-service");
    downstream = JourneyTelemetry.create(CATALOGUE, "conformance-downstream");
    servlet = new ConformanceServlet(service.openTelemetry(), service.runner(), POOL);
    serviceServer = jetty(service, servlet);
    downstreamServer = jetty(downstream, new ConformanceServlet(downstream.openTelemetry(), downstream.runner(), POOL));
    servlet.downstream = URI.create("http://127.0.0.1:" + port(downstreamServer) + "/c/plain");
  }

  @AfterAll
  static void stop() throws Exception {
    serviceServer.close();
    downstreamServer.close();
    POOL.shutdownNow();
  }

  private static LoopbackJetty jetty(JourneyTelemetry telemetry, HttpServlet servlet) throws Exception {
    return jetty(JourneyFilter.create(telemetry.openTelemetry(), telemetry.runner()), servlet, context -> { });
  }

  /** The conformance servlet behind {@code journeyFilter}; shared with agent mode ({@link AgentConformanceProgram}). */
  static LoopbackJetty jetty(JourneyFilter journeyFilter, HttpServlet servlet, Consumer<ServletContextHandler> more)
      throws Exception {
    return LoopbackJetty.start(new FilterHolder(journeyFilter), servlet, "/c/*", context -> {
      // An exception mapped to a 4xx by the container's error page, as web.xml <error-page> does.
      context.addServlet(new ServletHolder(new HttpServlet() {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) {
          resp.setStatus(409);
        }
      }), "/conflict");
      ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
      errors.addErrorPage(MappedToConflictException.class, "/conflict");
      context.setErrorHandler(errors);
      more.accept(context);
    });
  }

  private static int port(LoopbackJetty server) {
    return server.port();
  }

  @Override
  protected String stack() {
    return "servlet (library)";
  }

  /** The servlet filter's opt-outs, with or without the agent. */
  static final Map<Scenario, OptOut> OPT_OUTS =
      OptOut.all(OptOut.NO_REACTIVE_TYPE, OptOut.NO_CANCELLATION, OptOut.ROUTE_HAS_NO_CODE);
  /** The servlet filter's known defects, with or without the agent. */
  static final Map<Scenario, String> KNOWN_DEFECTS = Map.of(Scenario.EXCEPTION_MAPPED_TO_4XX, "issue 13: an"
      + " exception that Jetty's error page (web.xml <error-page>) answers with 409 is recorded as error, not expected"
      + " http.409: the servlet API gives a filter no call after the error page has answered (a ServletRequestListener"
      + " still reads status 200 on Jetty 12), so the filter can only see the container's 500");

  @Override
  protected Map<Scenario, OptOut> optOuts() {
    return OPT_OUTS;
  }

  @Override
  protected Map<Scenario, String> knownDefects() {
    return KNOWN_DEFECTS;
  }

  @Override
  protected ScenarioRun run(Scenario scenario) throws Exception {
    String[] trace = newTrace();
    if (scenario == Scenario.CLIENT_DISCONNECTS) {
      servlet.entered = new CountDownLatch(1);
      servlet.gate = new CompletableFuture<>();
      disconnect(port(serviceServer), trace[1], () -> {
        if (!servlet.entered.await(30, TimeUnit.SECONDS)) {
          throw new AssertionError("the servlet never started");
        }
      });
      servlet.gate.complete(null);
      return collect(scenario, trace[0]);
    }
    HttpResponse<String> response = send(port(serviceServer), scenario, trace[1]);
    return collect(scenario, trace[0]).withResponse(response.statusCode(), response.headers().map());
  }

  /** What happens until the servlet is inside the request. */
  interface Entered {
    void await() throws Exception;
  }

  /** Sends the client-disconnect request and closes the connection once the servlet has {@code entered}. */
  static void disconnect(int port, String traceparent, Entered entered) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET /c/route/CLIENT_DISCONNECTS HTTP/1.1\r\nHost: 127.0.0.1\r\ntraceparent: " + traceparent
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      entered.await();
    }
  }

  /** The request of {@code scenario} (all but the client-disconnect one) to the service on {@code port}. */
  static HttpResponse<String> send(int port, Scenario scenario, String traceparent) throws Exception {
    String path = scenario == Scenario.FORGED_BAGGAGE || scenario == Scenario.WRONG_CRITICAL
        ? "/c/plain" : "/c/route/" + scenario.name();
    List<String> headers = new ArrayList<>(List.of("traceparent", traceparent));
    switch (scenario) {
      case CORRELATION_ID_IN -> headers.addAll(List.of("X-Correlation-ID", GOOD_CORRELATION_ID));
      case CORRELATION_ID_HOSTILE -> headers.addAll(List.of("X-Correlation-ID", HOSTILE_CORRELATION_ID));
      case FORGED_BAGGAGE -> headers.addAll(List.of("baggage", "cuj.name=" + FORGED_JOURNEY + ",cuj.critical=true"));
      case WRONG_CRITICAL -> headers.addAll(List.of("baggage", "cuj.name=" + JOURNEY + ",cuj.critical=false"));
      default -> { }
    }
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).headers(headers.toArray(String[]::new)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static ScenarioRun collect(Scenario scenario, String traceId) {
    int journeys = scenario.expectation().outcomes().size();
    List<SpanData> all = new ArrayList<>(awaitOrNow(service.collector(), traceId,
        s -> s.stream().anyMatch(x -> x.getKind() == SpanKind.SERVER)
            && JourneySpans.journeySpans(s).size() >= journeys
            && s.stream().anyMatch(x -> x.getName().equals("work"))));
    if (scenario == Scenario.HTTP_HOP) {
      all.addAll(awaitOrNow(downstream.collector(), traceId,
          s -> s.stream().anyMatch(x -> x.getKind() == SpanKind.SERVER)));
    }
    List<SpanData> open = new ArrayList<>(ofTrace(service.collector().openSpans(), traceId));
    open.addAll(ofTrace(downstream.collector().openSpans(), traceId));
    return ScenarioRun.of(all, open);
  }

  private static List<SpanData> awaitOrNow(JourneySpanCollector collector, String traceId, Predicate<List<SpanData>> ready) {
    try {
      return ofTrace(collector.awaitSpans(all -> ready.test(ofTrace(all, traceId)), Duration.ofSeconds(5)), traceId);
    } catch (AssertionError notThere) {
      // What a broken stack leaves behind is what the suite reports.
      return collector.trace(traceId);
    }
  }

  private static List<SpanData> ofTrace(List<SpanData> spans, String traceId) {
    return spans.stream().filter(s -> s.getTraceId().equals(traceId)).toList();
  }

  /** A new trace id and a {@code traceparent} header that starts it (sampled). */
  static String[] newTrace() {
    byte[] trace = new byte[16];
    byte[] span = new byte[8];
    RANDOM.nextBytes(trace);
    RANDOM.nextBytes(span);
    String traceId = HexFormat.of().formatHex(trace);
    return new String[] {traceId, "00-" + traceId + "-" + HexFormat.of().formatHex(span) + "-01"};
  }
}
