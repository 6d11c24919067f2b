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
  void aFractionalQuantityIsRefusedNotRounded() {
    for (String quantity : new String[] {"1.5", "1.9", "1.0", "2e0"}) {
      HttpResponse<String> r = http.post("/api/orders",
          "{\"customerId\":\"c-1\",\"items\":[{\"productId\":1,\"quantity\":" + quantity + "}],\"paymentMethod\":\"card\"}");
      assertThat(r.statusCode()).as("quantity %s", quantity).isEqualTo(400);
      assertThat(r.body()).as("quantity %s", quantity).contains("\"code\":\"invalid_request\"")
          .contains("quantity must be a whole number");
      noInternals(r.body());
    }
  }

  @Test
  void otherLossyCoercionsAreRefusedNamingTheField() {
    String[][] cases = {
        {"{\"productId\":1,\"quantity\":\"2\"}", "quantity must be a whole number, was a string"},
        {"{\"productId\":1,\"quantity\":true}", "quantity must be a whole number, was a boolean"},
        {"{\"productId\":1.7,\"quantity\":1}", "productId must be a whole number, was 1.7"},
        {"{\"productId\":\"1\",\"quantity\":1}", "productId must be a whole number, was a string"},
        {"{\"productId\":1,\"quantity\":4294967297}", "quantity is out of range"},
        {"{\"productId\":1,\"quantity\":1e400}", "quantity must be a whole number"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = http.post("/api/orders",
          "{\"customerId\":\"c-1\",\"items\":[" + c[0] + "],\"paymentMethod\":\"card\"}");
      assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
      assertThat(r.body()).as(c[0]).contains(c[1]);
      noInternals(r.body());
    }
  }

  @Test
  void deeplyNestedJsonSaysSoWithoutTheParsersInternals() {
    String deep = "[".repeat(1500) + "]".repeat(1500);
    // In a field the api does not know: the parser still walks it, and its depth limit answers.
    HttpResponse<String> r = http.post("/api/orders", "{\"customerId\":\"c-1\",\"extra\":" + deep + "}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"code\":\"invalid_request\"").containsIgnoringCase("nesting depth");
    noInternals(r.body());
  }

  /** No class, method or package of a library in what a client sees. */
  private static void noInternals(String body) {
    assertThat(body).doesNotContain("StreamReadConstraints", "Jackson", "jackson", "`", "Exception", "io.micronaut",
        "com.fasterxml", "java.lang");
  }

  @Test
  void aMalformedOrderIdInTheUrl() {
    HttpResponse<String> r = http.get("/api/orders/not-a-uuid");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"code\":\"invalid_request\"");
  }
}
