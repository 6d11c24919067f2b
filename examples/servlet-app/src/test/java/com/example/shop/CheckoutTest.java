package com.example.shop;

import static com.techmart.cuj.testing.JourneyAssertions.assertThatJourneys;
import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.testing.JourneyTelemetry;
import com.techmart.cuj.testing.Outcome;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The app as it runs: real Jetty, real PostgreSQL, spans captured from the SDK it is given. */
class CheckoutTest {

  @RegisterExtension
  static final JourneyTelemetry telemetry = JourneyTelemetry.create(JourneyCatalogue.loadResource("cuj/journeys.yaml"));

  @Test
  void aCheckoutAndItsSqlAreOneJourney() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
      try (Connection c = postgres.getPostgresDatabase().getConnection()) {
        c.createStatement().execute("CREATE TABLE orders (id BIGSERIAL PRIMARY KEY, item TEXT NOT NULL)");
      }
      Server server = ShopServer.start(new InetSocketAddress("127.0.0.1", 0), postgres.getPostgresDatabase(),
          telemetry.openTelemetry());
      try {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(server.getURI().resolve("/api/orders?item=teapot"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);

        List<SpanData> spans = telemetry.awaitSpans(all -> all.stream().anyMatch(s -> s.getName().startsWith("INSERT"))
            && all.stream().anyMatch(s -> s.getName().equals("cuj.checkout")));
        assertThatJourneys(spans)
            .everySpanStampedWith("checkout")                  // server span, journey span and the INSERT
            .hasJourney("checkout").hasOutcome(Outcome.SUCCESS).isCritical();
      } finally {
        server.stop();
      }
    }
  }
}
