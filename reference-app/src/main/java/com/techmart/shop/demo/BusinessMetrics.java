package com.techmart.shop.demo;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.io.PrintStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The api's business metrics as the OpenTelemetry SDK holds them (what OTLP would export). */
final class BusinessMetrics {

  private static final AttributeKey<String> PAYMENT_METHOD = AttributeKey.stringKey("payment_method");
  private static final AttributeKey<String> STAGE = AttributeKey.stringKey("stage");
  private static final List<String> STAGES = List.of("browse", "checkout_started", "order_processed", "confirmation_sent");

  private final Collection<MetricData> metrics;
  private final BusinessMetrics baseline;

  BusinessMetrics(Collection<MetricData> metrics) {
    this(metrics, null);
  }

  /** The metrics' growth since {@code baseline} was read (the counters are cumulative). */
  BusinessMetrics(Collection<MetricData> metrics, BusinessMetrics baseline) {
    this.metrics = metrics;
    this.baseline = baseline;
  }

  Map<String, Long> orders() {
    Map<String, Long> out = new TreeMap<>();
    find("techmart.orders").ifPresent(m -> {
      for (LongPointData p : m.getLongSumData().getPoints()) {
        out.put(p.getAttributes().get(PAYMENT_METHOD), p.getValue());
      }
    });
    if (baseline != null) {
      baseline.orders().forEach((k, v) -> out.computeIfPresent(k, (key, now) -> now - v));
    }
    return out;
  }

  Map<String, Double> revenue() {
    Map<String, Double> out = new TreeMap<>();
    find("techmart.revenue").ifPresent(m -> {
      for (DoublePointData p : m.getDoubleSumData().getPoints()) {
        out.put(p.getAttributes().get(PAYMENT_METHOD), p.getValue());
      }
    });
    if (baseline != null) {
      baseline.revenue().forEach((k, v) -> out.computeIfPresent(k, (key, now) -> now - v));
    }
    return out;
  }

  Map<String, Long> funnel() {
    Map<String, Long> out = new LinkedHashMap<>();
    STAGES.forEach(s -> out.put(s, 0L));
    find("techmart.funnel").ifPresent(m -> {
      for (LongPointData p : m.getLongSumData().getPoints()) {
        out.put(p.getAttributes().get(STAGE), p.getValue());
      }
    });
    if (baseline != null) {
      baseline.funnel().forEach((k, v) -> out.computeIfPresent(k, (key, now) -> now - v));
    }
    return out;
  }

  /** Charges refunded because their checkout did not end in an order. */
  long refunds() {
    long count = find("techmart.refunds").map(m -> m.getLongSumData().getPoints().stream()
        .mapToLong(LongPointData::getValue).sum()).orElse(0L);
    return count - (baseline == null ? 0 : baseline.refunds());
  }

  /** Orders completed and the seconds they took in total. */
  long completedCount() {
    long count = completion().map(HistogramPointData::getCount).orElse(0L);
    return count - (baseline == null ? 0 : baseline.completedCount());
  }

  double completedSeconds() {
    double sum = completion().map(HistogramPointData::getSum).orElse(0.0);
    return sum - (baseline == null ? 0 : baseline.completedSeconds());
  }

  private Optional<HistogramPointData> completion() {
    return find("techmart.order.completion.duration")
        .flatMap(m -> m.getHistogramData().getPoints().stream().findFirst());
  }

  void print(PrintStream out) {
    out.println("Business metrics (OpenTelemetry metrics API; Prometheus names after OTLP export)");
    out.println();
    StringBuilder orders = new StringBuilder();
    orders().forEach((k, v) -> orders.append(String.format("%s %d   ", k, v)));
    StringBuilder revenue = new StringBuilder();
    revenue().forEach((k, v) -> revenue.append(String.format("%s %,.2f   ", k, v)));
    StringBuilder funnel = new StringBuilder();
    funnel().forEach((k, v) -> funnel.append(funnel.length() == 0 ? "" : " -> ").append(k).append(' ').append(v));
    out.printf("  %-44s %s%n", "techmart_orders_total{payment_method}", orders.toString().trim());
    out.printf("  %-44s %s%n", "techmart_revenue_total{payment_method} (EUR)", revenue.toString().trim());
    out.printf("  %-44s %s%n", "techmart_funnel_total{stage}", funnel);
    out.printf("  %-44s %d%n", "techmart_refunds_total{payment_method}", refunds());
    long completed = completedCount();
    out.printf("  %-44s %d orders, mean %.2f s%n", "techmart_order_completion_duration_seconds",
        completed, completed == 0 ? 0 : completedSeconds() / completed);
  }

  private Optional<MetricData> find(String name) {
    return metrics.stream().filter(m -> m.getName().equals(name)).findFirst();
  }
}
