package com.techmart.cuj.micronaut.conformance;

import com.techmart.cuj.testing.JourneySpanCollector;
import com.techmart.cuj.testing.JourneySpans;
import com.techmart.cuj.testing.conformance.JourneyConformanceSuite;
import com.techmart.cuj.testing.conformance.Scenario;
import com.techmart.cuj.testing.conformance.ScenarioRun;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The conformance harness for cuj-micronaut: two real Netty servers on loopback (the service, and
 * a second one for the HTTP hop), each with its own SDK, shared by the stacks' test classes.
 */
abstract class MicronautConformance extends JourneyConformanceSuite {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration WAIT = Duration.ofSeconds(5);

  /** Started once per test JVM; the JVM's exit stops them. */
  private static final class Apps {
    static final EmbeddedServer DOWNSTREAM = start(Map.of(
        "test.role", "conformance-downstream", "micronaut.application.name", "conformance-downstream"));
    static final EmbeddedServer SERVICE = start(Map.of(
        "test.role", "conformance", "micronaut.application.name", "conformance-service",
        "micronaut.http.services.downstream.url", "http://127.0.0.1:" + DOWNSTREAM.getPort(),
        "cuj.routes", Map.of("GET /c/route/{scenario}", JOURNEY)));

    private static EmbeddedServer start(Map<String, Object> properties) {
      Map<String, Object> all = new HashMap<>(properties);
      all.put("micronaut.server.host", "127.0.0.1");
      all.put("micronaut.server.port", -1);
      all.put("test.conformance", "true");
      all.put("cuj.catalogue", "classpath:" + CATALOGUE_RESOURCE);
      EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, all);
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      return server;
    }
  }

  /** The path segment of this stack's handler: {@code sync}, {@code stage}, {@code mono}, ... */
  protected abstract String kind();

  /** For the reactive stacks: the scenario run in-process on a bean's {@code @Journey} publisher. */
  protected ScenarioRun inProcess(Scenario scenario) {
    throw new UnsupportedOperationException(scenario.name());
  }

  @Override
  protected ScenarioRun run(Scenario scenario) throws Exception {
    switch (scenario) {
      case EMPTY_REACTIVE, REACTIVE_ERROR, RESUBSCRIPTION, NEVER_SUBSCRIBED, CALLER_CANCELS -> {
        return inProcess(scenario);
      }
      case CLIENT_DISCONNECTS -> {
        return disconnect();
      }
      default -> {
        return overHttp(scenario);
      }
    }
  }

  static <T> T bean(Class<T> type) {
    return Apps.SERVICE.getApplicationContext().getBean(type);
  }

  private static JourneySpanCollector spans(EmbeddedServer server) {
    return server.getApplicationContext().getBean(JourneySpanCollector.class);
  }

  private ScenarioRun overHttp(Scenario scenario) throws IOException, InterruptedException {
    String[] trace = newTrace();
    String path = switch (scenario) {
      case FORGED_BAGGAGE, WRONG_CRITICAL -> "/c/plain";
      default -> "/c/" + kind() + "/" + scenario.name();
    };
    List<String> headers = new ArrayList<>(List.of("traceparent", trace[1]));
    switch (scenario) {
      case CORRELATION_ID_IN -> headers.addAll(List.of("X-Correlation-ID", GOOD_CORRELATION_ID));
      case CORRELATION_ID_HOSTILE -> headers.addAll(List.of("X-Correlation-ID", HOSTILE_CORRELATION_ID));
      case FORGED_BAGGAGE -> headers.addAll(List.of("baggage", "cuj.name=" + FORGED_JOURNEY + ",cuj.critical=true"));
      case WRONG_CRITICAL -> headers.addAll(List.of("baggage", "cuj.name=" + JOURNEY + ",cuj.critical=false"));
      default -> { }
    }
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(path))
        .timeout(Duration.ofSeconds(30)).headers(headers.toArray(String[]::new)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return collect(scenario, trace[0]).withResponse(response.statusCode(), response.headers().map());
  }

  /**
   * The client sends a request, and closes its connection while the handler works; the handler
   * then answers into the closed connection.
   */
  private ScenarioRun disconnect() throws Exception {
    Gates gates = bean(Gates.class);
    gates.reset();
    String[] trace = newTrace();
    try (Socket socket = new Socket("127.0.0.1", Apps.SERVICE.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET /c/" + kind() + "/CLIENT_DISCONNECTS HTTP/1.1\r\nHost: 127.0.0.1\r\ntraceparent: "
          + trace[1] + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      if (!gates.awaitEntered()) {
        throw new AssertionError("the handler never started");
      }
    }
    // Give the server up to 2 s to notice the closed connection (a stack that cancels the journey
    // then ends it now); only then does the handler answer, into the closed connection.
    String traceId = trace[0];
    try {
      spans(Apps.SERVICE).awaitSpans(all -> !JourneySpans.journeySpans(ofTrace(all, traceId)).isEmpty(),
          Duration.ofSeconds(2));
    } catch (AssertionError stillRunning) {
      // This stack did not react to the disconnect by itself.
    }
    gates.open();
    return collect(Scenario.CLIENT_DISCONNECTS, trace[0]);
  }

  /** Every span of the trace in both services, once the scenario's spans are there (or 5 s passed). */
  private ScenarioRun collect(Scenario scenario, String traceId) {
    int journeys = scenario.expectation().outcomes().size();
    Predicate<List<SpanData>> ready = s -> s.stream().anyMatch(x -> x.getKind() == SpanKind.SERVER)
        && JourneySpans.journeySpans(s).size() >= journeys
        && s.stream().anyMatch(x -> x.getName().equals("work"));
    List<SpanData> all = new ArrayList<>(awaitOrNow(spans(Apps.SERVICE), traceId, ready));
    if (scenario == Scenario.HTTP_HOP) {
      all.addAll(awaitOrNow(spans(Apps.DOWNSTREAM), traceId,
          s -> s.stream().anyMatch(x -> x.getName().equals("downstream-work"))
              && s.stream().anyMatch(x -> x.getKind() == SpanKind.SERVER)));
    }
    return ScenarioRun.of(all, open(traceId));
  }

  /**
   * Runs {@code call} under a caller span of the service's SDK (as a server span would be), and
   * returns the trace once {@code journeys} journey spans ended (or 5 s passed).
   */
  static ScenarioRun underCaller(Scenario scenario, Function<Void, Object> call) {
    OpenTelemetry otel = Apps.SERVICE.getApplicationContext().getBean(OpenTelemetry.class);
    Span caller = otel.getTracer("conformance-caller").spanBuilder("caller").startSpan();
    try (Scope ignored = caller.makeCurrent()) {
      call.apply(null);
    } catch (RuntimeException e) {
      // The scenario's failure: the suite judges the spans.
    } finally {
      caller.end();
    }
    String traceId = caller.getSpanContext().getTraceId();
    int journeys = scenario.expectation().outcomes().size();
    List<SpanData> spans = awaitOrNow(spans(Apps.SERVICE), traceId,
        s -> JourneySpans.journeySpans(s).size() >= journeys && s.stream().anyMatch(x -> x.getName().equals("caller")));
    return ScenarioRun.of(spans, open(traceId));
  }

  private static List<SpanData> awaitOrNow(JourneySpanCollector collector, String traceId, Predicate<List<SpanData>> ready) {
    try {
      return collector.awaitSpans(all -> ready.test(ofTrace(all, traceId)), WAIT)
          .stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    } catch (AssertionError notThere) {
      // What a broken stack leaves behind is what the suite reports.
      return collector.trace(traceId);
    }
  }

  private static List<SpanData> open(String traceId) {
    List<SpanData> open = new ArrayList<>(ofTrace(spans(Apps.SERVICE).openSpans(), traceId));
    open.addAll(ofTrace(spans(Apps.DOWNSTREAM).openSpans(), traceId));
    return open;
  }

  private static List<SpanData> ofTrace(List<SpanData> spans, String traceId) {
    return spans.stream().filter(s -> s.getTraceId().equals(traceId)).toList();
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + Apps.SERVICE.getPort() + path);
  }

  private static String[] newTrace() {
    byte[] trace = new byte[16];
    byte[] span = new byte[8];
    RANDOM.nextBytes(trace);
    RANDOM.nextBytes(span);
    String traceId = HexFormat.of().formatHex(trace);
    return new String[] {traceId, "00-" + traceId + "-" + HexFormat.of().formatHex(span) + "-01"};
  }
}
