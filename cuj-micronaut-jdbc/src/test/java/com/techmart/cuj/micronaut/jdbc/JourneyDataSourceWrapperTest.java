package com.techmart.cuj.micronaut.jdbc;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.JourneyAttributes;
import com.techmart.cuj.jdbc.JourneyJdbc;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Factory;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Micronaut application with a Hikari pool and micronaut-data's transactions on a real
 * PostgreSQL, and nothing but this module on the class path: its SQL lands in its journeys.
 */
class JourneyDataSourceWrapperTest {

  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.start();
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (id SERIAL PRIMARY KEY, item TEXT NOT NULL)");
    }
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  private static ApplicationContext start(Map<String, Object> extra) {
    Map<String, Object> properties = new HashMap<>(Map.of(
        "micronaut.application.name", "shop",
        "cuj.catalogue", "classpath:cuj/journeys.yaml",
        "datasources.default.url", postgres.getJdbcUrl("postgres", "postgres"),
        "datasources.default.username", "postgres",
        "datasources.default.password", "",
        "datasources.default.driver-class-name", "org.postgresql.Driver"));
    properties.putAll(extra);
    return ApplicationContext.run(properties);
  }

  @Test
  void everyStatementOfAJourneyIsItsSpanWithNoCodeOfTheApplication() throws Exception {
    try (ApplicationContext app = start(Map.of())) {
      InMemorySpanExporter spans = app.getBean(InMemorySpanExporter.class);

      // Start-up did not fail with "No current connection present", and the transactions work.
      app.getBean(Shop.class).checkout("teapot");

      List<SpanData> finished = spans.getFinishedSpanItems();
      SpanData journey = finished.stream().filter(s -> s.getName().equals("cuj.checkout")).findFirst().orElseThrow();
      List<SpanData> inserts = finished.stream()
          .filter(s -> s.getKind() == SpanKind.CLIENT && s.getName().startsWith("INSERT")).toList();
      assertThat(inserts).hasSize(2).allSatisfy(insert -> assertThat(insert)
          .hasParent(journey)
          .hasAttribute(JourneyAttributes.CUJ_NAME, "checkout"));
      assertThat(journey).hasAttribute(JourneyJdbc.DB_STATEMENTS, 2L);
      // Both rows were committed through the wrapped pool.
      try (Connection c = postgres.getPostgresDatabase().getConnection();
          ResultSet rows = c.createStatement().executeQuery("SELECT count(*) FROM orders WHERE item LIKE 'teapot%'")) {
        rows.next();
        assertThat(rows.getInt(1)).isEqualTo(2);
      }
    }
  }

  @Test
  void noSpanIsNamedAfterACujClass() throws Exception {
    try (ApplicationContext app = start(Map.of())) {
      app.getBean(Shop.class).checkout("kettle");
      assertThat(app.getBean(InMemorySpanExporter.class).getFinishedSpanItems())
          .extracting(SpanData::getName)
          .isNotEmpty()
          .noneMatch(name -> name.startsWith("Journey") || name.contains("DataSource"));
    }
  }

  @Test
  void canBeSwitchedOff() throws Exception {
    try (ApplicationContext app = start(Map.of("cuj.jdbc.enabled", false))) {
      app.getBean(Shop.class).checkout("spoon");
      assertThat(app.getBean(InMemorySpanExporter.class).getFinishedSpanItems())
          .extracting(SpanData::getName)
          .contains("cuj.checkout")
          .noneMatch(name -> name.startsWith("INSERT"));
    }
  }

  @Test
  void withJourneysOffTheStatementsKeepTheirSpans() throws Exception {
    // cuj.enabled=false switches journeys off, not the database spans the service had: a service
    // that turns CUJ off in an incident keeps its SQL in its traces (and the e2e benchmark's
    // "off" mode measures the same spans as "on", minus the journey).
    try (ApplicationContext app = start(Map.of("cuj.enabled", false))) {
      app.getBean(Shop.class).checkout("ladle");
      List<SpanData> finished = app.getBean(InMemorySpanExporter.class).getFinishedSpanItems();
      assertThat(finished).extracting(SpanData::getName).doesNotContain("cuj.checkout");
      assertThat(finished.stream().filter(s -> s.getKind() == SpanKind.CLIENT && s.getName().startsWith("INSERT")).toList())
          .hasSize(2)
          .allSatisfy(insert -> assertThat(insert.getAttributes().get(JourneyAttributes.CUJ_NAME)).isNull());
    }
  }

  /** Each application keeps its finished spans in memory (micronaut-tracing adds SpanProcessor beans). */
  @Factory
  static class Telemetry {
    @Singleton
    InMemorySpanExporter spanExporter() {
      return InMemorySpanExporter.create();
    }

    @Singleton
    SpanProcessor exportToMemory(InMemorySpanExporter exporter) {
      return SimpleSpanProcessor.create(exporter);
    }
  }
}
