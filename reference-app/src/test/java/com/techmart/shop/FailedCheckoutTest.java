package com.techmart.shop;

import static com.techmart.shop.Http.item;
import static com.techmart.shop.Http.order;
import static com.techmart.cuj.testing.JourneyAssertions.assertThatJourneys;
import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.testing.JourneySpanAssert;
import com.techmart.cuj.testing.Outcome;
import com.techmart.shop.launch.Database;
import com.techmart.shop.launch.ShopStack;
import com.techmart.shop.telemetry.SpanRecorder;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checkouts that do not end in an order: the shopper gets a clear 4xx (or a 503 when the gateway
 * fails), the journey span says which outcome it was, and no stock stays held and no order is left.
 */
class FailedCheckoutTest {

  private static final SpanRecorder spans = new SpanRecorder();
  private static ShopStack shop;
  private static Http http;
  private static Db db;

  @BeforeAll
  static void start() {
    Database database = TestDatabase.fresh("failed");
    shop = ShopStack.builder(database).spans(spans).start();
    http = new Http(shop.api().uri());
    db = new Db(database);
  }

  @AfterAll
  static void stop() {
    if (shop != null) {
      shop.close();
    }
  }

  @BeforeEach
  void forgetSpans() {
    spans.clear();
  }

  @Test
  void outOfStockIs409AnExpectedOutcomeAndLeavesStockUnchanged() {
    // 12 limited consoles in stock: take 10, then ask for 3 more together with a pair of headphones.
    assertThat(http.post("/api/orders", order("c-first", item(8, 10), "card", "tok_visa")).statusCode()).isEqualTo(201);
    spans.clear();
    long consoles = db.stock(8);
    long headphones = db.stock(1);
    long orders = db.number("select count(*) from shop.customer_order where status in ('ACCEPTED', 'FULFILLED', 'CONFIRMED')");
    long payments = db.number("select count(*) from payments.payment");

    HttpResponse<String> r = http.post("/api/orders", order("c-late", item(1, 1) + "," + item(8, 3), "card", "tok_visa"));

    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.body()).contains("\"code\":\"out_of_stock\"").contains("product 8").contains("2 left");
    assertThat(db.stock(8)).isEqualTo(consoles).isEqualTo(2);
    assertThat(db.stock(1)).as("the headphones of the same order are not held either").isEqualTo(headphones);
    assertThat(db.number("select count(*) from shop.customer_order where status in ('ACCEPTED', 'FULFILLED', 'CONFIRMED')")).isEqualTo(orders);
    assertThat(db.text("select status from shop.customer_order where customer_id = 'c-late'")).isEqualTo("CANCELLED");
    assertThat(db.number("select count(*) from payments.payment")).as("no charge was attempted").isEqualTo(payments);
    checkoutJourney().hasOutcome(Outcome.EXPECTED).hasOutcomeType(com.techmart.shop.web.OutOfStockException.class.getName());
  }

  @Test
  void aDeclinedCardIs402AnExpectedOutcomeAndGivesTheStockBack() {
    long monitors = db.stock(4);

    HttpResponse<String> r = http.post("/api/orders", order("c-declined", item(4, 2), "card", "tok_decline"));

    assertThat(r.statusCode()).isEqualTo(402);
    assertThat(r.body()).contains("\"code\":\"payment_declined\"").contains("card_declined");
    assertThat(db.stock(4)).isEqualTo(monitors);
    assertThat(db.number("select count(*) from inventory.reservation where status = 'RESERVED'")).isZero();
    assertThat(db.number("select count(*) from payments.payment where status = 'DECLINED'")).isEqualTo(1);
    assertThat(db.text("select status from shop.customer_order where customer_id = 'c-declined'")).isEqualTo("CANCELLED");
    checkoutJourney().hasOutcome(Outcome.EXPECTED).hasOutcomeType(com.techmart.shop.web.PaymentDeclinedException.class.getName());
  }

  @Test
  void aGatewayFailureIs503AJourneyErrorAndLeavesNothingBehind() {
    long docks = db.stock(6);

    HttpResponse<String> r = http.post("/api/orders", order("c-unlucky", item(6, 1), "paypal", "tok_gateway_error"));

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("\"code\":\"unavailable\"");
    assertThat(db.stock(6)).isEqualTo(docks);
    assertThat(db.text("select status from shop.customer_order where customer_id = 'c-unlucky'")).isEqualTo("CANCELLED");
    checkoutJourney().hasOutcome(Outcome.ERROR);
  }

  /** The one checkout journey recorded since the spans were last cleared; the whole trace is stamped with it. */
  private static JourneySpanAssert checkoutJourney() {
    SpanData journey = Eventually.get(() -> spans.spans().stream().filter(s -> s.getName().equals("cuj.checkout")).findFirst());
    List<SpanData> trace = spans.spans().stream().filter(s -> s.getTraceId().equals(journey.getTraceId())).toList();
    assertThatJourneys(spans.spans()).hasJourneyCount("checkout", 1);
    return assertThatJourneys(trace).everySpanStampedWith("checkout").everyStampOf("checkout", true)
        .hasJourney("checkout").isStampedWith("checkout").isCritical();
  }
}
