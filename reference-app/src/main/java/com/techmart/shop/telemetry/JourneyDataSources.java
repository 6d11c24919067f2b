package com.techmart.shop.telemetry;

import com.techmart.cuj.JourneyRunner;
import com.techmart.cuj.jdbc.JourneyJdbc;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.order.Ordered;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/**
 * Wraps the service's connection pool with cuj-jdbc, so every SQL statement is a span of the
 * journey that ran it (with {@code cuj.name}) and each journey span counts its statements.
 * Repositories, transactions and the outbox worker all get the wrapped pool.
 *
 * <p>It runs before micronaut-data's own listener, so it wraps the pool itself and micronaut-data's
 * transaction-aware proxy sits outside: micronaut-data unwraps its proxies (not ours) to find
 * where connections come from, and so takes them through cuj-jdbc.
 */
@Singleton
public class JourneyDataSources implements BeanCreatedEventListener<DataSource>, Ordered {

  private final OpenTelemetry openTelemetry;
  private final JourneyRunner journeys;

  public JourneyDataSources(OpenTelemetry openTelemetry, JourneyRunner journeys) {
    this.openTelemetry = openTelemetry;
    this.journeys = journeys;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
    return JourneyJdbc.builder(openTelemetry).journeys(journeys).build().wrap(event.getBean());
  }
}
