package com.techmart.shop;

import static com.techmart.cuj.testing.JourneyAssertions.assertThatJourneys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.techmart.cuj.testing.OtlpReceiver;
import com.techmart.cuj.testing.ReceivedLog;
import com.techmart.cuj.testing.ReceivedMetricPoint;
import com.techmart.cuj.testing.ReceivedSpan;
import com.techmart.shop.launch.Database;
import com.techmart.shop.launch.RunningService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code serve} as the Kubernetes manifests run it: configured from the environment, with health endpoints. */
class ServeCommandTest {

  @Test
  void servesOneRoleFromTheEnvironmentWithHealthEndpoints() {
    Database database = TestDatabase.fresh("serve");
    ServeCommand serve = new ServeCommand(Map.of(
        "TECHMART_ROLE", "inventory",
        "TECHMART_PORT", "0",
        "TECHMART_DB_URL", database.url(),
        "TECHMART_DB_USER", database.user(),
        "TECHMART_DB_PASSWORD", database.password()));
    try (RunningService inventory = serve.launcher().host("127.0.0.1").start()) {
      Http http = new Http(inventory.uri());
      HttpResponse<String> liveness = http.get("/health/liveness");
      HttpResponse<String> readiness = http.get("/health/readiness");
      assertThat(liveness.statusCode()).isEqualTo(200);
      assertThat(readiness.statusCode()).isEqualTo(200);
      assertThat(readiness.body()).contains("UP");
      assertThat(http.get("/stock/8").body()).isEqualTo("{\"productId\":8,\"available\":12}");
      assertThat(http.get("/api/products").statusCode()).as("the inventory serves no shop pages").isEqualTo(404);
    }
  }

  @Test
  void exportsTracesMetricsAndLogsOverOtlpWhenAnEndpointIsSet() {
    // The collector's part is played by cuj-testing's loopback OTLP/HTTP receiver (no collector
    // binary can run here): it decodes what the service really exports.
    try (OtlpReceiver collector = OtlpReceiver.start()) {
      Database database = TestDatabase.fresh("otlp");
      ServeCommand serve = new ServeCommand(Map.of(
          "TECHMART_ROLE", "payments",
          "TECHMART_PORT", "0",
          "TECHMART_DB_URL", database.url(),
          "OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint()));
      try (RunningService payments = serve.launcher().host("127.0.0.1")
          .property("otel.bsp.schedule.delay", "100")
          .property("otel.metric.export.interval", "200")
          .property("otel.blrp.schedule.delay", "100")
          .start()) {
        UUID orderId = UUID.randomUUID();
        // As the api sends it: payments trusts a known journey in baggage and stamps its spans.
        HttpResponse<String> charge = Http.send(HttpRequest.newBuilder(payments.uri().resolve("/charge"))
            .header("Content-Type", "application/json")
            .header("baggage", "cuj.name=checkout,cuj.critical=true")
            .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"" + orderId
                + "\",\"amountCents\":500,\"currency\":\"EUR\",\"method\":\"card\",\"token\":\"tok_decline\"}")));
        assertThat(charge.statusCode()).isEqualTo(402);

        List<ReceivedSpan> spans = collector.awaitSpans(all -> all.stream().anyMatch(ServeCommandTest::isChargeServerSpan),
            Duration.ofSeconds(60));
        ReceivedSpan server = spans.stream().filter(ServeCommandTest::isChargeServerSpan).findFirst().orElseThrow();
        assertThat(server.serviceName()).isEqualTo("techmart-payments");
        assertThat(server.attribute("http.response.status_code")).isEqualTo(402L);
        assertThatJourneys(ReceivedSpan.toSpanData(collector.trace(server.traceId())))
            .everySpanStampedWith("checkout").everyStampOf("checkout", true).hasNoJourneySpan();

        List<ReceivedMetricPoint> metrics = collector.awaitMetrics(
            m -> m.stream().anyMatch(p -> "techmart-payments".equals(p.serviceName())), Duration.ofSeconds(60));
        assertThat(metrics).isNotEmpty();
        List<ReceivedLog> logs = collector.awaitLogs(l -> l.stream().anyMatch(r -> declined(r, orderId)), Duration.ofSeconds(60));
        assertThat(logs).filteredOn(r -> declined(r, orderId)).first()
            .satisfies(r -> assertThat(r.traceId()).as("the log line is in the charge's trace").isEqualTo(server.traceId()));
        assertThat(collector.rejectedExports()).isEmpty();
      }
    }
  }

  private static boolean isChargeServerSpan(ReceivedSpan s) {
    return "SERVER".equals(s.kind()) && s.name().equals("POST /charge");
  }

  private static boolean declined(ReceivedLog record, UUID orderId) {
    return record.body() != null && record.body().contains("charge for order " + orderId + " declined");
  }

  @Test
  void aMissingSettingIsNamedInTheError() {
    assertThatThrownBy(() -> new ServeCommand(Map.of()).launcher())
        .hasMessageContaining("--role");
    assertThatThrownBy(() -> new ServeCommand(Map.of("TECHMART_ROLE", "api")).launcher())
        .hasMessageContaining("TECHMART_DB_URL");
    assertThatThrownBy(() -> new ServeCommand(Map.of("TECHMART_ROLE", "api",
        "TECHMART_DB_URL", "jdbc:postgresql://127.0.0.1:5432/techmart")).launcher())
        .hasMessageContaining("TECHMART_INVENTORY_URL");
    assertThatThrownBy(() -> new ServeCommand(Map.of("TECHMART_ROLE", "shipping")).launcher())
        .hasMessageContaining("api, inventory, payments");
    assertThatThrownBy(() -> new ServeCommand(Map.of("TECHMART_ROLE", "api",
        "TECHMART_DB_URL", "mysql://db/techmart")).launcher())
        .hasMessageContaining("jdbc:postgresql://");
  }

  @Test
  void theCommandLineExitsWith2AndSaysWhatIsMissing() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.execute("serve")).isEqualTo(2);
      assertThat(Main.execute("demo", "--duration", "soon")).isEqualTo(2);
    } finally {
      System.setErr(err);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("error: which service? give --role api|inventory|payments")
        .contains("'soon' is not a duration");
  }
}
