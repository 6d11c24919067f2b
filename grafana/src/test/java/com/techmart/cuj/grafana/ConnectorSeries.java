package com.techmart.cuj.grafana;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;

/**
 * Two hours of synthetic series shaped like the spanmetrics connector's output with {@code
 * namespace: techmart} (calls counter and millisecond duration histogram per span kind, status
 * and dimension set), plus the reference app's funnel counter, written as OpenMetrics text for
 * {@code promtool tsdb create-blocks-from openmetrics}.
 *
 * <p>Every series starts at 0 at {@link #START}, so {@code increase()} over a range that covers
 * the data is exact (no extrapolation), and every figure asserted on it can be worked out by hand:
 *
 * <ul>
 *   <li>checkout: 43 successful journeys every 30 s for 240 steps (10 320), 98 expected outcomes
 *       (status OK) in the first 98 steps, 3 failures at steps 60, 120 and 180: 3 errors in 10 421
 *       journeys. Server spans and client spans (postgres, inventory, payments) carry {@code
 *       cuj_name="checkout"} too, so a query that counted by {@code cuj_name} instead of the journey
 *       span would be off.
 *   <li>order.process: 43 runs a step, failures at steps 30, 90, 150 and 210.
 *   <li>product-discovery: 200 a step, a failure every 20 steps (12); order-lookup: 20 a step,
 *       never failing.
 *   <li>cuj.browser.checkout (the storefront's ingested browser spans): 43 a step, 2 of them over
 *       2.5 s; no server-side figure may count them.
 *   <li>funnel: 200 browse, 45 checkout_started, 43 order_processed, 42 confirmation_sent a step.
 * </ul>
 * The last 5 minutes (steps 231-240) hold no failure and no expected outcome, so rates over them
 * come from the steady per-step patterns alone.
 */
final class ConnectorSeries {

  static final long START = 1_735_689_600L; // 2025-01-01T00:00:00Z
  static final int STEP_SECONDS = 30;
  static final int STEPS = 240;
  static final long END = START + (long) STEP_SECONDS * STEPS;

  static final int[] BUCKETS = {5, 10, 25, 50, 100, 250, 300, 400, 500, 1000, 2500, 5000, 10000, 30000};

  /** Calls of one span kind/status/dimension set: a latency pattern repeated {@code times(step)} times. */
  record Stream(Map<String, String> labels, TreeMap<Integer, Integer> callsUpToBound, IntUnaryOperator times) {}

  final List<Stream> streams = new ArrayList<>();

