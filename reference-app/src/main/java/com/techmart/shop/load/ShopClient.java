package com.techmart.shop.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A shopper's HTTP client for the api. Every request starts its own trace: the client sends a
 * W3C {@code traceparent} with a fresh trace id, and an {@code X-Correlation-ID}, so a failed
 * request can be found in the tracing backend and in the logs by either.
 */
public final class ShopClient {

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;

  public ShopClient(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();
  }

  /** A response, or status 0 and the exception's text when none arrived. */
  public record Reply(int status, String body, long nanos, String traceId, String correlationId) {}

  public Reply get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  public Reply post(String path, String json) {
    return send(HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private Reply send(HttpRequest.Builder builder) {
    String traceId = hex(16);
    String correlationId = "load-" + hex(8);
    HttpRequest request = builder
        .timeout(timeout)
        .header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
        .header("X-Correlation-ID", correlationId)
        .header("Accept", "application/json")
        .build();
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body(), System.nanoTime() - start, traceId, correlationId);
    } catch (IOException e) {
      return new Reply(0, e.getClass().getSimpleName() + ": " + e.getMessage(), System.nanoTime() - start, traceId, correlationId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Reply(0, "interrupted", System.nanoTime() - start, traceId, correlationId);
    }
  }

  private static String hex(int bytes) {
    StringBuilder sb = new StringBuilder(bytes * 2);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < bytes; i++) {
      sb.append(String.format("%02x", random.nextInt(256)));
    }
    return sb.toString();
  }
}
