package com.techmart.shop.api;

import com.techmart.cuj.BaggageTrustPolicy;
import com.techmart.cuj.CorrelationId;
import com.techmart.cuj.JourneyHandoff;
import com.techmart.cuj.JourneyRunner;
import com.techmart.shop.api.ShopMetrics.Stage;
import com.techmart.shop.wire.InventoryApi.OrderRef;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The background half of a checkout. Takes outbox entries one at a time ({@code FOR UPDATE SKIP
 * LOCKED}, so several workers and several api replicas share the work), continues the checkout's
 * trace and journey from the entry, and runs the stages as spans of that trace:
 *
 * <pre>
 * order.process   (starts when the order was accepted: its duration is accepted -> confirmed)
 * ├── order.fulfil   inventory commits the reserved units; order FULFILLED
 * └── order.confirm  confirmation sent once; order CONFIRMED
 * </pre>
 *
 * Each stage commits on its own and is idempotent; the entry is marked processed only after both.
 * A crash between the stages leaves the entry unprocessed, and the next attempt skips what was
 * done already: every accepted order is fulfilled and confirmed exactly once in effect.
 */
@Singleton
public class OrderProcessor implements ApplicationEventListener<StartupEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(OrderProcessor.class);
  private static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey("order.id");
  private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("order.process.attempt");
  private static final AttributeKey<Boolean> SKIPPED = AttributeKey.booleanKey("order.stage.already_done");
  private static final TransactionDefinition OWN_TRANSACTION =
      TransactionDefinition.of(TransactionDefinition.Propagation.REQUIRES_NEW);

  private final WorkerSettings settings;
  private final TransactionOperations<Connection> tx;
  private final OutboxRepository outbox;
  private final OrderRepository orders;
  private final ConfirmationRepository confirmations;
  private final InventoryClient inventory;
  private final ShopMetrics metrics;
  private final Tracer tracer;
  private final BaggageTrustPolicy trust;
  private final ScheduledExecutorService workers;
  private final Semaphore permits;
  private final Set<UUID> crashed = ConcurrentHashMap.newKeySet();
  private volatile boolean running = true;

  public OrderProcessor(WorkerSettings settings, TransactionOperations<Connection> tx, OutboxRepository outbox,
                        OrderRepository orders, ConfirmationRepository confirmations, InventoryClient inventory,
                        ShopMetrics metrics, OpenTelemetry openTelemetry, JourneyRunner journeys) {
    this.settings = settings;
    this.tx = tx;
    this.outbox = outbox;
    this.orders = orders;
    this.confirmations = confirmations;
    this.inventory = inventory;
    this.metrics = metrics;
    this.tracer = openTelemetry.getTracer("com.techmart.shop.worker");
    // A stored context is input like any other: the journey in it passes this service's trust policy.
    this.trust = journeys.trustPolicy();
    this.permits = new Semaphore(settings.getThreads());
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newScheduledThreadPool(settings.getThreads(), r -> {
      Thread t = new Thread(r, "order-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void onApplicationEvent(StartupEvent event) {
    if (settings.isEnabled()) {
      long poll = settings.getPollInterval().toMillis();
      workers.scheduleWithFixedDelay(this::drain, poll, poll, TimeUnit.MILLISECONDS);
    }
  }

  /** Asks a worker to look at the outbox now (an order was just accepted), instead of at the next poll. */
  public void wake() {
    if (settings.isEnabled() && running) {
      try {
        workers.execute(this::drain);
      } catch (RejectedExecutionException e) {
        // shutting down: the entry stays in the outbox for the next start (or another replica)
      }
    }
  }

  @PreDestroy
  void stop() throws InterruptedException {
    running = false;
    workers.shutdown();
    if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
      workers.shutdownNow();
    }
  }

  private void drain() {
    if (!permits.tryAcquire()) {
      return; // every worker is busy draining already
    }
    try {
      while (running && processNext()) {
        // keep going while there is due work
      }
    } catch (RuntimeException e) {
      LOG.warn("outbox worker stopped this round: {}", e.toString());
    } finally {
      permits.release();
    }
  }

  /** Processes one due entry; false when there was none (or the database is away). */
  boolean processNext() {
    AtomicReference<OutboxEntry> claimed = new AtomicReference<>();
    try {
      return tx.executeWrite(status -> {
        Optional<OutboxEntry> next = outbox.lockNextDue();
        if (next.isEmpty()) {
          return false;
        }
        OutboxEntry entry = next.get();
        claimed.set(entry);
        process(entry);
        outbox.markProcessed(entry.id());
        return true;
      });
    } catch (RuntimeException e) {
      OutboxEntry entry = claimed.get();
      if (entry == null) {
        LOG.debug("outbox poll failed: {}", e.toString());
        return false;
      }
      return recordFailure(entry, e);
    }
  }

  private void process(OutboxEntry entry) {
    CustomerOrder order = orders.findById(entry.orderId()).orElseThrow();
    Context checkout = JourneyHandoff.restore(entry.journeyContext(), trust);
    Span span = tracer.spanBuilder("order.process")
        .setParent(checkout)
        .setStartTimestamp(order.acceptedAt())
        .setAttribute(ORDER_ID, order.id().toString())
        .setAttribute(ATTEMPT, entry.attempts() + 1L)
        .startSpan();
    String correlation = CorrelationId.fromContext(checkout).orElse(null);
    try (Scope ignored = span.storeInContext(checkout).makeCurrent()) {
      if (correlation != null) {
        MDC.put(CorrelationId.MDC_KEY, correlation);
      }
      stage("order.fulfil", () -> fulfil(order));
      if ("fulfil".equals(settings.getCrashOnceAfterStage()) && crashed.add(order.id())) {
        throw new IllegalStateException("simulated crash between order.fulfil and order.confirm");
      }
      stage("order.confirm", () -> confirm(order));
    } catch (RuntimeException e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      MDC.remove(CorrelationId.MDC_KEY);
      span.end();
    }
  }

  private void stage(String name, Runnable body) {
    Span span = tracer.spanBuilder(name).startSpan();
    try (Scope ignored = span.makeCurrent()) {
      body.run();
    } catch (RuntimeException e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  private void fulfil(CustomerOrder order) {
    CustomerOrder current = tx.execute(OWN_TRANSACTION, s -> orders.findById(order.id()).orElseThrow());
    if (!CustomerOrder.ACCEPTED.equals(current.status())) {
      Span.current().setAttribute(SKIPPED, true);
      return;
    }
    inventory.commit(new OrderRef(order.id())); // idempotent: committing twice is harmless
    long changed = tx.execute(OWN_TRANSACTION, s -> orders.markFulfilled(order.id()));
    if (changed == 1) {
      metrics.stage(Stage.ORDER_PROCESSED);
      LOG.info("order {} fulfilled", order.id());
    }
  }

  private void confirm(CustomerOrder order) {
    boolean sent = tx.execute(OWN_TRANSACTION, s -> {
      if (confirmations.record(order.id(), "email") == 0) {
        return false;
      }
      orders.markConfirmed(order.id());
      return true;
    });
    if (!sent) {
      Span.current().setAttribute(SKIPPED, true);
      return;
    }
    // The e-mail itself is simulated: this log line (with the trace id) stands for it.
    LOG.info("confirmation for order {} sent to customer {}", order.id(), order.customerId());
    metrics.stage(Stage.CONFIRMATION_SENT);
    metrics.orderCompleted(Duration.between(order.acceptedAt(), Instant.now()));
  }

  private boolean recordFailure(OutboxEntry entry, RuntimeException e) {
    int attempt = entry.attempts() + 1;
    long pause = settings.getRetryBackoff().toMillis() << Math.min(attempt - 1, 6);
    String error = String.valueOf(e.getMessage());
    LOG.warn("order {}: processing attempt {} failed, next try in {} ms: {}", entry.orderId(), attempt, pause, e.toString());
    try {
      tx.executeWrite(s -> outbox.markFailed(entry.id(), Instant.now().plusMillis(pause),
          error.length() > 500 ? error.substring(0, 500) : error));
      return true;
    } catch (RuntimeException again) {
      LOG.debug("could not record the failure: {}", again.toString());
      return false;
    }
  }
}
