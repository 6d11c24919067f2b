package com.techmart.shop;

import static com.techmart.shop.Http.item;
import static com.techmart.shop.Http.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.shop.api.Compensations;
import com.techmart.shop.launch.ShopStack;
import com.techmart.shop.launch.TcpProxy;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The database goes away (the services reach PostgreSQL through a relay the test cuts), and later
 * a downstream service does: the shopper gets a 503 with a JSON body, nothing is left half-written,
 * and the shop works again once the dependency is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutageTest {

  private static RelayedDatabase database;
  private static TcpProxy relay;
  private static ShopStack shop;
  private static Http http;
  private static Db db;

  @BeforeAll
  static void start() {
    database = RelayedDatabase.fresh("outage");
    relay = database.relay();
    shop = ShopStack.builder(database.viaRelay()).start();
    http = new Http(shop.api().uri());
    db = database.db();
  }

  @AfterAll
  static void stop() {
    if (shop != null) {
      shop.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  @Order(1)
  void withoutTheDatabaseEveryJourneyAnswers503AndRecoversWhenItIsBack() {
    assertThat(http.post("/api/orders", order("c-before", item(1, 1), "card", "tok_visa")).statusCode()).isEqualTo(201);
    long headphones = db.stock(1);

    relay.cut();
    try {
      HttpResponse<String> checkout = http.post("/api/orders", order("c-during", item(1, 2), "card", "tok_visa"));
      assertThat(checkout.statusCode()).isEqualTo(503);
      assertThat(checkout.body()).contains("\"code\":\"unavailable\"").contains("try again later");
      assertThat(http.get("/api/products").statusCode()).isEqualTo(503);
      assertThat(http.get("/api/orders/00000000-0000-0000-0000-000000000001").statusCode()).isEqualTo(503);
    } finally {
      relay.restore();
    }

    Eventually.until(Duration.ofSeconds(60),
        () -> http.post("/api/orders", order("c-after", item(2, 1), "card", "tok_visa")).statusCode() == 201,
        () -> "a checkout succeeds again after the database is back");
    Compensations compensations = shop.api().bean(Compensations.class);
    Eventually.until(Duration.ofSeconds(60), () -> compensations.pending() == 0, () -> "no compensation pending");
    Eventually.until(Duration.ofSeconds(60),
        () -> db.number("select count(*) from shop.outbox where processed_at is null") == 0, () -> "outbox drained");

    assertThat(db.number("select count(*) from shop.customer_order where customer_id = 'c-during' and status in ('ACCEPTED', 'FULFILLED', 'CONFIRMED')")).isZero();
    assertThat(db.stock(1)).as("the failed checkout holds no headphones").isEqualTo(headphones);
    assertThat(db.number("select count(*) from shop.customer_order o where o.status in ('ACCEPTED', 'FULFILLED', 'CONFIRMED') and not exists "
        + "(select 1 from shop.outbox x where x.order_id = o.id)")).as("every order has its outbox entry").isZero();
    assertThat(db.number("select count(*) from inventory.reservation where status = 'RESERVED'")).isZero();
    assertThat(db.number("select count(*) from payments.payment p where p.status = 'CAPTURED' and not exists "
        + "(select 1 from shop.customer_order o where o.id = p.order_id and o.status in ('ACCEPTED', 'FULFILLED', 'CONFIRMED'))"))
        .as("no charge without an order").isZero();
  }

  @Test
  @Order(2)
  void withoutThePaymentsServiceACheckoutIs503AndGivesTheStockBack() {
    long webcams = db.stock(5);
    shop.payments().close();

    HttpResponse<String> r = http.post("/api/orders", order("c-nopay", item(5, 1), "card", "tok_visa"));

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("\"code\":\"unavailable\"").contains("downstream");
    assertThat(db.stock(5)).isEqualTo(webcams);
    assertThat(db.number("select count(*) from shop.customer_order where customer_id = 'c-nopay' and status in ('ACCEPTED', 'FULFILLED', 'CONFIRMED')")).isZero();
  }
}
