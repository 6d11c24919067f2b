package com.techmart.shop.api;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Checkout and its reconciler ({@code techmart.checkout.*}). */
@ConfigurationProperties("techmart.checkout")
public class CheckoutSettings {

  /** The step boundaries of a checkout, in order; {@code hold-after} names one of them. */
  public static final List<String> STEPS = List.of("order-stored", "stock-reserved", "payment-captured", "order-accepted");

  private Duration reconcileAfter = Duration.ofMinutes(2);
  private Duration reconcileInterval = Duration.ofSeconds(5);
  private String holdAfter;

  /**
   * How old an order that is still PENDING (or CANCELLING) must be before the reconciler cancels
   * it: longer than any live checkout can take (every step has a deadline, see the README), so it
   * only ever finds checkouts whose process died.
   */
  public Duration getReconcileAfter() {
    return reconcileAfter;
  }

  public void setReconcileAfter(Duration reconcileAfter) {
    if (reconcileAfter == null || reconcileAfter.isNegative() || reconcileAfter.isZero()) {
      throw new IllegalArgumentException("techmart.checkout.reconcile-after must be positive, was " + reconcileAfter);
    }
    this.reconcileAfter = reconcileAfter;
  }

  public Duration getReconcileInterval() {
    return reconcileInterval;
  }

  public void setReconcileInterval(Duration reconcileInterval) {
    if (reconcileInterval == null || reconcileInterval.isNegative() || reconcileInterval.isZero()) {
      throw new IllegalArgumentException("techmart.checkout.reconcile-interval must be positive, was " + reconcileInterval);
    }
    this.reconcileInterval = reconcileInterval;
  }

  /**
   * Fault injection for crash tests: every checkout stops for good right after this step, so a
   * test can kill the process exactly there. One of {@link #STEPS}; unset in production.
   */
  @Nullable
  public String getHoldAfter() {
    return holdAfter;
  }

  public void setHoldAfter(@Nullable String holdAfter) {
    String step = holdAfter == null || holdAfter.isBlank() ? null : holdAfter.trim().toLowerCase(Locale.ROOT);
    if (step != null && !STEPS.contains(step)) {
      throw new IllegalArgumentException("techmart.checkout.hold-after must be one of " + STEPS + ", was '" + holdAfter + "'");
    }
    this.holdAfter = step;
  }
}
