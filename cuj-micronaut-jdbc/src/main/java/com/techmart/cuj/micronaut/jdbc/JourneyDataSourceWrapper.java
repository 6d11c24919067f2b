package com.techmart.cuj.micronaut.jdbc;

import com.techmart.cuj.JourneyRunner;
import com.techmart.cuj.jdbc.JourneyJdbc;
import com.techmart.cuj.micronaut.JourneySettings;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.order.Ordered;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/**
 * Wraps every {@link DataSource} bean with cuj-jdbc as it is created, so each SQL statement is a
 * span of the journey that ran it and each journey span counts its statements. Nothing to write:
 * having this module on the class path is enough; {@code cuj.jdbc.enabled: false} turns it off.
 * {@code cuj.enabled: false} switches the journeys off but keeps the statement spans (plain
 * {@code opentelemetry-jdbc}): turning CUJ off never takes a service's SQL out of its traces.
 *
 * <p>It must run before micronaut-data's own listener (hence the highest precedence): that one
 * puts a transaction-aware proxy around the pool, and a wrapper outside that proxy would ask it
 * for a connection outside any transaction, which fails start-up with "No current connection
 * present". Wrapping the pool itself leaves the proxy outside, and micronaut-data unwraps only its
 * own proxies, so its connections come through cuj-jdbc.
 */
@Singleton
@Requires(property = "cuj.jdbc.enabled", notEquals = "false")
public final class JourneyDataSourceWrapper implements BeanCreatedEventListener<DataSource>, Ordered {

  // Providers: the listener is created early, before the SDK beans may be ready.
  private final BeanProvider<OpenTelemetry> openTelemetry;
  private final BeanProvider<JourneyRunner> journeys;
  private final BeanProvider<JourneySettings> settings;
  private final boolean sqlComments;

  public JourneyDataSourceWrapper(
      BeanProvider<OpenTelemetry> openTelemetry,
      BeanProvider<JourneyRunner> journeys,
      BeanProvider<JourneySettings> settings,
      @Value("${cuj.jdbc.sql-comments:false}") boolean sqlComments) {
    this.openTelemetry = openTelemetry;
    this.journeys = journeys;
    this.settings = settings;
    this.sqlComments = sqlComments;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
    // cuj.enabled as cuj-micronaut read it: one reader of the switch for the filter, @Journey and SQL.
    boolean journeysOn = settings.get().enabled();
    JourneyJdbc.Builder jdbc = JourneyJdbc.builder(openTelemetry.get())
        .sqlComments(sqlComments)
        .recordJourneys(journeysOn);
    if (journeysOn) {
      journeys.ifPresent(jdbc::journeys);
    }
    return jdbc.build().wrap(event.getBean());
  }
}
