package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.testing.OtlpReceiver;
import com.techmart.cuj.testing.ReceivedSpan;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service as it runs: real server, real PostgreSQL, its telemetry exported over OTLP. */
class CheckoutTest {

  @Test
  void aCheckoutAndItsSqlAreOneJourney() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start();
        OtlpReceiver otlp = OtlpReceiver.start()) {
      try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE orders (id BIGSERIAL PRIMARY KEY, item TEXT NOT NULL, quantity INT NOT NULL)");
      }
      Map<String, Object> config = Map.of(
          "micronaut.server.port", -1,
          "datasources.default.url", postgres.getJdbcUrl("postgres", "postgres"),
          "datasources.default.username", "postgres",
          "otel.exporter.otlp.endpoint", otlp.endpoint(),
          "otel.exporter.otlp.protocol", "http/protobuf",
          "otel.traces.exporter", "otlp",
          "otel.bsp.schedule.delay", "200");
      try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, config)) {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(server.getURI().resolve("/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"teapot\",\"quantity\":2}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        List<ReceivedSpan> spans = otlp.awaitSpans(
            all -> all.stream().anyMatch(s -> s.name().startsWith("INSERT"))
                && all.stream().anyMatch(s -> s.name().equals("cuj.checkout")),
            Duration.ofSeconds(30));
        ReceivedSpan journey = spans.stream().filter(s -> s.name().equals("cuj.checkout")).findFirst().orElseThrow();
        assertThat(journey.attribute("cuj.outcome")).isEqualTo("success");
        assertThat(spans).filteredOn(s -> s.name().startsWith("INSERT")).singleElement()
            .satisfies(insert -> {
              assertThat(insert.attribute("cuj.name")).isEqualTo("checkout");
              assertThat(insert.parentSpanId()).isEqualTo(journey.spanId());
            });
      }
    }
  }
}
