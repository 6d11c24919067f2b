package com.techmart.cuj.benchmarks;

import com.techmart.cuj.CorrelationId;
import com.techmart.cuj.spi.JourneyRoutes;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two things the server filter does on every request, which the e2e profile showed: finding the
 * request's journey by route (the reference catalogue's four routes) and making a correlation id.
 * {@code splitRoutes} and {@code secureUuid} are how the first version did them, kept as yardsticks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(5)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RequestPathBenchmark {

  private static final String[][] ROUTES = {
      {"POST", "/api/orders", "checkout"},
      {"GET", "/api/products", "product-discovery"},
      {"GET", "/api/products/{id}", "product-discovery"},
      {"GET", "/api/orders/{id}", "order-lookup"}};

  private final JourneyRoutes routes = routes();
  // The last route of the list, as a product page or an order lookup is.
  private final String path = "/api/orders/0162290f-ae34-4d59-bce9-6bf00d3c29a7";

  private static JourneyRoutes routes() {
    JourneyRoutes.Builder b = JourneyRoutes.builder();
    for (String[] r : ROUTES) {
      b.route(r[0] + " " + r[1], r[2]);
    }
    return b.build();
  }

  @Benchmark
  public Optional<String> routeMatch() {
    return routes.match("GET", path);
  }

  @Benchmark
  public String splitRoutes() {
    String[] actual = split(path);
    for (String[] r : ROUTES) {
      String[] expected = split(r[1]);
      if (!"GET".equalsIgnoreCase(r[0]) || actual.length != expected.length) {
        continue;
      }
      boolean same = true;
      for (int i = 0; i < expected.length && same; i++) {
        same = expected[i].startsWith("{") ? !actual[i].isEmpty() : expected[i].equals(actual[i]);
      }
      if (same) {
        return r[2];
      }
    }
    return null;
  }

  private static String[] split(String path) {
    String[] parts = path.split("/", -1);
    return Arrays.copyOfRange(parts, 1, path.split("/", -1).length);
  }

  @Benchmark
  public String correlationId() {
    return CorrelationId.generate();
  }

  @Benchmark
  public String secureUuid() {
    return UUID.randomUUID().toString();
  }
}
