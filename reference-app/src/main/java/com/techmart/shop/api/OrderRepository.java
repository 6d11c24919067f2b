package com.techmart.shop.api;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface OrderRepository extends CrudRepository<CustomerOrder, UUID> {

  /** ACCEPTED -> FULFILLED; 0 when the order was fulfilled already (a retried stage). */
  @Query("UPDATE customer_order SET status = 'FULFILLED', fulfilled_at = now() WHERE id = :id AND status = 'ACCEPTED'")
  long markFulfilled(UUID id);

  /** FULFILLED -> CONFIRMED; 0 when it was confirmed already. */
  @Query("UPDATE customer_order SET status = 'CONFIRMED', confirmed_at = now() WHERE id = :id AND status = 'FULFILLED'")
  long markConfirmed(UUID id);
}
