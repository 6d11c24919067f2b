package com.techmart.shop;

import com.techmart.shop.launch.Database;
import com.techmart.shop.launch.RunningService;
import com.techmart.shop.launch.ServiceLauncher;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code serve --role api|inventory|payments}: one service in this process, as the Kubernetes
 * manifests run it. Configured from the environment (see the README); exports traces, metrics and
 * logs over OTLP when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = {
        "Runs one TechMart service (what the Kubernetes manifests run).",
        "",
        "Environment: TECHMART_DB_URL (required), TECHMART_DB_USER, TECHMART_DB_PASSWORD, TECHMART_HOST "
            + "(default 0.0.0.0); for the api "
            + "TECHMART_INVENTORY_URL and TECHMART_PAYMENTS_URL; OTEL_SERVICE_NAME; OTEL_EXPORTER_OTLP_ENDPOINT "
            + "(turns on OTLP export of traces, metrics and logs); CUJ_TRUST.",
        ""})
public final class ServeCommand implements Callable<Integer> {

  @Option(names = "--role", description = "api, inventory or payments (default: $TECHMART_ROLE)")
  String role;

  @Option(names = "--port", description = "port to listen on (default: $TECHMART_PORT or 8080)")
  Integer port;

  private final Map<String, String> env;

  public ServeCommand() {
    this(System.getenv());
  }

  ServeCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() throws InterruptedException {
    RunningService service = launcher().start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      stopped.countDown();
    }, "shutdown"));
    System.out.printf("%s listening on %s%n", service.role().serviceName(), service.uri());
    stopped.await();
    return 0;
  }

  /** The launcher as the arguments and the environment configure it. */
  ServiceLauncher launcher() {
    String roleName = role != null ? role : env.get("TECHMART_ROLE");
    if (roleName == null) {
      throw new IllegalArgumentException("which service? give --role api|inventory|payments (or set TECHMART_ROLE)");
    }
    ServiceRole r = ServiceRole.parse(roleName);
    String url = env.get("TECHMART_DB_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("TECHMART_DB_URL is not set; it must be a jdbc:postgresql://host:port/database URL");
    }
    int listen = port != null ? port : Integer.parseInt(env.getOrDefault("TECHMART_PORT", "8080"));
    ServiceLauncher launcher = ServiceLauncher.builder(r)
        .database(new Database(url, env.get("TECHMART_DB_USER"), env.get("TECHMART_DB_PASSWORD")))
        .host(env.getOrDefault("TECHMART_HOST", "0.0.0.0"))
        .port(listen)
        .property("techmart.telemetry.log-bridge", "true");
    if (r == ServiceRole.API) {
      launcher.inventory(URI.create(require("TECHMART_INVENTORY_URL")));
      launcher.payments(URI.create(require("TECHMART_PAYMENTS_URL")));
    }
    String otlp = env.get("OTEL_EXPORTER_OTLP_ENDPOINT");
    if (otlp != null && !otlp.isBlank()) {
      // micronaut-tracing defaults every exporter to "none"; OTEL_* variables set in the process
      // environment still win over these defaults.
      launcher.property("otel.traces.exporter", "otlp")
          .property("otel.metrics.exporter", "otlp")
          .property("otel.logs.exporter", "otlp")
          .property("otel.exporter.otlp.endpoint", otlp)
          .property("otel.exporter.otlp.protocol", env.getOrDefault("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
    }
    return launcher;
  }

  private String require(String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is not set; the api needs it (e.g. http://inventory:8080)");
    }
    return value;
  }
}
