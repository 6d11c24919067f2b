package com.techmart.shop.api;

import com.techmart.shop.wire.InventoryApi.OrderRef;
import com.techmart.shop.wire.PaymentsApi.RefundRequest;
import io.micronaut.http.HttpStatus;
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
 * Undoes the steps of a checkout that failed after them: gives reserved stock back and refunds a
 * charge. Tried at once; when the other service cannot be reached (an outage), retried in the
 * background with growing pauses, in the failed checkout's trace. Both calls are idempotent, and an
 * order the other service never saw (404) counts as done.
 */
@Singleton
public class Compensations {

  private static final Logger LOG = LoggerFactory.getLogger(Compensations.class);
  private static final int MAX_ATTEMPTS = 10;
  private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

  private final InventoryClient inventory;
  private final PaymentsClient payments;
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "compensations");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong abandoned = new AtomicLong();

  public Compensations(InventoryClient inventory, PaymentsClient payments) {
    this.inventory = inventory;
    this.payments = payments;
  }

  public void releaseStock(UUID orderId) {
    attempt("release stock", orderId, () -> inventory.release(new OrderRef(orderId)), 1);
  }

  public void refund(UUID orderId) {
    attempt("refund", orderId, () -> payments.refund(new RefundRequest(orderId)), 1);
  }

  /** Compensations waiting for a retry. */
  public long pending() {
    return pending.get();
  }

  /** Compensations given up after {@value #MAX_ATTEMPTS} attempts (the inventory's TTL still frees stock). */
  public long abandoned() {
    return abandoned.get();
  }

  private void attempt(String what, UUID orderId, Runnable call, int attempt) {
    try {
      call.run();
      if (attempt > 1) {
        LOG.info("{} for order {} succeeded on attempt {}", what, orderId, attempt);
      }
    } catch (HttpClientResponseException e) {
      if (e.getStatus() == HttpStatus.NOT_FOUND) {
        return; // the step never happened there: nothing to undo
      }
      retryLater(what, orderId, call, attempt, e);
    } catch (RuntimeException e) {
      retryLater(what, orderId, call, attempt, e);
    }
  }

  private void retryLater(String what, UUID orderId, Runnable call, int attempt, RuntimeException e) {
    if (attempt >= MAX_ATTEMPTS || retries.isShutdown()) {
      abandoned.incrementAndGet();
      LOG.error("{} for order {} abandoned after {} attempts: {}", what, orderId, attempt, e.toString());
      return;
    }
    long pause = Math.min(LONGEST_PAUSE.toMillis(), FIRST_PAUSE.toMillis() << Math.min(attempt - 1, 10));
    LOG.warn("{} for order {} failed (attempt {}), retrying in {} ms: {}", what, orderId, attempt, pause, e.toString());
    pending.incrementAndGet();
    Runnable retry = Context.current().wrap(() -> {
      pending.decrementAndGet();
      attempt(what, orderId, call, attempt + 1);
    });
    retries.schedule(retry, pause, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void close() {
    retries.shutdownNow();
  }
}
