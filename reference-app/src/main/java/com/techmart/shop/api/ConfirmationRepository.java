package com.techmart.shop.api;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ConfirmationRepository extends CrudRepository<Confirmation, UUID> {

  /** Records that the confirmation is sent; 0 if it was sent before (a retried stage). */
  @Query("INSERT INTO confirmation (order_id, channel, sent_at) VALUES (:orderId, :channel, now()) ON CONFLICT (order_id) DO NOTHING")
  long record(java.util.UUID orderId, String channel);
}
