package com.techmart.shop;

import static com.techmart.shop.Http.item;
import static com.techmart.shop.Http.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.shop.launch.Database;
import com.techmart.shop.launch.ShopStack;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a careless or hostile client may send to {@code POST /api/orders}: each gets a 4xx with a
 * JSON body that says what is wrong, and nothing is stored or reserved anywhere.
 */
class BadInputTest {

  private static ShopStack shop;
  private static Http http;
  private static Db db;
  private static long stockBefore;

  @BeforeAll
  static void start() {
    Database database = TestDatabase.fresh("badinput");
    shop = ShopStack.builder(database).start();
    http = new Http(shop.api().uri());
    db = new Db(database);
    stockBefore = db.number("select sum(available) from inventory.stock");
  }

  @AfterAll
  static void stop() {
    if (shop != null) {
      shop.close();
    }
  }

  @AfterEach
  void nothingWasStored() {
    assertThat(db.number("select count(*) from shop.customer_order")).isZero();
    assertThat(db.number("select count(*) from shop.outbox")).isZero();
    assertThat(db.number("select count(*) from inventory.reservation")).isZero();
    assertThat(db.number("select count(*) from payments.payment")).isZero();
    assertThat(db.number("select sum(available) from inventory.stock")).isEqualTo(stockBefore);
  }

  @Test
  void malformedJson() {
    HttpResponse<String> r = http.post("/api/orders", "{\"customerId\":\"c-1\",\"items\":[");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/json"));
    assertThat(r.body()).contains("\"code\":\"invalid_request\"").containsIgnoringCase("json");
  }

  @Test
  void negativeQuantity() {
    HttpResponse<String> r = http.post("/api/orders", order("c-1", item(1, -2), "card", "tok_visa"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"code\":\"invalid_request\"").contains("quantity").contains("greater than or equal to 1");
  }

  @Test
  void tooManyUnitsOfOneProduct() {
    HttpResponse<String> r = http.post("/api/orders", order("c-1", item(1, 11), "card", "tok_visa"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("quantity").contains("less than or equal to 10");
  }

  @Test
  void unknownProduct() {
    HttpResponse<String> r = http.post("/api/orders", order("c-1", item(1, 1) + "," + item(9999, 1), "card", "tok_visa"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"code\":\"unknown_product\"").contains("9999");
  }

  @Test
  void sameProductTwice() {
    HttpResponse<String> r = http.post("/api/orders", order("c-1", item(2, 1) + "," + item(2, 3), "card", "tok_visa"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"code\":\"duplicate_product\"");
  }

  @Test
  void unknownPaymentMethodAndMissingItems() {
    HttpResponse<String> method = http.post("/api/orders", order("c-1", item(1, 1), "bitcoin", "tok_visa"));
    assertThat(method.statusCode()).isEqualTo(400);
    assertThat(method.body()).contains("paymentMethod");
    HttpResponse<String> empty = http.post("/api/orders", "{\"customerId\":\"c-1\",\"items\":[],\"paymentMethod\":\"card\"}");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("items");
  }

  @Test
  void aCustomerIdWithALineBreakIsRefused() {
    HttpResponse<String> r = http.post("/api/orders", order("c-1\\r\\nX-Injected: yes", item(1, 1), "card", "tok_visa"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("customerId");
  }

  @Test
  void tooManyLines() {
    String items = IntStream.range(0, 21).mapToObj(i -> item(1 + i, 1)).collect(Collectors.joining(","));
    HttpResponse<String> r = http.post("/api/orders", order("c-1", items, "card", "tok_visa"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("items");
  }

  @Test
  void anOversizedBodyIsRefusedBeforeItIsRead() {
    String padding = "x".repeat(200_000);
    HttpResponse<String> r = http.post("/api/orders",
        "{\"customerId\":\"" + padding + "\",\"items\":[" + item(1, 1) + "],\"paymentMethod\":\"card\"}");
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("\"code\":\"request_too_large\"");
  }

  @Test
  void notJsonAtAll() {
    HttpResponse<String> r = Http.send(HttpRequest.newBuilder(shop.api().uri().resolve("/api/orders"))
        .header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("two headphones please")));
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(r.body()).contains("\"status\":415");
  }

  @Test
  void aMalformedOrderIdInTheUrl() {
    HttpResponse<String> r = http.get("/api/orders/not-a-uuid");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"code\":\"invalid_request\"");
  }
}
