package com.techmart.cuj.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A loopback OTLP/HTTP endpoint that records what real processes export: spans, metrics and logs,
 * decoded into plain records. It stands in for the OpenTelemetry Collector in tests that start a
 * service (a child JVM with the Java agent, a Micronaut server, the reference app) and then assert
 * on its telemetry, so each such test does not write its own.
 *
 * <pre>{@code
 * try (OtlpReceiver receiver = OtlpReceiver.start()) {
 *   Process service = new ProcessBuilder(command).tap(pb -> pb.environment().putAll(receiver.exporterEnvironment())).start();
 *   ... drive the service ...
 *   List<ReceivedSpan> spans = receiver.awaitSpans(s -> s.stream().anyMatch(span -> span.name().equals("cuj.checkout")),
 *       Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>It accepts {@code POST /v1/traces}, {@code /v1/metrics} and {@code /v1/logs} with
 * {@code application/x-protobuf} bodies (the Java SDK's and agent's {@code http/protobuf}
 * protocol), gzip-compressed or not. A body it cannot decode is answered 400 and counted in
 * {@link #rejectedExports()}; nothing of it is recorded. It binds an ephemeral loopback port only.
 */
public final class OtlpReceiver implements AutoCloseable {

  private static final HexFormat HEX = HexFormat.of();

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<ReceivedSpan> spans = new ArrayList<>();
  private final List<ReceivedMetricPoint> metrics = new ArrayList<>();
  private final List<ReceivedLog> logs = new ArrayList<>();
  private final List<String> rejections = new ArrayList<>();
  private int exports;

  private OtlpReceiver(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds an ephemeral port on the loopback address and starts accepting exports. */
  public static OtlpReceiver start() {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("OtlpReceiver: cannot bind a loopback port", e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
      Thread thread = new Thread(runnable, "otlp-receiver");
      thread.setDaemon(true);
      return thread;
    });
    OtlpReceiver receiver = new OtlpReceiver(server, executor);
    server.setExecutor(executor);
    server.createContext("/", receiver::handle);
    server.start();
    return receiver;
  }

  /** The base URL to give an OTLP/HTTP exporter, e.g. {@code http://127.0.0.1:43567}. */
  public String endpoint() {
    InetSocketAddress address = server.getAddress();
    return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  /**
   * Environment variables that point an OpenTelemetry SDK or Java agent in a child process at this
   * receiver over {@code http/protobuf}, for traces, metrics and logs, with short export intervals so
   * a test does not wait long.
   */
  public Map<String, String> exporterEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint());
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    env.put("OTEL_TRACES_EXPORTER", "otlp");
    env.put("OTEL_METRICS_EXPORTER", "otlp");
    env.put("OTEL_LOGS_EXPORTER", "otlp");
    env.put("OTEL_BSP_SCHEDULE_DELAY", "200");
    env.put("OTEL_BLRP_SCHEDULE_DELAY", "200");
    env.put("OTEL_METRIC_EXPORT_INTERVAL", "1000");
    return env;
  }

  /** The same settings as {@link #exporterEnvironment()}, as {@code -Dotel...=...} JVM arguments. */
  public List<String> exporterSystemProperties() {
    List<String> args = new ArrayList<>();
    exporterEnvironment().forEach((name, value) ->
        args.add("-D" + name.toLowerCase(Locale.ROOT).replace('_', '.') + "=" + value));
    return args;
  }

  /** Every span received so far, in arrival order. */
  public synchronized List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  /** Every metric data point received so far, in arrival order. */
  public synchronized List<ReceivedMetricPoint> metrics() {
    return List.copyOf(metrics);
  }

  /** Every log record received so far, in arrival order. */
  public synchronized List<ReceivedLog> logs() {
    return List.copyOf(logs);
  }

  /** The spans of one trace, in arrival order. */
  public synchronized List<ReceivedSpan> trace(String traceId) {
    return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
  }

  /** How many export requests were accepted (of any signal). */
  public synchronized int exports() {
    return exports;
  }

  /** Why each refused export was refused (undecodable body, wrong path or content type). */
  public synchronized List<String> rejectedExports() {
    return List.copyOf(rejections);
  }

  /** Forgets everything received so far (the counts too). */
  public synchronized void clear() {
    spans.clear();
    metrics.clear();
    logs.clear();
    rejections.clear();
    exports = 0;
  }

  /**
   * Waits until the spans received so far satisfy {@code condition}, and returns them. The wait
   * wakes on every export, not on a timer.
   *
   * @throws AssertionError when {@code timeout} passes first, naming what was received
   */
  public List<ReceivedSpan> awaitSpans(Predicate<List<ReceivedSpan>> condition, Duration timeout) {
    return await(r -> r.spans, condition, timeout, "spans");
  }

  /** Like {@link #awaitSpans}, for metric data points. */
  public List<ReceivedMetricPoint> awaitMetrics(
      Predicate<List<ReceivedMetricPoint>> condition, Duration timeout) {
    return await(r -> r.metrics, condition, timeout, "metric points");
  }

  /** Like {@link #awaitSpans}, for log records. */
  public List<ReceivedLog> awaitLogs(Predicate<List<ReceivedLog>> condition, Duration timeout) {
    return await(r -> r.logs, condition, timeout, "log records");
  }

  private synchronized <T> List<T> await(
      Function<OtlpReceiver, List<T>> signal, Predicate<List<T>> condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<T> received = List.copyOf(signal.apply(this));
      if (condition.test(received)) {
        return received;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        StringBuilder message = new StringBuilder("OtlpReceiver: condition not met within ")
            .append(timeout).append("; received ").append(received.size()).append(' ').append(what);
        received.stream().skip(Math.max(0, received.size() - 20))
            .forEach(item -> message.append("\n  ").append(item));
        if (!rejections.isEmpty()) {
          message.append("\nrefused exports: ").append(rejections);
        }
        throw new AssertionError(message.toString());
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("OtlpReceiver: interrupted while waiting for " + what, e);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // The JDK server swallows what a handler throws and drops the connection, so the exporter sees only
  // "unexpected end of stream". Say what broke instead: the usual cause is a protobuf-java 3 on the
  // test classpath (some platform BOMs pin it), where the OTLP classes need protobuf-java 4.
  private void handle(HttpExchange exchange) throws IOException {
    try {
      handleExport(exchange);
    } catch (RuntimeException | LinkageError e) {
      String why = "OtlpReceiver failed on " + exchange.getRequestURI().getPath() + ": " + e
          + (e instanceof LinkageError ? " (is protobuf-java 4.x on the test classpath?)" : "");
      System.err.println(why);
      synchronized (this) {
        rejections.add(why);
        notifyAll();
      }
      try (exchange) {
        exchange.sendResponseHeaders(500, -1);
      }
    }
  }

  private void handleExport(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!"POST".equals(exchange.getRequestMethod())) {
        refuse(exchange, 405, exchange.getRequestMethod() + " " + path + ": only POST is accepted");
        return;
      }
      String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
      if (!contentType.startsWith("application/x-protobuf")) {
        refuse(exchange, 415, path + ": content type " + contentType
            + " (only application/x-protobuf, the http/protobuf protocol)");
        return;
      }
      byte[] body;
      try (InputStream in = bodyOf(exchange)) {
        body = in.readAllBytes();
      }
      try {
        switch (path) {
          case "/v1/traces" -> record(ExportTraceServiceRequest.parseFrom(body));
          case "/v1/metrics" -> record(ExportMetricsServiceRequest.parseFrom(body));
          case "/v1/logs" -> record(ExportLogsServiceRequest.parseFrom(body));
          default -> {
            refuse(exchange, 404, path + ": not an OTLP path (/v1/traces, /v1/metrics, /v1/logs)");
            return;
          }
        }
      } catch (InvalidProtocolBufferException e) {
        refuse(exchange, 400, path + ": undecodable OTLP body (" + e.getMessage() + ")");
        return;
      }
      // An empty Export*ServiceResponse is zero bytes: full success.
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
    }
  }

  private static InputStream bodyOf(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(in) : in;
  }

  private void refuse(HttpExchange exchange, int status, String why) throws IOException {
    synchronized (this) {
      rejections.add(why);
      notifyAll();
    }
    exchange.sendResponseHeaders(status, -1);
  }

  private synchronized void record(ExportTraceServiceRequest request) {
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      Map<String, Object> resource = attributes(resourceSpans.getResource().getAttributesList());
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        String scope = scopeSpans.getScope().getName();
        for (Span span : scopeSpans.getSpansList()) {
          List<String> events = span.getEventsList().stream().map(Span.Event::getName).toList();
          spans.add(new ReceivedSpan(
              hex(span.getTraceId()), hex(span.getSpanId()), hex(span.getParentSpanId()),
              span.getName(), kind(span.getKind()),
              status(span.getStatus().getCode()), span.getStatus().getMessage(),
              attributes(span.getAttributesList()), resource, scope,
              span.getStartTimeUnixNano(), span.getEndTimeUnixNano(), events));
        }
      }
    }
    exports++;
    notifyAll();
  }

  private synchronized void record(ExportMetricsServiceRequest request) {
    for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
      Map<String, Object> resource = attributes(resourceMetrics.getResource().getAttributesList());
      for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
        for (Metric metric : scopeMetrics.getMetricsList()) {
          addPoints(metric, resource);
        }
      }
    }
    exports++;
    notifyAll();
  }

  private void addPoints(Metric metric, Map<String, Object> resource) {
    String name = metric.getName();
    switch (metric.getDataCase()) {
      case SUM -> metric.getSum().getDataPointsList()
          .forEach(point -> metrics.add(numberPoint(name, "SUM", point, resource)));
      case GAUGE -> metric.getGauge().getDataPointsList()
          .forEach(point -> metrics.add(numberPoint(name, "GAUGE", point, resource)));
      case HISTOGRAM -> metric.getHistogram().getDataPointsList().forEach(point -> metrics.add(
          new ReceivedMetricPoint(name, "HISTOGRAM", attributes(point.getAttributesList()), resource,
              point.getSum(), point.getCount(), point.getTimeUnixNano())));
      case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsList()
          .forEach(point -> metrics.add(new ReceivedMetricPoint(name, "EXPONENTIAL_HISTOGRAM",
              attributes(point.getAttributesList()), resource, point.getSum(), point.getCount(),
              point.getTimeUnixNano())));
      case SUMMARY -> metric.getSummary().getDataPointsList().forEach(point -> metrics.add(
          new ReceivedMetricPoint(name, "SUMMARY", attributes(point.getAttributesList()), resource,
              point.getSum(), point.getCount(), point.getTimeUnixNano())));
      default -> { }
    }
  }

  private static ReceivedMetricPoint numberPoint(
      String name, String type, NumberDataPoint point, Map<String, Object> resource) {
    double value = point.getValueCase() == NumberDataPoint.ValueCase.AS_INT
        ? point.getAsInt() : point.getAsDouble();
    return new ReceivedMetricPoint(name, type, attributes(point.getAttributesList()), resource,
        value, 0, point.getTimeUnixNano());
  }

  private synchronized void record(ExportLogsServiceRequest request) {
    for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
      Map<String, Object> resource = attributes(resourceLogs.getResource().getAttributesList());
      for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
        for (LogRecord log : scopeLogs.getLogRecordsList()) {
          Object body = value(log.getBody());
          logs.add(new ReceivedLog(body == null ? "" : body.toString(), log.getSeverityText(),
              log.getSeverityNumberValue(), attributes(log.getAttributesList()), resource,
              hex(log.getTraceId()), hex(log.getSpanId())));
        }
      }
    }
    exports++;
    notifyAll();
  }

  private static Map<String, Object> attributes(List<KeyValue> keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue keyValue : keyValues) {
      map.put(keyValue.getKey(), value(keyValue.getValue()));
    }
    return Collections.unmodifiableMap(map);
  }

  private static Object value(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> value.getBoolValue();
      case INT_VALUE -> value.getIntValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpReceiver::value).toList();
      case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList());
      case BYTES_VALUE -> hex(value.getBytesValue());
      default -> null;
    };
  }

  private static String hex(ByteString bytes) {
    return HEX.formatHex(bytes.toByteArray());
  }

  private static String kind(Span.SpanKind kind) {
    return switch (kind) {
      case SPAN_KIND_SERVER -> "SERVER";
      case SPAN_KIND_CLIENT -> "CLIENT";
      case SPAN_KIND_PRODUCER -> "PRODUCER";
      case SPAN_KIND_CONSUMER -> "CONSUMER";
      default -> "INTERNAL";
    };
  }

  private static String status(io.opentelemetry.proto.trace.v1.Status.StatusCode code) {
    return switch (code) {
      case STATUS_CODE_OK -> "OK";
      case STATUS_CODE_ERROR -> "ERROR";
      default -> "UNSET";
    };
  }
}
