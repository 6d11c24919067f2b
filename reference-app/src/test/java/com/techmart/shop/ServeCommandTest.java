package com.techmart.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.techmart.shop.launch.Database;
import com.techmart.shop.launch.RunningService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
