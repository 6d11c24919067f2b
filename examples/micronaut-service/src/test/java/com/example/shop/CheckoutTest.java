package com.example.shop;

import static com.techmart.cuj.testing.JourneyAssertions.assertThatJourneys;
import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.testing.JourneySpanCollector;
import com.techmart.cuj.testing.Outcome;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service as it runs: real server, real PostgreSQL, spans captured from its own SDK (TestTelemetry). */
class CheckoutTest {

  @Test
  void aCheckoutAndItsSqlAreOneJourney() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
      try (Connection c = postgres.getPostgresDatabase().getConnection()) {
        c.createStatement().execute("CREATE TABLE orders (id BIGSERIAL PRIMARY KEY, item TEXT NOT NULL, quantity INT NOT NULL)");
      }
      try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
          "micronaut.server.port", -1,
          "datasources.default.url", postgres.getJdbcUrl("postgres", "postgres"),
          "datasources.default.username", "postgres",
          "otel.traces.exporter", "none"))) {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(server.getURI().resolve("/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"teapot\",\"quantity\":2}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        JourneySpanCollector collector = server.getApplicationContext().getBean(JourneySpanCollector.class);
        List<SpanData> spans = collector.awaitSpans(all -> all.stream().anyMatch(s -> s.getName().startsWith("INSERT"))
            && all.stream().anyMatch(s -> s.getName().equals("cuj.checkout")));
        assertThatJourneys(spans)
            .everySpanStampedWith("checkout")                  // server span, journey span and the INSERT
            .hasJourney("checkout").hasOutcome(Outcome.SUCCESS).isCritical();
      }
    }
  }
}
