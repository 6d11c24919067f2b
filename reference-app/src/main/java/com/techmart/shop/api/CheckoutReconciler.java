package com.techmart.shop.api;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crash half of checkout: finds orders still PENDING (or CANCELLING) longer than
 * {@code techmart.checkout.reconcile-after} — checkouts whose process died between two steps, or
 * whose undo could not finish — and cancels them: stock given back, charge refunded or voided. An
 * order accepted meanwhile is left alone (cancelling is conditional on PENDING). Safe with several
 * replicas: every step is idempotent and counted once.
 */
@Singleton
public class CheckoutReconciler {

  private static final Logger LOG = LoggerFactory.getLogger(CheckoutReconciler.class);
  private static final int BATCH = 50;

  private final OrderStore store;
  private final Compensations compensations;
  private final CheckoutSettings settings;
  private final AtomicLong reconciled = new AtomicLong();

  public CheckoutReconciler(OrderStore store, Compensations compensations, CheckoutSettings settings) {
    this.store = store;
    this.compensations = compensations;
    this.settings = settings;
  }

  /** Orders this replica cancelled after their checkout died. */
  public long reconciled() {
    return reconciled.get();
  }

  @Scheduled(fixedDelay = "${techmart.checkout.reconcile-interval:5s}", initialDelay = "${techmart.checkout.reconcile-interval:5s}")
  void reconcile() {
    List<UUID> stale;
    try {
      stale = store.unsettled(Instant.now().minus(settings.getReconcileAfter()), BATCH);
    } catch (RuntimeException e) {
      LOG.warn("reconciliation skipped this round: {}", e.toString());
      return;
    }
    for (UUID orderId : stale) {
      try {
        if (store.cancelling(orderId, "abandoned") && compensations.undoOnce(orderId)) {
          reconciled.incrementAndGet();
          LOG.info("order {}: its checkout never finished; cancelled, stock given back, charge refunded", orderId);
        }
      } catch (RuntimeException e) {
        LOG.warn("order {}: reconciliation failed this round: {}", orderId, e.toString());
      }
    }
  }
}
