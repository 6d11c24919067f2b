package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.testing.OtlpReceiver;
import com.techmart.cuj.testing.ReceivedSpan;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The app as it runs: real Jetty, real PostgreSQL, its telemetry exported over OTLP. */
class CheckoutTest {

  @Test
  void aCheckoutAndItsSqlAreOneJourney() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start();
        OtlpReceiver otlp = OtlpReceiver.start()) {
      try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE orders (id BIGSERIAL PRIMARY KEY, item TEXT NOT NULL)");
      }
      Map<String, String> otel = new HashMap<>();
      otlp.exporterEnvironment().forEach((k, v) -> otel.put(k.toLowerCase().replace('_', '.'), v));
      otel.put("otel.service.name", "shop");
      otel.put("cuj.catalogue", "classpath:cuj/journeys.yaml");
      OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
          .addPropertiesSupplier(() -> otel)
          .disableShutdownHook()
          .build()
          .getOpenTelemetrySdk();
      Server server = ShopServer.start(new InetSocketAddress("127.0.0.1", 0), postgres.getPostgresDatabase(), sdk);
      try {
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders?item=teapot"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);

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
      } finally {
        server.stop();
        sdk.close();
      }
    }
  }
}
