package com.techmart.cuj.jdbc;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.techmart.cuj.JourneyAttributes;
import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.JourneyDefinition;
import com.techmart.cuj.JourneyHandoff;
import com.techmart.cuj.JourneyRunner;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The wrapper against a real PostgreSQL server (embedded binaries, started once for the class) and
 * a real OpenTelemetry SDK exporting to memory. No {@code JourneySpanProcessor} is installed, so
 * every {@code cuj.name} on a database span here was put there by the wrapper itself.
 */
class JourneyJdbcTest {

  private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
  private static final AttributeKey<String> DB_STATEMENT = AttributeKey.stringKey("db.statement");

  private static EmbeddedPostgres postgres;
  private static DataSource database;

  private InMemorySpanExporter spans;
  private SdkTracerProvider tracerProvider;
  private OpenTelemetrySdk openTelemetry;
  private JourneyRunner journeys;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.start();
    database = postgres.getPostgresDatabase();
    try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (id serial PRIMARY KEY, item text NOT NULL, qty int NOT NULL)");
    }
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @BeforeEach
  void setUp() throws SQLException {
    spans = InMemorySpanExporter.create();
    tracerProvider = SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(spans))
        .build();
    openTelemetry = OpenTelemetrySdk.builder()
        .setTracerProvider(tracerProvider)
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    journeys = JourneyRunner.builder(openTelemetry)
        .catalogue(JourneyCatalogue.builder()
            .add(JourneyDefinition.of("checkout"))
            .add(JourneyDefinition.builder("order-lookup").critical(false).build())
            .build())
        .build();
    try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE orders RESTART IDENTITY");
    }
  }

  @AfterEach
  void tearDown() {
    tracerProvider.close();
  }

  @Test
  void statementsInAJourneyAreChildSpansCarryingItsNameAndAreCountedOnIt() throws Exception {
    DataSource ds = JourneyJdbc.create(openTelemetry).wrap(database);

    journeys.run("checkout", () -> {
      try (Connection c = ds.getConnection()) {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO orders (item, qty) VALUES (?, ?)")) {
          insert.setString(1, "kettle");
          insert.setInt(2, 1);
          insert.executeUpdate();
        }
        try (Statement s = c.createStatement()) {
          s.executeUpdate("UPDATE orders SET qty = qty + 1 WHERE item = 'kettle'");
          try (ResultSet rs = s.executeQuery("SELECT qty FROM orders")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(2);
          }
        }
      }
    });

    SpanData journey = journeySpan("checkout");
    List<SpanData> statements = dbSpans();
    assertThat(statements).hasSize(3);
    for (SpanData statement : statements) {
      assertThat(statement)
          .hasKind(SpanKind.CLIENT)
          .hasParent(journey)
          .hasAttribute(DB_SYSTEM, "postgresql")
          .hasAttribute(JourneyAttributes.CUJ_NAME, "checkout")
          .hasAttribute(JourneyAttributes.CUJ_CRITICAL, true);
    }
    // The span keeps the SQL as written: comments are off by default, and literals are sanitized.
    assertThat(statements).extracting(s -> s.getAttributes().get(DB_STATEMENT)).contains(
        "INSERT INTO orders (item, qty) VALUES (?, ?)", "UPDATE orders SET qty = qty + ? WHERE item = ?");
    // No span is named after the wrapper's own classes (such as "JourneyDataSource.getConnection"):
    // the journey holds its own span and the statements, nothing else.
    assertThat(spans.getFinishedSpanItems())
        .extracting(SpanData::getName)
        .noneMatch(name -> name.contains("Journey") || name.endsWith("getConnection"));

    assertThat(journey)
        .hasStatus(StatusData.ok())
        .hasAttribute(JourneyJdbc.DB_STATEMENTS, 3L);
    assertThat(journey.getAttributes().get(JourneyJdbc.DB_N_PLUS_ONE_SUSPECTED)).isNull();
    // Measured inside each client span, so it is positive and at most what the spans add up to.
    double dbMillis = journey.getAttributes().get(JourneyJdbc.DB_DURATION_MS);
    double spanMillis = statements.stream()
        .mapToLong(s -> s.getEndEpochNanos() - s.getStartEpochNanos()).sum() / 1e6;
    assertThat(dbMillis).isPositive().isLessThanOrEqualTo(spanMillis);
  }

  @Test
  void statementsOutsideAJourneyAreNeitherStampedNorCharged() throws Exception {
    DataSource ds = JourneyJdbc.create(openTelemetry).wrap(database);
    var tracer = openTelemetry.getTracer("test");
    var request = tracer.spanBuilder("GET /health").startSpan();
    try (Scope ignored = request.makeCurrent(); Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.executeQuery("SELECT 1").close();
    } finally {
      request.end();
    }
    journeys.run("checkout", () -> { });

    assertThat(dbSpans()).singleElement().satisfies(s -> {
      assertThat(s.getAttributes().get(JourneyAttributes.CUJ_NAME)).isNull();
      assertThat(s.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    });
    // A journey that ran no SQL says nothing about SQL rather than claiming zero.
    assertThat(journeySpan("checkout").getAttributes().get(JourneyJdbc.DB_STATEMENTS)).isNull();
  }

  @Test
  void withJourneysOffStatementsKeepTheirSpansAndGetNothingOfAJourney() throws Exception {
    // What cuj.enabled=false means in the Micronaut adapter: plain opentelemetry-jdbc.
    DataSource ds = JourneyJdbc.builder(openTelemetry).sqlComments(true).recordJourneys(false).build().wrap(database);

    journeys.run("checkout", () -> {
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO orders (item, qty) VALUES ('kettle', 1)");
      }
    });

    SpanData journey = journeySpan("checkout");
    assertThat(dbSpans()).singleElement().satisfies(statement -> {
      assertThat(statement).hasKind(SpanKind.CLIENT).hasParent(journey).hasAttribute(DB_SYSTEM, "postgresql");
      assertThat(statement.getAttributes().get(JourneyAttributes.CUJ_NAME)).isNull();
      // No journey comment reached the database either.
      assertThat(statement.getAttributes().get(DB_STATEMENT)).doesNotContain("cuj_name");
    });
    assertThat(journey.getAttributes().get(JourneyJdbc.DB_STATEMENTS)).isNull();
    assertThat(ds.isWrapperFor(PGSimpleDataSource.class)).isTrue();
  }

  @Test
  void aJourneyRunningMoreStatementsThanTheThresholdIsFlagged() throws Exception {
    DataSource ds = JourneyJdbc.builder(openTelemetry).statementThreshold(5).build().wrap(database);
    insertOrders(5);

    // The classic N+1: one query for the ids, then one query per id.
    journeys.run("order-lookup", () -> lookUpOneByOne(ds));
    SpanData nPlusOne = journeySpan("order-lookup");
    assertThat(nPlusOne)
        .hasAttribute(JourneyJdbc.DB_STATEMENTS, 6L)
        .hasAttribute(JourneyJdbc.DB_N_PLUS_ONE_SUSPECTED, true);

    spans.reset();
    journeys.run("order-lookup", () -> {
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        for (int i = 0; i < 5; i++) {
          s.executeQuery("SELECT item FROM orders WHERE id = " + (i + 1)).close();
        }
      }
    });
    SpanData atThreshold = journeySpan("order-lookup");
    assertThat(atThreshold).hasAttribute(JourneyJdbc.DB_STATEMENTS, 5L);
    assertThat(atThreshold.getAttributes().get(JourneyJdbc.DB_N_PLUS_ONE_SUSPECTED)).isNull();
  }

  @Test
  void aRolledBackTransactionStaysInsideTheJourneyAndLeavesNoRow() throws Exception {
    DataSource ds = JourneyJdbc.builder(openTelemetry)
        .customizeTelemetry(b -> b.setTransactionInstrumenterEnabled(true))
        .build()
        .wrap(database);

    journeys.run("checkout", () -> {
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO orders (item, qty) VALUES (?, ?)")) {
          insert.setString(1, "teapot");
          insert.setInt(2, 1);
          insert.executeUpdate();
          insert.setString(1, "cups");
          insert.setInt(2, 6);
          insert.executeUpdate();
        }
        c.rollback();
        c.setAutoCommit(true);
      }
    });

    assertThat(countOrders()).isZero();
    SpanData journey = journeySpan("checkout");
    assertThat(journey).hasStatus(StatusData.ok()).hasAttribute(JourneyJdbc.DB_STATEMENTS, 2L);
    assertThat(spans.getFinishedSpanItems())
        .filteredOn(s -> s.getName().contains("ROLLBACK"))
        .singleElement()
        .satisfies(s -> assertThat(s).hasParent(journey).hasAttribute(JourneyAttributes.CUJ_NAME, "checkout"));
  }

  @Test
  void aFailedStatementMarksTheJourneyErrorOnlyWhenItsExceptionEscapes() throws Exception {
    DataSource ds = JourneyJdbc.create(openTelemetry).wrap(database);

    // Handled inside the journey (e.g. a fallback query): the statement failed, the journey did not.
    journeys.run("checkout", () -> {
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        try {
          s.executeQuery("SELECT * FROM no_such_table");
        } catch (SQLException handled) {
          s.executeQuery("SELECT 1").close();
        }
      }
    });
    SpanData handled = journeySpan("checkout");
    assertThat(handled)
        .hasStatus(StatusData.ok())
        .hasAttribute(JourneyAttributes.CUJ_OUTCOME, JourneyAttributes.OUTCOME_SUCCESS)
        .hasAttribute(JourneyJdbc.DB_STATEMENTS, 2L);
    assertThat(dbSpans()).filteredOn(s -> s.getStatus().getStatusCode() == StatusCode.ERROR)
        .singleElement()
        .satisfies(s -> assertThat(s).hasParent(handled).hasAttribute(JourneyAttributes.CUJ_NAME, "checkout"));

    spans.reset();
    assertThatThrownBy(() -> journeys.run("checkout", () -> {
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        s.executeQuery("SELECT * FROM no_such_table");
      }
    })).isInstanceOf(SQLException.class).hasMessageContaining("no_such_table");
    SpanData escaped = journeySpan("checkout");
    assertThat(escaped)
        .hasStatusSatisfying(status -> status.hasCode(StatusCode.ERROR))
        .hasAttribute(JourneyAttributes.CUJ_OUTCOME, JourneyAttributes.OUTCOME_ERROR)
        .hasAttribute(JourneyJdbc.DB_STATEMENTS, 1L)
        .hasEventsSatisfyingExactly(event -> event
            .hasName("exception")
            .hasAttributesSatisfying(attributes -> assertThat(attributes.get(AttributeKey.stringKey("exception.type")))
                .isEqualTo("org.postgresql.util.PSQLException")));
  }

  @Test
  void aNestedJourneyChargesItsStatementsToItselfNotToTheOuterOne() throws Exception {
    DataSource ds = JourneyJdbc.create(openTelemetry).wrap(database);

    journeys.run("checkout", () -> {
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        s.executeQuery("SELECT 1").close();
        journeys.run("order-lookup", () -> {
          s.executeQuery("SELECT 2").close();
          s.executeQuery("SELECT 3").close();
        });
      }
    });

    assertThat(journeySpan("checkout")).hasAttribute(JourneyJdbc.DB_STATEMENTS, 1L);
    assertThat(journeySpan("order-lookup")).hasAttribute(JourneyJdbc.DB_STATEMENTS, 2L);
    assertThat(dbSpans()).filteredOn(s -> "order-lookup".equals(s.getAttributes().get(JourneyAttributes.CUJ_NAME)))
        .hasSize(2)
        .allSatisfy(s -> assertThat(s).hasAttribute(JourneyAttributes.CUJ_CRITICAL, false));
  }

  @Test
  void statementsRunInParallelForOneJourneyAreAllCounted() throws Exception {
    DataSource ds = JourneyJdbc.create(openTelemetry).wrap(database);
    ExecutorService pool = JourneyHandoff.wrap(Executors.newFixedThreadPool(4));
    try {
      journeys.run("checkout", () -> {
        List<CompletableFuture<Void>> work = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          work.add(CompletableFuture.runAsync(() -> {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
              for (int i = 0; i < 10; i++) {
                s.executeQuery("SELECT " + i).close();
              }
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
          }, pool));
        }
        CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      });
    } finally {
      pool.shutdownNow();
    }
    assertThat(journeySpan("checkout"))
        .hasAttribute(JourneyJdbc.DB_STATEMENTS, 40L)
        .hasAttribute(JourneyJdbc.DB_N_PLUS_ONE_SUSPECTED, true);
  }

  @Test
  void sqlCommentsNameTheJourneyAndTraceInPgStatActivity() throws Exception {
    DataSource ds = JourneyJdbc.builder(openTelemetry).sqlComments(true).build().wrap(database);
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try (Connection lockHolder = database.getConnection();
         Connection observer = database.getConnection()) {
      // Hold a lock the journey's query needs, so the query stays visible in pg_stat_activity
      // exactly as the server received it, for as long as the test looks.
      lockHolder.setAutoCommit(false);
      try (Statement s = lockHolder.createStatement()) {
        s.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
      }
      Future<Integer> blocked = worker.submit(() -> journeys.call("checkout", () -> {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
          rs.next();
          return rs.getInt(1);
        }
      }));

      String seen = await("the journey's query waiting on the lock")
          .atMost(Duration.ofSeconds(30))
          .until(() -> waitingQuery(observer), q -> q != null);
      lockHolder.rollback();
      assertThat(blocked.get(30, TimeUnit.SECONDS)).isZero();

      SpanData statement = dbSpans().get(0);
      assertThat(seen).isEqualTo("/*cuj_name='checkout',traceparent='00-"
          + statement.getTraceId() + "-" + statement.getSpanId() + "-"
          // The SDK's own flags: 01 (sampled), or 03 from SDKs that also set the W3C "random" flag.
          + statement.getSpanContext().getTraceFlags().asHex() + "'*/ SELECT count(*) FROM orders");
      // The span keeps the statement as the application wrote it.
      assertThat(statement).hasAttribute(DB_STATEMENT, "SELECT count(*) FROM orders");
      assertThat(statement.getTraceId()).isEqualTo(journeySpan("checkout").getTraceId());
    } finally {
      worker.shutdownNow();
    }
  }

  @Test
  void sqlCommentsAreOffByDefaultAndOnPreparedStatementsWhenEnabled() throws Exception {
    DataSource plain = JourneyJdbc.create(openTelemetry).wrap(database);
    DataSource commented = JourneyJdbc.builder(openTelemetry).sqlComments(true).build().wrap(database);

    String[] texts = new String[2];
    journeys.run("order-lookup", () -> {
      texts[0] = currentQuery(plain);
      texts[1] = currentQuery(commented);
    });

    SpanData journey = journeySpan("order-lookup");
    assertThat(texts[0]).isEqualTo("SELECT current_query()");
    // Prepared before it ran, so the comment names the span current at prepare time: the journey.
    assertThat(texts[1]).isEqualTo("/*cuj_name='order-lookup',traceparent='00-"
        + journey.getTraceId() + "-" + journey.getSpanId() + "-"
        + journey.getSpanContext().getTraceFlags().asHex() + "'*/ SELECT current_query()");
  }

  @Test
  void aCommentBuiltFromHostileValuesCannotBreakTheStatement() throws Exception {
    String hostile = "x'*/ DROP TABLE orders; -- \r\n/*";
    var span = openTelemetry.getTracer("test").spanBuilder("s").startSpan();
    String sql = SqlComment.prefix("SELECT count(*) FROM orders", hostile, span.getSpanContext());
    span.end();

    assertThat(sql.indexOf("*/")).isEqualTo(sql.lastIndexOf("*/"));
    assertThat(sql).startsWith("/*cuj_name='x%27%2A%2F%20DROP%20TABLE%20orders%3B%20--%20%0D%0A%2F%2A',traceparent='00-");
    try (Connection c = database.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      assertThat(rs.getInt(1)).isZero(); // the table is still there and the statement ran as written
    }
  }

  @Test
  void aJourneyFromBaggageIsStampedOnlyWhenTheCatalogueAcceptsIt() throws Exception {
    DataSource ds = JourneyJdbc.builder(openTelemetry).journeys(journeys).build().wrap(database);
    var tracer = openTelemetry.getTracer("test");

    for (String name : List.of("checkout", "forged-journey")) {
      Context upstream = Context.root().with(Baggage.builder().put(JourneyAttributes.BAGGAGE_NAME, name).build());
      var server = tracer.spanBuilder("server " + name).setParent(upstream).startSpan();
      try (Scope ignored = upstream.with(server).makeCurrent();
           Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        s.executeQuery("SELECT 1").close();
      } finally {
        server.end();
      }
    }

    assertThat(dbSpans()).extracting(s -> s.getAttributes().get(JourneyAttributes.CUJ_NAME))
        .containsExactly("checkout", null);
  }

  @Test
  void unwrapReachesTheOriginalDataSourceAndConnection() throws Exception {
    DataSource ds = JourneyJdbc.create(openTelemetry).wrap(database);
    assertThat(ds.isWrapperFor(PGSimpleDataSource.class)).isTrue();
    assertThat(ds.unwrap(PGSimpleDataSource.class)).isSameAs(database);
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      assertThat(c.unwrap(PGConnection.class).getBackendPID()).isPositive();
      assertThat(s.getConnection().unwrap(PGConnection.class)).isNotNull();
    }
  }

  @Test
  void badSettingsAreRefusedWithAClearMessage() {
    assertThatThrownBy(() -> JourneyJdbc.builder(openTelemetry).statementThreshold(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("statementThreshold must be at least 1 (got 0)");
    assertThatThrownBy(() -> JourneyJdbc.create(openTelemetry).wrap(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dataSource");
    assertThatThrownBy(() -> JourneyJdbc.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("openTelemetry");
  }

  // --- helpers

  private static String waitingQuery(Connection observer) throws SQLException {
    try (Statement s = observer.createStatement();
         ResultSet rs = s.executeQuery(
             "SELECT query FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FROM orders%'")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static String currentQuery(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT current_query()");
         ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void lookUpOneByOne(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection()) {
      List<Integer> ids = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM orders")) {
        while (rs.next()) {
          ids.add(rs.getInt(1));
        }
      }
      try (PreparedStatement one = c.prepareStatement("SELECT item FROM orders WHERE id = ?")) {
        for (int id : ids) {
          one.setInt(1, id);
          one.executeQuery().close();
        }
      }
    }
  }

  private static void insertOrders(int n) throws SQLException {
    try (Connection c = database.getConnection();
         PreparedStatement ps = c.prepareStatement("INSERT INTO orders (item, qty) VALUES (?, 1)")) {
      for (int i = 0; i < n; i++) {
        ps.setString(1, "item-" + i);
        ps.executeUpdate();
      }
    }
  }

  private static int countOrders() throws SQLException {
    try (Connection c = database.getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private SpanData journeySpan(String name) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals("cuj." + name))
        .reduce((a, b) -> {
          throw new AssertionError("two journey spans named cuj." + name);
        })
        .orElseThrow(() -> new AssertionError("no journey span cuj." + name + " in " + spans.getFinishedSpanItems()));
  }

  private List<SpanData> dbSpans() {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == SpanKind.CLIENT && s.getAttributes().get(DB_SYSTEM) != null)
        .toList();
  }
}
