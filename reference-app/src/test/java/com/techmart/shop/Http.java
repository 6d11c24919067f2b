package com.techmart.shop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for tests: what a shopper's browser would send. */
public final class Http {

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(20))
      .build();

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private final URI base;
  private final Duration timeout;

  public Http(URI base) {
    this(base, DEFAULT_TIMEOUT);
  }

  /** With {@code timeout} for each whole request: the one clock a test may assert on. */
  public Http(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET(), timeout);
  }

  public HttpResponse<String> post(String path, String json) {
    return send(HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)), timeout);
  }

  public static HttpResponse<String> send(HttpRequest.Builder request) {
    return send(request, DEFAULT_TIMEOUT);
  }

  public static HttpResponse<String> send(HttpRequest.Builder request, Duration timeout) {
    try {
      return CLIENT.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A checkout request body. */
  public static String order(String customer, String items, String method, String token) {
    return "{\"customerId\":\"" + customer + "\",\"items\":[" + items + "],\"paymentMethod\":\"" + method
        + "\",\"paymentToken\":\"" + token + "\"}";
  }

  public static String item(long productId, int quantity) {
    return "{\"productId\":" + productId + ",\"quantity\":" + quantity + "}";
  }
}
