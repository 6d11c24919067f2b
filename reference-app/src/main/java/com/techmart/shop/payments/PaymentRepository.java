package com.techmart.shop.payments;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface PaymentRepository extends CrudRepository<Payment, UUID> {

  @Query("UPDATE payment SET status = 'REFUNDED', updated_at = now() WHERE order_id = :orderId AND status = 'CAPTURED'")
  long refund(UUID orderId);

  /** Records that the order's payment was cancelled before any charge arrived; 0 if one exists. */
  @Query("INSERT INTO payment (order_id, payment_id, status, created_at, updated_at)"
      + " VALUES (:orderId, :paymentId, 'VOIDED', now(), now()) ON CONFLICT (order_id) DO NOTHING")
  long voidUnpaid(UUID orderId, String paymentId);
}
