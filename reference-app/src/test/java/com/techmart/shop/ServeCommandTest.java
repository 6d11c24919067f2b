package com.techmart.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.techmart.shop.launch.Database;
import com.techmart.shop.launch.RunningService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
  void exportsTracesMetricsAndLogsOverOtlpWhenAnEndpointIsSet() throws Exception {
    // A stand-in for the collector's OTLP/HTTP receiver (no collector binary can run here): it
    // records which signals arrive. What the payloads hold is the SDK's business, not this test's.
    Set<String> received = ConcurrentHashMap.newKeySet();
    HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      received.add(exchange.getRequestURI().getPath());
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    collector.start();
    Database database = TestDatabase.fresh("otlp");
    ServeCommand serve = new ServeCommand(Map.of(
        "TECHMART_ROLE", "payments",
        "TECHMART_PORT", "0",
        "TECHMART_DB_URL", database.url(),
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort()));
    try (RunningService payments = serve.launcher().host("127.0.0.1")
        .property("otel.bsp.schedule.delay", "100")
        .property("otel.metric.export.interval", "200")
        .property("otel.blrp.schedule.delay", "100")
        .start()) {
      HttpResponse<String> charge = new Http(payments.uri()).post("/charge",
          "{\"orderId\":\"" + java.util.UUID.randomUUID() + "\",\"amountCents\":500,\"currency\":\"EUR\",\"method\":\"card\",\"token\":\"tok_decline\"}");
      assertThat(charge.statusCode()).isEqualTo(402);
      Eventually.until(Duration.ofSeconds(60), () -> received.containsAll(Set.of("/v1/traces", "/v1/metrics", "/v1/logs")),
          () -> "traces, metrics and logs at the OTLP endpoint; got " + received);
    } finally {
      collector.stop(0);
    }
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
