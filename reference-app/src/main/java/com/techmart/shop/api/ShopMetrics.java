package com.techmart.shop.api;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;

/**
 * TechMart's business metrics, through the OpenTelemetry metrics API. After OTLP and Prometheus
 * they are {@code techmart_orders_total{payment_method}}, {@code techmart_revenue_total{payment_method}},
 * {@code techmart_funnel_total{stage}}, {@code techmart_order_completion_duration_seconds},
 * {@code techmart_refunds_total{payment_method}} and {@code techmart_refunded_total{payment_method}}
 * (charges given back because their checkout did not end in an order).
 * Every label value comes from a closed set (validated payment methods, four stages).
 */
@Singleton
public class ShopMetrics {

  /** The funnel stages, in the order a shopper passes them. */
  public enum Stage {
    BROWSE("browse"),
    CHECKOUT_STARTED("checkout_started"),
    ORDER_PROCESSED("order_processed"),
    CONFIRMATION_SENT("confirmation_sent");

    private final Attributes attributes;

    Stage(String label) {
      this.attributes = Attributes.of(STAGE, label);
    }
  }

  static final AttributeKey<String> STAGE = AttributeKey.stringKey("stage");
  static final AttributeKey<String> PAYMENT_METHOD = AttributeKey.stringKey("payment_method");

  /** Seconds; every processing objective of the catalogue (10 s) is a boundary. */
  static final List<Double> COMPLETION_BUCKETS = List.of(0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0);

  private final LongCounter orders;
  private final DoubleCounter revenue;
  private final LongCounter funnel;
  private final DoubleHistogram completion;
  private final LongCounter refunds;
  private final DoubleCounter refunded;

  public ShopMetrics(OpenTelemetry openTelemetry) {
    Meter meter = openTelemetry.getMeter("com.techmart.shop");
    orders = meter.counterBuilder("techmart.orders")
        .setDescription("Orders accepted")
        .setUnit("{order}")
        .build();
    revenue = meter.counterBuilder("techmart.revenue")
        .ofDoubles()
        .setDescription("Revenue of accepted orders, in euros")
        .setUnit("{EUR}")
        .build();
    funnel = meter.counterBuilder("techmart.funnel")
        .setDescription("Shoppers reaching each stage of the purchase funnel")
        .setUnit("{event}")
        .build();
    completion = meter.histogramBuilder("techmart.order.completion.duration")
        .setDescription("Time from order accepted to confirmation sent")
        .setUnit("s")
        .setExplicitBucketBoundariesAdvice(COMPLETION_BUCKETS)
        .build();
    refunds = meter.counterBuilder("techmart.refunds")
        .setDescription("Charges refunded because their checkout did not end in an order")
        .setUnit("{refund}")
        .build();
    refunded = meter.counterBuilder("techmart.refunded")
        .ofDoubles()
        .setDescription("Money refunded for checkouts that did not end in an order, in euros")
        .setUnit("{EUR}")
        .build();
  }

  public void stage(Stage stage) {
    funnel.add(1, stage.attributes);
  }

  public void orderAccepted(String paymentMethod, long totalCents) {
    Attributes attributes = Attributes.of(PAYMENT_METHOD, paymentMethod);
    orders.add(1, attributes);
    revenue.add(totalCents / 100.0, attributes);
  }

  /** One charge given back; counted by the one call that turned it from captured to refunded. */
  public void refunded(String paymentMethod, long amountCents) {
    Attributes attributes = Attributes.of(PAYMENT_METHOD, paymentMethod);
    refunds.add(1, attributes);
    refunded.add(amountCents / 100.0, attributes);
  }

  public void orderCompleted(Duration acceptedToConfirmed) {
    completion.record(Math.max(0, acceptedToConfirmed.toNanos()) / 1e9);
  }
}
