package com.techmart.shop.api;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface OutboxRepository extends CrudRepository<OutboxEntry, Long> {

  /**
   * The oldest due entry, locked until the calling transaction ends. Entries other workers hold
   * are skipped, not waited for; if this worker dies the lock goes with its connection and the
   * entry is due again at once.
   */
  @Query("SELECT * FROM outbox WHERE processed_at IS NULL AND next_attempt_at <= now() ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED")
  Optional<OutboxEntry> lockNextDue();

  @Query("UPDATE outbox SET processed_at = now() WHERE id = :id")
  long markProcessed(long id);

  @Query("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = :nextAttemptAt, last_error = :error WHERE id = :id AND processed_at IS NULL")
  long markFailed(long id, Instant nextAttemptAt, String error);

  @Query("SELECT count(*) FROM outbox WHERE processed_at IS NULL")
  long countPending();
}
