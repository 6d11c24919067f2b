package com.techmart.shop.launch;

import com.techmart.shop.ServiceRole;
import com.techmart.shop.telemetry.MetricsRecorder;
import com.techmart.shop.telemetry.SpanRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The three TechMart services in one JVM, on loopback ports, sharing one PostgreSQL (each in its own
 * schema). Every span they record goes to one {@link SpanRecorder}; the api's metrics can be read
 * through a {@link MetricsRecorder}. Used by the demo and the tests.
 */
public final class ShopStack implements AutoCloseable {

  private final RunningService inventory;
  private final RunningService payments;
  private final RunningService api;

  private ShopStack(RunningService inventory, RunningService payments, RunningService api) {
    this.inventory = inventory;
    this.payments = payments;
    this.api = api;
  }

  public static Builder builder(Database database) {
    return new Builder(database);
  }

  public RunningService api() {
    return api;
  }

  public RunningService inventory() {
    return inventory;
  }

  public RunningService payments() {
    return payments;
  }

  @Override
  public void close() {
    api.close();
    payments.close();
    inventory.close();
  }

  /** Configures and starts a {@link ShopStack}. */
  public static final class Builder {
    private final Database database;
    private final Map<ServiceRole, Map<String, Object>> properties = new EnumMap<>(ServiceRole.class);
    private SpanRecorder spans;
    private MetricsRecorder metrics;

    private Builder(Database database) {
      this.database = database;
      for (ServiceRole role : ServiceRole.values()) {
        properties.put(role, new HashMap<>());
      }
    }

    /** Where every service's finished spans go. */
    public Builder spans(SpanRecorder recorder) {
      this.spans = recorder;
      return this;
    }

    /** Reads the api's metrics (orders, revenue, funnel, completion time). */
    public Builder apiMetrics(MetricsRecorder recorder) {
      this.metrics = recorder;
      return this;
    }

    public Builder property(ServiceRole role, String key, Object value) {
      properties.get(role).put(key, value);
      return this;
    }

    /**
     * Starts the three services side by side (the api is told the ports the other two will take),
     * and waits until all three listen.
     */
    public ShopStack start() {
      int inventoryPort = freePort();
      int paymentsPort = freePort();
      CompletableFuture<RunningService> inventory = CompletableFuture.supplyAsync(
          () -> launch(ServiceRole.INVENTORY).port(inventoryPort).start());
      CompletableFuture<RunningService> payments = CompletableFuture.supplyAsync(
          () -> launch(ServiceRole.PAYMENTS).port(paymentsPort).start());
      ServiceLauncher apiLauncher = launch(ServiceRole.API)
          .inventory(URI.create("http://127.0.0.1:" + inventoryPort))
          .payments(URI.create("http://127.0.0.1:" + paymentsPort))
          .properties(properties.get(ServiceRole.API)); // a test may point the api elsewhere
      if (metrics != null) {
        apiLauncher.bean(metrics);
      }
      CompletableFuture<RunningService> api = CompletableFuture.supplyAsync(apiLauncher::start);
      try {
        CompletableFuture.allOf(inventory, payments, api).join();
        return new ShopStack(inventory.join(), payments.join(), api.join());
      } catch (CompletionException e) {
        closeQuietly(api);
        closeQuietly(payments);
        closeQuietly(inventory);
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }

    private ServiceLauncher launch(ServiceRole role) {
      ServiceLauncher launcher = ServiceLauncher.builder(role)
          .database(database)
          .host("127.0.0.1")
          .port(0)
          .properties(properties.get(role));
      if (spans != null) {
        launcher.bean(spans);
      }
      return launcher;
    }

    private static void closeQuietly(CompletableFuture<RunningService> future) {
      RunningService s = future.handle((service, error) -> service).join();
      if (s != null) {
        s.close();
      }
    }

    private static int freePort() {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("no free loopback port", e);
      }
    }
  }
}
