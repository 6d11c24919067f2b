package com.techmart.shop.inventory;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface StockRepository extends CrudRepository<Stock, Long> {

  /**
   * Takes {@code quantity} units if that many are left, in one statement: two concurrent
   * reservations of the last unit cannot both succeed. Returns the number of rows changed (0 or 1).
   */
  @Query("UPDATE stock SET available = available - :quantity WHERE product_id = :productId AND available >= :quantity")
  long take(long productId, int quantity);

  @Query("UPDATE stock SET available = available + :quantity WHERE product_id = :productId")
  long giveBack(long productId, int quantity);

  List<Stock> findAllOrderByProductId();
}
