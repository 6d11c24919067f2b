package com.techmart.shop.inventory;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ReservationRepository extends CrudRepository<Reservation, UUID> {

  /**
   * Claims the order id for a new reservation; 0 when a reservation for it exists already. A
   * concurrent claim of the same id waits for this transaction and then sees the outcome.
   */
  @Query("INSERT INTO reservation (order_id, status, created_at, updated_at) VALUES (:orderId, 'RESERVED', now(), now()) ON CONFLICT (order_id) DO NOTHING")
  long claim(UUID orderId);

  /**
   * Closes an order id that has no reservation: 1 if it had none. A reservation being made at this
   * moment is waited for (the primary key), so a release never overtakes the reserve it undoes.
   */
  @Query("INSERT INTO reservation (order_id, status, created_at, updated_at) VALUES (:orderId, 'RELEASED', now(), now()) ON CONFLICT (order_id) DO NOTHING")
  long closeUnreserved(UUID orderId);

  /** Moves a reservation from one status to another; 0 if it was not in {@code from}. */
  @Query("UPDATE reservation SET status = :to, updated_at = now() WHERE order_id = :orderId AND status = :from")
  long transition(UUID orderId, String from, String to);

  /** Open reservations older than {@code before}, locked, skipping any another sweeper holds. */
  @Query("SELECT * FROM reservation WHERE status = 'RESERVED' AND created_at < :before ORDER BY created_at LIMIT 50 FOR UPDATE SKIP LOCKED")
  List<Reservation> lockAbandoned(Instant before);
}
