package com.techmart.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.shop.launch.ShopStack;
import com.techmart.shop.telemetry.SpanRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class SmokeTest {

  @Test
  void startsAndServes() throws Exception {
    SpanRecorder spans = new SpanRecorder();
    try (ShopStack stack = ShopStack.builder(TestDatabase.fresh("smoke")).spans(spans).start()) {
      HttpClient http = HttpClient.newHttpClient();
      URI api = stack.api().uri();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(api.resolve("/api/products")).build(), HttpResponse.BodyHandlers.ofString());
      System.out.println(r.statusCode() + " " + r.body());
      HttpResponse<String> o = http.send(HttpRequest.newBuilder(api.resolve("/api/orders"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"customerId\":\"c1\",\"items\":[{\"productId\":1,\"quantity\":2}],\"paymentMethod\":\"card\",\"paymentToken\":\"tok_visa\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      System.out.println(o.statusCode() + " " + o.body());
      Thread.sleep(2000);
      spans.spans().forEach(s -> System.out.println(s.getResource().getAttribute(io.opentelemetry.api.common.AttributeKey.stringKey("service.name")) + " " + s.getTraceId() + " " + s.getName() + " " + s.getKind() + " " + s.getAttributes()));
      assertThat(r.statusCode()).isEqualTo(200);
    }
  }
}
