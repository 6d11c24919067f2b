package com.techmart.cuj.jdbc;

import com.techmart.cuj.JourneyRunner;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetryBuilder;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Puts every SQL statement in its journey. {@link #wrap(DataSource)} returns a {@code DataSource}
 * whose statements
 *
 * <ul>
 *   <li>get an OpenTelemetry client span (from {@code opentelemetry-jdbc}), a child of the current
 *       span, so inside a journey it sits under the {@code cuj.<name>} span;
 *   <li>carry {@code cuj.name} and {@code cuj.critical} even where no {@code JourneySpanProcessor}
 *       is installed;
 *   <li>are counted and timed for the journey they run in: when the journey ends its span gets
 *       {@code cuj.db.statements}, {@code cuj.db.duration_ms} and, above the threshold,
 *       {@code cuj.db.n_plus_one_suspected=true};
 *   <li>optionally start with a comment naming the journey and the trace
 *       (<code>/*cuj_name='checkout',traceparent='00-…'*&#47;</code>), so a slow query seen in the
 *       database's own views can be tied to its journey. Off by default.
 * </ul>
 *
 * <pre>{@code
 * DataSource dataSource = JourneyJdbc.builder(openTelemetry)
 *     .sqlComments(true)
 *     .build()
 *     .wrap(hikariDataSource);
 * }</pre>
 *
 * <p>Counting covers journeys started in this process ({@code JourneyRunner}, {@code Journeys},
 * the adapters); a statement counts for the innermost one. Each {@code execute*} call counts once
 * (a batch too), and its time is the time spent in that call, not in reading the rows afterwards.
 */
public final class JourneyJdbc {

  /** On the journey span: how many statements the journey ran (failed ones included). */
  public static final AttributeKey<Long> DB_STATEMENTS = AttributeKey.longKey("cuj.db.statements");

  /** On the journey span: total milliseconds spent executing those statements. */
  public static final AttributeKey<Double> DB_DURATION_MS = AttributeKey.doubleKey("cuj.db.duration_ms");

  /** On the journey span, only when true: the journey ran more statements than the threshold. */
  public static final AttributeKey<Boolean> DB_N_PLUS_ONE_SUSPECTED =
      AttributeKey.booleanKey("cuj.db.n_plus_one_suspected");

  /** The default {@link Builder#statementThreshold(int)}. */
  public static final int DEFAULT_STATEMENT_THRESHOLD = 20;

  private final JdbcTelemetry telemetry;
  /** Null with {@code recordJourneys(false)}: the wrapper is then plain opentelemetry-jdbc. */
  private final JourneyStatements statements;

  private JourneyJdbc(Builder b) {
    JdbcTelemetryBuilder telemetryBuilder = JdbcTelemetry.builder(b.openTelemetry)
        // Its connection-checkout span would be named after the class it wraps, which is our
        // inner layer ("JourneyDataSource.getConnection"), not the application's pool. The agent
        // leaves these spans off by default too.
        .setDataSourceInstrumenterEnabled(false);
    b.telemetryCustomizer.accept(telemetryBuilder);
    this.telemetry = telemetryBuilder.build();
    this.statements = b.recordJourneys
        ? new JourneyStatements(b.sqlComments, b.statementThreshold, b.runner)
        : null;
  }

  /** Defaults: no SQL comments, threshold {@value #DEFAULT_STATEMENT_THRESHOLD}. */
  public static JourneyJdbc create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  /**
   * A data source that instruments every connection it hands out. Wrap the pool (not each
   * connection); {@code unwrap} reaches the original.
   */
  public DataSource wrap(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    return telemetry.wrap(statements == null ? dataSource : new JourneyDataSource(dataSource, statements));
  }

  /** Builds a {@link JourneyJdbc}; setters validate at once. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private boolean sqlComments;
    private int statementThreshold = DEFAULT_STATEMENT_THRESHOLD;
    private JourneyRunner runner;
    private boolean recordJourneys = true;
    private Consumer<JdbcTelemetryBuilder> telemetryCustomizer = b -> {};

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /**
     * Prefix each statement with <code>/*cuj_name='…',traceparent='…'*&#47;</code>. Off by default:
     * it makes every statement text unique per trace, which defeats server-side statement caches
     * keyed by SQL text. Values are percent-encoded, so they can never end the comment.
     */
    public Builder sqlComments(boolean enabled) {
      this.sqlComments = enabled;
      return this;
    }

    /**
     * A journey that runs more than {@code threshold} statements is flagged with
     * {@code cuj.db.n_plus_one_suspected=true}: a loop issuing one query per row is the usual
     * cause. Where two wrapped data sources serve one journey, the first one used sets it.
     *
     * @throws IllegalArgumentException if {@code threshold < 1}
     */
    public Builder statementThreshold(int threshold) {
      if (threshold < 1) {
        throw new IllegalArgumentException(
            "statementThreshold must be at least 1 (got " + threshold + "); "
                + "use Integer.MAX_VALUE to never flag a journey");
      }
      this.statementThreshold = threshold;
      return this;
    }

    /**
     * Also stamp statements that run in a journey which arrived in baggage (started by another
     * service), when {@code runner}'s catalogue accepts it. Without it only journeys started in
     * this process are stamped by this wrapper; a {@code JourneySpanProcessor} stamps both anyway.
     */
    public Builder journeys(JourneyRunner runner) {
      this.runner = Objects.requireNonNull(runner, "runner");
      return this;
    }

    /**
     * {@code false}: statements keep their OpenTelemetry client spans (the wrapper is then plain
     * {@code opentelemetry-jdbc}) but get nothing of a journey: no {@code cuj.*} attribute, no
     * count or timing on the journey span, no SQL comment. The Micronaut adapter passes
     * {@code cuj.enabled} here, so switching journeys off never removes the database spans a
     * service had. Default {@code true}.
     */
    public Builder recordJourneys(boolean record) {
      this.recordJourneys = record;
      return this;
    }

    /**
     * Adjusts the underlying {@code opentelemetry-jdbc} instrumentation, for example
     * {@code b -> b.setTransactionInstrumenterEnabled(true)} for commit/rollback spans.
     */
    public Builder customizeTelemetry(Consumer<JdbcTelemetryBuilder> customizer) {
      this.telemetryCustomizer = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    public JourneyJdbc build() {
      return new JourneyJdbc(this);
    }
  }
}
