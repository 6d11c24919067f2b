package com.techmart.cuj.servlet;

import static org.awaitility.Awaitility.await;

import com.techmart.cuj.CorrelationId;
import com.techmart.cuj.JourneyRunner;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;

/**
 * The shop on Jetty, run by {@code JourneyFilterAgentIT} in a child JVM under the real
 * OpenTelemetry Java agent: the agent instruments Jetty (server spans) and the JDK HTTP client;
 * the application knows only the OpenTelemetry API, through {@link GlobalOpenTelemetry}. Each
 * answer is printed as {@code answer <label> <status> <X-Correlation-ID> <body as key=value;...>}.
 */
public final class AgentShopProgram {

  public static void main(String[] args) throws Exception {
    OpenTelemetry openTelemetry = GlobalOpenTelemetry.get();
    JourneyRunner journeys = JourneyRunner.builder(openTelemetry).catalogue(ShopCatalogue.CATALOGUE).build();
    ShopServlet shop = new ShopServlet(journeys, openTelemetry, false);

    LoopbackJetty server = LoopbackJetty.start(new FilterHolder(JourneyFilter.create(openTelemetry, journeys)),
        shop, "/*", context -> { });
    String base = "http://127.0.0.1:" + server.port();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    try {
      answer("checkout", client, request(base, "/api/orders").POST(HttpRequest.BodyPublishers.noBody()));
      answer("known", client, request(base, "/health").header("baggage", "cuj.name=order-lookup,cuj.critical=true"));
      answer("forged", client, request(base, "/health").header("baggage", "cuj.name=forged-journey"));
      answer("downstream", client, request(base, "/call-downstream").header(CorrelationId.HEADER, "agent-corr-1"));

      CompletableFuture<HttpResponse<String>> report =
          client.sendAsync(request(base, "/api/reports/r1").build(), HttpResponse.BodyHandlers.ofString());
      await("async report pending").atMost(Duration.ofSeconds(30))
          .until(() -> shop.pendingReports.containsKey("r1"));
      shop.completeReport("r1");
      print("async", report.get(30, TimeUnit.SECONDS));
    } finally {
      server.close();
    }
    System.out.println("agent-shop-program: done");
  }

  private static HttpRequest.Builder request(String base, String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
  }

  private static void answer(String label, HttpClient client, HttpRequest.Builder request) throws Exception {
    print(label, client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
  }

  private static void print(String label, HttpResponse<String> response) {
    System.out.println("answer " + label + " " + response.statusCode() + " "
        + response.headers().firstValue(CorrelationId.HEADER).orElse("-") + " "
        + String.join(";", response.body().lines().toList()));
  }
}
