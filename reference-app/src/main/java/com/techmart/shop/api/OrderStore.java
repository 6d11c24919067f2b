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

  /**
   * Stores the order, its lines and its outbox entry together: either all of them or none. The
   * entry carries the current journey and trace, so the fulfilment stages continue this checkout.
   */
  @Transactional
  public CustomerOrder accept(CustomerOrder order, List<OrderLine> orderLines) {
    CustomerOrder saved = orders.save(order);
    lines.saveAll(orderLines);
    Instant now = Instant.now();
    outbox.save(new OutboxEntry(null, order.id(), JourneyHandoff.capture(), now, now, 0, null, null));
    return saved;
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
