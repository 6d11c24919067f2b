package com.techmart.cuj.servlet;

import static org.awaitility.Awaitility.await;

import com.techmart.cuj.BaggageTrustPolicy;
import com.techmart.cuj.JourneyRunner;
import com.techmart.cuj.TrustMode;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/**
 * A real Jetty 12 server on a loopback port running {@link ShopServlet} behind a
 * {@link JourneyFilter}, and a real OpenTelemetry SDK exporting to memory. No OpenTelemetry Java
 * agent and no {@code JourneySpanProcessor}: this is library mode, where the filter makes the
 * server span itself.
 */
final class TestShop implements AutoCloseable {

  private static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");

  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  final OpenTelemetrySdk sdk;
  final JourneyRunner journeys;
  final ShopServlet servlet;
  private static TestShop shared;
  private final LoopbackJetty jetty;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  TestShop(TrustMode trust) throws Exception {
    this(trust, shop -> new FilterHolder(JourneyFilter.create(shop.sdk, shop.journeys)), handler -> { });
  }

  /**
   * @param filter the journey filter to install, made once the SDK and runner exist
   * @param context extra set-up of the servlet context, e.g. filters that run before ours
   */
  TestShop(TrustMode trust, Function<TestShop, FilterHolder> filter, Consumer<ServletContextHandler> context)
      throws Exception {
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
        .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
        .build();
    journeys = JourneyRunner.builder(sdk).catalogue(ShopCatalogue.CATALOGUE).trustMode(trust).build();
    servlet = new ShopServlet(journeys, sdk, true);

    jetty = LoopbackJetty.start(filter.apply(this), servlet, "/*", context);
  }

  /**
   * The plain shop (trust {@code known}, nothing added) that the test classes needing nothing else
   * share: one Jetty for all of them, stopped when the test JVM ends.
   */
  static synchronized TestShop shared() throws Exception {
    if (shared == null) {
      TestShop shop = new TestShop(TrustMode.KNOWN);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          shop.close();
        } catch (Exception e) {
          // the JVM is ending anyway
        }
      }));
      shared = shop;
    }
    return shared;
  }

  URI uri(String path) {
    return jetty.uri(path);
  }

  int port() {
    return jetty.port();
  }

  HttpResponse<String> send(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  Map<String, String> seen(HttpResponse<String> response) {
    return ShopServlet.parse(response.body());
  }

  /** Waits until the exported spans satisfy {@code condition} (spans end after the response). */
  List<SpanData> awaitSpans(Predicate<List<SpanData>> condition) {
    return await("exported spans").atMost(Duration.ofSeconds(20))
        .until(spans::getFinishedSpanItems, condition);
  }

  /** The one exported span named {@code name}, waiting for it. */
  SpanData awaitSpan(String name) {
    return awaitSpans(list -> list.stream().anyMatch(s -> s.getName().equals(name))).stream()
        .filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  long rejections(BaggageTrustPolicy.Rejection reason) {
    return rejectionSeries().stream()
        .filter(p -> reason.label().equals(p.getAttributes().get(REASON)))
        .mapToLong(LongPointData::getValue).sum();
  }

  List<LongPointData> rejectionSeries() {
    return metrics.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(BaggageTrustPolicy.REJECTED_COUNTER))
        .map(MetricData::getLongSumData)
        .flatMap(d -> d.getPoints().stream())
        .toList();
  }

  @Override
  public void close() throws Exception {
    jetty.close();
    sdk.close();
  }
}
