package com.techmart.cuj.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.techmart.cuj.Journeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny service run under the OpenTelemetry Java agent by {@code AgentExtensionIT}: plain JDK HTTP
 * server and client (both instrumented by the agent), one journey, one downstream call. It knows
 * nothing of the SDK; the agent and the cuj extension do the rest.
 */
public final class AgentProgram {

  private static HttpClient client;
  private static int port;

  public static void main(String[] args) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/checkout", exchange -> {
      try {
        Journeys.run("checkout", () -> call("/reserve", null));
        respond(exchange, 200);
      } catch (Exception e) {  // E is inferred as the common supertype of IOException and InterruptedException
        respond(exchange, 500);
      }
    });
    // The catalogue (version 2) declares NoSuchElementException expected for checkout.
    server.createContext("/sold-out", exchange -> {
      try {
        Journeys.run("checkout", () -> {
          throw new java.util.NoSuchElementException("sold out");
        });
      } catch (RuntimeException e) {
        respond(exchange, 409);
        return;
      }
      respond(exchange, 200);
    });
    server.createContext("/reserve", exchange -> respond(exchange, 204));
    server.setExecutor(pool);
    server.start();
    port = server.getAddress().getPort();
    client = HttpClient.newHttpClient();
    try {
      call("/checkout", null);
      call("/sold-out", null, 409);
      call("/reserve", "cuj.name=forged-journey");
      call("/reserve", "cuj.name=order-lookup,cuj.critical=true");
    } finally {
      server.stop(0);
      pool.shutdown();
    }
    System.out.println("agent-program: done");
  }

  private static void call(String path, String baggage) throws IOException, InterruptedException {
    call(path, baggage, 0);
  }

  private static void call(String path, String baggage, int expectedStatus) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (baggage != null) {
      request.header("baggage", baggage);
    }
    HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() >= 400 && response.statusCode() != expectedStatus) {
      throw new IOException(path + " answered " + response.statusCode());
    }
  }

  private static void respond(HttpExchange exchange, int status) throws IOException {
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }
}
