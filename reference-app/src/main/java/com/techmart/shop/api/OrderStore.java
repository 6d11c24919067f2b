package com.techmart.shop.api;

import com.techmart.cuj.JourneyHandoff;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The api's writes and reads of orders; each method is one transaction. */
@Singleton
public class OrderStore {

  private final OrderRepository orders;
  private final OrderLineRepository lines;
  private final OutboxRepository outbox;

  public OrderStore(OrderRepository orders, OrderLineRepository lines, OutboxRepository outbox) {
    this.orders = orders;
    this.lines = lines;
    this.outbox = outbox;
  }

  /** Stores a PENDING order with its lines, before anything is reserved or charged for it. */
  @Transactional
  public CustomerOrder open(CustomerOrder order, List<OrderLine> orderLines) {
    CustomerOrder saved = orders.save(order);
    lines.saveAll(orderLines);
    return saved;
  }

  /**
   * Accepts a PENDING order and stores its outbox entry, both or neither. The entry carries the
   * current journey and trace, so the fulfilment stages continue this checkout. Empty when the
   * order is no longer PENDING (the reconciler cancelled it meanwhile).
   */
  @Transactional
  public Optional<CustomerOrder> accept(UUID orderId, String paymentId, Instant acceptedAt) {
    if (orders.markAccepted(orderId, paymentId, acceptedAt) == 0) {
      return Optional.empty();
    }
    Instant now = Instant.now();
    outbox.save(new OutboxEntry(null, orderId, JourneyHandoff.capture(), now, now, 0, null, null));
    return orders.findById(orderId);
  }

  /**
   * Starts cancelling an order: true when it is (now) CANCELLING, false when it was accepted or
   * cancelled already, or does not exist; only then is there nothing to undo.
   */
  @Transactional
  public boolean cancelling(UUID orderId, String reason) {
    if (orders.markCancelling(orderId, reason) == 1) {
      return true;
    }
    return orders.findById(orderId).map(o -> CustomerOrder.CANCELLING.equals(o.status())).orElse(false);
  }

  /** CANCELLING -> CANCELLED; false when it was not CANCELLING (another replica finished first). */
  @Transactional
  public boolean cancelled(UUID orderId) {
    return orders.markCancelled(orderId) == 1;
  }

  @Transactional(readOnly = true)
  public List<UUID> unsettled(Instant placedBefore, int limit) {
    return orders.findUnsettled(placedBefore, limit);
  }

  /** Orders neither accepted nor cancelled yet: checkouts under way, or waiting for the reconciler. */
  @Transactional(readOnly = true)
  public long countUnsettled() {
    return orders.countUnsettled();
  }

  @Transactional(readOnly = true)
  public Optional<CustomerOrder> find(UUID id) {
    return orders.findById(id);
  }

  @Transactional(readOnly = true)
  public List<OrderLine> lines(UUID orderId) {
    return lines.findByOrderIdOrderByProductId(orderId);
  }
}
