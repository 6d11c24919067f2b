package com.techmart.shop.api;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface OrderRepository extends CrudRepository<CustomerOrder, UUID> {

  /** PENDING -> ACCEPTED; 0 when the order was cancelled meanwhile (the reconciler got there first). */
  @Query("UPDATE customer_order SET status = 'ACCEPTED', payment_id = :paymentId, accepted_at = :acceptedAt"
      + " WHERE id = :id AND status = 'PENDING'")
  long markAccepted(UUID id, String paymentId, Instant acceptedAt);

  /** PENDING -> CANCELLING; 0 when the order was accepted, or is being cancelled already. */
  @Query("UPDATE customer_order SET status = 'CANCELLING', cancel_reason = :reason WHERE id = :id AND status = 'PENDING'")
  long markCancelling(UUID id, String reason);

  /** CANCELLING -> CANCELLED, once its stock is given back and its charge refunded. */
  @Query("UPDATE customer_order SET status = 'CANCELLED', cancelled_at = now() WHERE id = :id AND status = 'CANCELLING'")
  long markCancelled(UUID id);

  /** Orders placed before {@code before} that are neither accepted nor cancelled yet, oldest first. */
  @Query("SELECT id FROM customer_order WHERE status IN ('PENDING', 'CANCELLING') AND placed_at < :before"
      + " ORDER BY placed_at LIMIT :limit")
  List<UUID> findUnsettled(Instant before, int limit);

  @Query("SELECT count(*) FROM customer_order WHERE status IN ('PENDING', 'CANCELLING')")
  long countUnsettled();

  /** ACCEPTED -> FULFILLED; 0 when the order was fulfilled already (a retried stage). */
  @Query("UPDATE customer_order SET status = 'FULFILLED', fulfilled_at = now() WHERE id = :id AND status = 'ACCEPTED'")
  long markFulfilled(UUID id);

  /** FULFILLED -> CONFIRMED; 0 when it was confirmed already. */
  @Query("UPDATE customer_order SET status = 'CONFIRMED', confirmed_at = now() WHERE id = :id AND status = 'FULFILLED'")
  long markConfirmed(UUID id);
}
