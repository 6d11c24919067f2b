package com.techmart.shop.api;

import com.techmart.shop.wire.InventoryApi.OrderRef;
import com.techmart.shop.wire.PaymentsApi.RefundRequest;
import com.techmart.shop.wire.PaymentsApi.RefundResult;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.opentelemetry.context.Context;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes a checkout that will not end in an order: the order goes PENDING -> CANCELLING, its stock
 * is given back, its charge refunded (or voided, if it has not arrived yet), then CANCELLED. Every
 * step is idempotent, so the whole undo can run again and again: tried at once, then retried in the
 * background while the other service is away (an outage, a 5xx, a time-out), and in any case taken
 * up by the {@link CheckoutReconciler} after a crash. An answer that will not change on retry (a
 * 4xx other than 404, 408 and 429) is not retried: it is logged and counted as refused.
 */
@Singleton
public class Compensations {

  private static final Logger LOG = LoggerFactory.getLogger(Compensations.class);
  private static final int MAX_ATTEMPTS = 10;
  private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

  private final InventoryClient inventory;
  private final PaymentsClient payments;
  private final OrderStore store;
  private final ShopMetrics metrics;
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "compensations");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong abandoned = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  public Compensations(InventoryClient inventory, PaymentsClient payments, OrderStore store, ShopMetrics metrics) {
    this.inventory = inventory;
    this.payments = payments;
    this.store = store;
    this.metrics = metrics;
  }

  /**
   * Cancels a PENDING order and undoes what was done for it; nothing when the order was accepted
   * (or cancelled) already. Never throws: what cannot be done now is retried, and after that the
   * order stays CANCELLING for the reconciler.
   *
   * @param mayBeReserved false when the inventory said it reserved nothing (out of stock)
   * @param mayBeCharged false when no charge was ever sent for it: then there is nothing to refund
   */
  public void cancel(UUID orderId, String reason, boolean mayBeReserved, boolean mayBeCharged) {
    boolean started;
    try {
      started = store.cancelling(orderId, reason);
    } catch (RuntimeException e) {
      LOG.warn("order {}: could not start cancelling it ({}); the reconciler will", orderId, e.toString());
      return;
    }
    if (started) {
      attempt(orderId, mayBeReserved, mayBeCharged, 1);
    }
  }

  /**
   * One attempt at undoing a CANCELLING order, with no retry: the reconciler's next round is the
   * retry. True when the order is CANCELLED now.
   */
  public boolean undoOnce(UUID orderId) {
    try {
      undo(orderId, true, true);
      return true;
    } catch (RuntimeException e) {
      LOG.warn("order {}: undo failed this round: {}", orderId, e.toString());
      return false;
    }
  }

  /** Undo attempts waiting for a retry. */
  public long pending() {
    return pending.get();
  }

  /** Undos given up after {@value #MAX_ATTEMPTS} attempts (the reconciler still takes them up). */
  public long abandoned() {
    return abandoned.get();
  }

  /** Steps a downstream refused with an answer a retry would not change (a 4xx). */
  public long refused() {
    return refused.get();
  }

  /**
   * Whether asking again may get another answer: a time-out, a refused connection, a 5xx, 408 or
   * 429 may; any other 4xx says the request itself is wrong, and asking again says it again.
   */
  static boolean retryable(RuntimeException e) {
    if (e instanceof HttpClientResponseException r) {
      int status = r.getStatus().getCode();
      return status >= 500 || status == 408 || status == 429;
    }
    return true;
  }

  private void undo(UUID orderId, boolean mayBeReserved, boolean mayBeCharged) {
    step("release stock", orderId, () -> {
      if (mayBeReserved) {
        inventory.release(new OrderRef(orderId));
      }
    });
    step("refund", orderId, () -> {
      if (!mayBeCharged) {
        return;
      }
      RefundResult refund = payments.refund(new RefundRequest(orderId));
      if (refund.refundedNow()) {
        metrics.refunded(refund.method(), refund.amountCents() == null ? 0 : refund.amountCents());
        LOG.info("order {}: charge refunded", orderId);
      }
    });
    if (store.cancelled(orderId)) {
      LOG.info("order {} cancelled", orderId);
    }
  }

  private void step(String what, UUID orderId, Runnable call) {
    try {
      call.run();
    } catch (HttpClientResponseException e) {
      if (e.getStatus().getCode() == 404) {
        return; // the step never happened there: nothing to undo
      }
      if (retryable(e)) {
        throw e;
      }
      refused.incrementAndGet();
      LOG.error("order {}: {} refused with {} {}; not retried (a held reservation expires by the inventory's TTL; "
          + "a refused refund needs a person)", orderId, what, e.getStatus().getCode(), e.getStatus().getReason());
    }
  }

  private void attempt(UUID orderId, boolean mayBeReserved, boolean mayBeCharged, int attempt) {
    try {
      undo(orderId, mayBeReserved, mayBeCharged);
      if (attempt > 1) {
        LOG.info("undo of order {} succeeded on attempt {}", orderId, attempt);
      }
    } catch (RuntimeException e) {
      retryLater(orderId, mayBeReserved, mayBeCharged, attempt, e);
    }
  }

  private void retryLater(UUID orderId, boolean mayBeReserved, boolean mayBeCharged, int attempt, RuntimeException e) {
    if (attempt >= MAX_ATTEMPTS || retries.isShutdown()) {
      abandoned.incrementAndGet();
      LOG.warn("undo of order {} left to the reconciler after {} attempts: {}", orderId, attempt, e.toString());
      return;
    }
    long pause = Math.min(LONGEST_PAUSE.toMillis(), FIRST_PAUSE.toMillis() << Math.min(attempt - 1, 10));
    LOG.warn("undo of order {} failed (attempt {}), retrying in {} ms: {}", orderId, attempt, pause, e.toString());
    pending.incrementAndGet();
    Runnable retry = Context.current().wrap(() -> {
      pending.decrementAndGet();
      attempt(orderId, mayBeReserved, mayBeCharged, attempt + 1);
    });
    try {
      retries.schedule(retry, pause, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
      pending.decrementAndGet();
    }
  }

  @PreDestroy
  void close() {
    retries.shutdownNow();
  }
}
