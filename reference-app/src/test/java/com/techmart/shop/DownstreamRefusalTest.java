package com.techmart.shop;

import static com.techmart.shop.Http.item;
import static com.techmart.shop.Http.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.techmart.shop.api.Compensations;
import com.techmart.shop.launch.Database;
import com.techmart.shop.launch.ShopStack;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A downstream that refuses: its 404 or 409 about the shopper's own input is the shopper's 4xx;
 * any other 4xx is a 502 (never a bare 500), and an undo it refuses is not retried.
 *
 * <p>The inventory here is a stand-in on loopback (the JDK's HTTP server): the real one answers
 * 400, 413 or an unknown 409 code only to requests the api does not send, or through a proxy whose
 * limits no test here can reproduce faithfully, so the stand-in plays "a downstream that refuses".
 * Payments, the api and the database are the real ones.
 */
class DownstreamRefusalTest {

  /** path -> {status, JSON body} the stand-in answers. */
  private static final Map<String, Object[]> answers = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private static HttpServer inventory;
  private static ShopStack shop;
  private static Http http;
  private static Db db;

  @BeforeAll
  static void start() throws IOException {
    inventory = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    inventory.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      Object[] answer = answers.getOrDefault(path, new Object[] {404, error(404, "not_found", "no such path")});
      byte[] body = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders((Integer) answer[0], body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    inventory.start();
    Database database = TestDatabase.fresh("refusal");
    shop = ShopStack.builder(database)
        .property(ServiceRole.API, "micronaut.http.services.inventory.url", "http://127.0.0.1:" + inventory.getAddress().getPort())
        .start();
    http = new Http(shop.api().uri());
    db = new Db(database);
  }

  @AfterAll
  static void stop() {
    if (shop != null) {
      shop.close();
    }
    if (inventory != null) {
      inventory.stop(0);
    }
  }

  @BeforeEach
  void reset() {
    answers.clear();
    calls.clear();
    answers.put("/release", new Object[] {200, "{\"orderId\":\"00000000-0000-0000-0000-000000000000\",\"status\":\"RELEASED\",\"items\":[]}"});
  }

  @Test
  void anUnknownProductAtTheInventoryIsTheShoppers400() {
    answers.put("/reserve", new Object[] {404, error(404, "unknown_product", "product 3 does not exist")});

    HttpResponse<String> r = http.post("/api/orders", order("c-404", item(3, 1), "card", "tok_visa"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"code\":\"unknown_product\"");
  }

  @Test
  void outOfStockAtTheInventoryIsTheShoppers409() {
    answers.put("/reserve", new Object[] {409, error(409, "out_of_stock", "product 3 is out of stock: 1 requested, 0 left")});

    HttpResponse<String> r = http.post("/api/orders", order("c-409", item(3, 1), "card", "tok_visa"));

    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.body()).contains("\"code\":\"out_of_stock\"");
  }

  @Test
  void anyOtherDownstream4xxIsA502NeverA500() {
    String[][] refusals = {
        {"400", "invalid_request"}, {"409", "reservation_closed"}, {"413", "request_too_large"}, {"431", "http_431"}};
    for (String[] refusal : refusals) {
      int status = Integer.parseInt(refusal[0]);
      answers.put("/reserve", new Object[] {status, error(status, refusal[1], "refused")});

      HttpResponse<String> r = http.post("/api/orders", order("c-" + status, item(3, 1), "card", "tok_visa"));

      assertThat(r.statusCode()).as("inventory answered %s %s", status, refusal[1]).isEqualTo(502);
      assertThat(r.body()).contains("\"code\":\"bad_gateway\"");
    }
    assertThat(db.number("select count(*) from payments.payment")).as("nothing was charged").isZero();
  }

  @Test
  void aProductPageWithAStockLookupRefusedIsNot500() {
    answers.put("/stock/2", new Object[] {404, error(404, "unknown_product", "product 2 does not exist")});
    HttpResponse<String> unstocked = http.get("/api/products/2");
    assertThat(unstocked.statusCode()).isEqualTo(200);
    assertThat(unstocked.body()).contains("\"available\":0");

    answers.put("/stock/2", new Object[] {413, error(413, "request_too_large", "too large")});
    assertThat(http.get("/api/products/2").statusCode()).isEqualTo(502);
  }

  @Test
  void anUndoTheDownstreamRefusesIsNotRetried() {
    answers.put("/reserve", new Object[] {503, error(503, "unavailable", "the database is unavailable")});
    answers.put("/release", new Object[] {413, error(413, "request_too_large", "too large")});
    Compensations compensations = shop.api().bean(Compensations.class);
    long refusedBefore = compensations.refused();

    HttpResponse<String> r = http.post("/api/orders", order("c-undo", item(3, 1), "card", "tok_visa"));

    assertThat(r.statusCode()).isEqualTo(503);
    Eventually.until(Duration.ofSeconds(60),
        () -> "CANCELLED".equals(db.text("select status from shop.customer_order where customer_id = 'c-undo'")),
        () -> "the order is cancelled; it is " + db.text("select status from shop.customer_order where customer_id = 'c-undo'"));
    assertThat(compensations.refused() - refusedBefore).isEqualTo(1);
    assertThat(compensations.pending()).as("no retry of a refused undo is scheduled").isZero();
    assertThat(calls.get("/release").get()).as("the refused release was sent once").isEqualTo(1);
  }

  private static String error(int status, String code, String message) {
    return "{\"status\":" + status + ",\"error\":\"x\",\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"details\":[]}";
  }
}