  static ConnectorSeries reference() {
    ConnectorSeries s = new ConnectorSeries();
    IntUnaryOperator always = step -> 1;
    // checkout: journey span, the server span around it, and its client spans in api and inventory
    s.add(span("api", "cuj.checkout", "SPAN_KIND_INTERNAL", "STATUS_CODE_OK", "cuj_name", "checkout", "cuj_outcome", "success"),
        pattern(50, 5, 100, 12, 250, 17, 300, 4, 400, 3, 500, 1, 1000, 1), always);
    s.add(span("api", "cuj.checkout", "SPAN_KIND_INTERNAL", "STATUS_CODE_OK", "cuj_name", "checkout", "cuj_outcome", "expected"),
        pattern(25, 1), step -> step <= 98 ? 1 : 0);
    IntUnaryOperator checkoutFailures = step -> step == 60 || step == 120 || step == 180 ? 1 : 0;
    s.add(span("api", "cuj.checkout", "SPAN_KIND_INTERNAL", "STATUS_CODE_ERROR", "cuj_name", "checkout", "cuj_outcome", "error"),
        pattern(2500, 1), checkoutFailures);
    s.add(span("api", "POST /api/orders", "SPAN_KIND_SERVER", "STATUS_CODE_UNSET", "cuj_name", "checkout",
        "http_route", "/api/orders", "http_request_method", "POST", "http_response_status_code", "201"),
        pattern(50, 5, 100, 12, 250, 17, 300, 4, 400, 3, 500, 1, 1000, 1), always);
    s.add(span("api", "POST /api/orders", "SPAN_KIND_SERVER", "STATUS_CODE_ERROR", "cuj_name", "checkout",
        "http_route", "/api/orders", "http_request_method", "POST", "http_response_status_code", "500"),
        pattern(2500, 1), checkoutFailures);
    s.add(span("api", "INSERT techmart.orders", "SPAN_KIND_CLIENT", "STATUS_CODE_UNSET", "cuj_name", "checkout",
        "db_system", "postgresql", "server_address", "postgres"), pattern(10, 43), always);
    s.add(span("api", "INSERT techmart.orders", "SPAN_KIND_CLIENT", "STATUS_CODE_ERROR", "cuj_name", "checkout",
        "db_system", "postgresql", "server_address", "postgres"), pattern(1000, 1), step -> step == 180 ? 1 : 0);
    s.add(span("inventory", "UPDATE techmart.stock", "SPAN_KIND_CLIENT", "STATUS_CODE_UNSET", "cuj_name", "checkout",
        "db_system", "postgresql", "server_address", "postgres"), pattern(10, 43), always);
    s.add(span("api", "POST", "SPAN_KIND_CLIENT", "STATUS_CODE_UNSET", "cuj_name", "checkout",
        "http_request_method", "POST", "http_response_status_code", "200", "server_address", "inventory"), pattern(50, 43), always);
    s.add(span("api", "POST", "SPAN_KIND_CLIENT", "STATUS_CODE_UNSET", "cuj_name", "checkout",
        "http_request_method", "POST", "http_response_status_code", "200", "server_address", "payments"), pattern(100, 43), always);
    s.add(span("api", "POST", "SPAN_KIND_CLIENT", "STATUS_CODE_ERROR", "cuj_name", "checkout",
        "http_request_method", "POST", "http_response_status_code", "503", "server_address", "payments"),
        pattern(1000, 1), step -> step == 60 || step == 120 ? 1 : 0);
    // the background stage: order accepted -> confirmation sent
    s.add(span("api", "order.process", "SPAN_KIND_INTERNAL", "STATUS_CODE_UNSET", "cuj_name", "checkout"),
        pattern(2500, 10, 5000, 25, 10000, 7, 30000, 1), always);
    s.add(span("api", "order.process", "SPAN_KIND_INTERNAL", "STATUS_CODE_ERROR", "cuj_name", "checkout"),
        pattern(30000, 1), step -> step % 60 == 30 ? 1 : 0);
    // product-discovery
    s.add(span("api", "cuj.product-discovery", "SPAN_KIND_INTERNAL", "STATUS_CODE_OK", "cuj_name", "product-discovery",
        "cuj_outcome", "success"), pattern(25, 50, 50, 100, 100, 40, 250, 8, 300, 2), always);
    s.add(span("api", "cuj.product-discovery", "SPAN_KIND_INTERNAL", "STATUS_CODE_ERROR", "cuj_name", "product-discovery",
        "cuj_outcome", "error"), pattern(500, 1), step -> step % 20 == 10 ? 1 : 0);
    s.add(span("api", "SELECT techmart.products", "SPAN_KIND_CLIENT", "STATUS_CODE_UNSET", "cuj_name", "product-discovery",
        "db_system", "postgresql", "server_address", "postgres"), pattern(10, 200), always);
    s.add(span("api", "GET", "SPAN_KIND_CLIENT", "STATUS_CODE_UNSET", "cuj_name", "product-discovery",
        "http_request_method", "GET", "http_response_status_code", "200", "server_address", "inventory"), pattern(25, 100), always);
    // the browser's checkout (click to rendered confirmation), ingested as cuj.browser.checkout by
    // the storefront: untrusted, so no server-side figure may count it
    s.add(span("techmart-storefront", "cuj.browser.checkout", "SPAN_KIND_INTERNAL", "STATUS_CODE_UNSET",
        "cuj_name", "checkout", "cuj_outcome", "success"), pattern(500, 20, 1000, 15, 2500, 6, 5000, 2), always);
    s.add(span("techmart-storefront", "cuj.browser.product-discovery", "SPAN_KIND_INTERNAL", "STATUS_CODE_UNSET",
        "cuj_name", "product-discovery", "cuj_outcome", "success"), pattern(250, 30, 500, 15, 1000, 4, 2500, 1), always);
    s.add(span("techmart-storefront", "cuj.browser.order-lookup", "SPAN_KIND_INTERNAL", "STATUS_CODE_UNSET",
        "cuj_name", "order-lookup", "cuj_outcome", "success"), pattern(250, 10, 500, 8, 1000, 2), always);
    // order-lookup never fails
    s.add(span("api", "cuj.order-lookup", "SPAN_KIND_INTERNAL", "STATUS_CODE_OK", "cuj_name", "order-lookup",
        "cuj_outcome", "success"), pattern(50, 15, 100, 5), always);
    s.add(span("api", "SELECT techmart.orders", "SPAN_KIND_CLIENT", "STATUS_CODE_UNSET", "cuj_name", "order-lookup",
        "db_system", "postgresql", "server_address", "postgres"), pattern(10, 20), always);
    return s;
  }

  static final Map<String, Integer> FUNNEL_PER_STEP = orderedMap(
      "browse", 200, "checkout_started", 45, "order_processed", 43, "confirmation_sent", 42);

  void add(Map<String, String> labels, TreeMap<Integer, Integer> pattern, IntUnaryOperator times) {
    streams.add(new Stream(labels, pattern, times));
  }

  static Map<String, String> span(String service, String spanName, String kind, String status, String... dimensions) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("job", service);
    labels.put("service_name", service);
    labels.put("span_name", spanName);
    labels.put("span_kind", kind);
    labels.put("status_code", status);
    for (int i = 0; i < dimensions.length; i += 2) {
      labels.put(dimensions[i], dimensions[i + 1]);
    }
    return labels;
  }

  /** Upper bound (ms) -> calls per step with a duration in (previous bound, bound]. */
  static TreeMap<Integer, Integer> pattern(int... boundCount) {
    TreeMap<Integer, Integer> p = new TreeMap<>();
    for (int i = 0; i < boundCount.length; i += 2) {
      p.put(boundCount[i], boundCount[i + 1]);
    }
    return p;
  }

  /** The OpenMetrics text: one family after another, each series with all its samples. */
  String openMetrics() {
    StringBuilder out = new StringBuilder();
    out.append("# TYPE techmart_calls counter\n");
    for (Stream s : streams) {
      long[] calls = cumulative(s, step -> s.callsUpToBound().values().stream().mapToLong(Integer::longValue).sum());
      samples(out, "techmart_calls_total", s.labels(), calls);
    }
    out.append("# TYPE techmart_duration_milliseconds histogram\n");
    for (Stream s : streams) {
      for (int bound : BUCKETS) {
        long perStep = s.callsUpToBound().headMap(bound, true).values().stream().mapToLong(Integer::longValue).sum();
        Map<String, String> labels = new LinkedHashMap<>(s.labels());
        labels.put("le", String.valueOf(bound));
        samples(out, "techmart_duration_milliseconds_bucket", labels, cumulative(s, step -> perStep));
      }
      long total = s.callsUpToBound().values().stream().mapToLong(Integer::longValue).sum();
      Map<String, String> inf = new LinkedHashMap<>(s.labels());
      inf.put("le", "+Inf");
      samples(out, "techmart_duration_milliseconds_bucket", inf, cumulative(s, step -> total));
      samples(out, "techmart_duration_milliseconds_count", s.labels(), cumulative(s, step -> total));
      // every call takes its bucket's upper bound: a plausible sum, not asserted anywhere
      long msPerStep = s.callsUpToBound().entrySet().stream().mapToLong(e -> (long) e.getKey() * e.getValue()).sum();
      samples(out, "techmart_duration_milliseconds_sum", s.labels(), cumulative(s, step -> msPerStep));
    }
    out.append("# TYPE techmart_funnel counter\n");
    FUNNEL_PER_STEP.forEach((stage, perStep) -> {
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("job", "api");
      labels.put("stage", stage);
      long[] values = new long[STEPS + 1];
      for (int step = 1; step <= STEPS; step++) {
        values[step] = values[step - 1] + perStep;
      }
      samples(out, "techmart_funnel_total", labels, values);
    });
    out.append("# EOF\n");
    return out.toString();
  }

  private static long[] cumulative(Stream s, java.util.function.IntToLongFunction perStep) {
    long[] values = new long[STEPS + 1];
    for (int step = 1; step <= STEPS; step++) {
      values[step] = values[step - 1] + perStep.applyAsLong(step) * s.times().applyAsInt(step);
    }
    return values;
  }

  private static void samples(StringBuilder out, String name, Map<String, String> labels, long[] values) {
    StringBuilder series = new StringBuilder(name).append('{');
    boolean first = true;
    for (Map.Entry<String, String> l : labels.entrySet()) {
      series.append(first ? "" : ",").append(l.getKey()).append("=\"").append(l.getValue()).append('"');
      first = false;
    }
    series.append('}');
    for (int step = 0; step <= STEPS; step++) {
      out.append(series).append(' ').append(values[step]).append(' ').append(START + (long) step * STEP_SECONDS).append('\n');
    }
  }

  private static Map<String, Integer> orderedMap(Object... kv) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Integer) kv[i + 1]);
    }
    return m;
  }
}
