package com.techmart.shop;

import static com.techmart.shop.Http.item;
import static com.techmart.shop.Http.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.shop.api.CheckoutSettings;
import com.techmart.shop.launch.Database;
import com.techmart.shop.launch.RunningService;
import com.techmart.shop.launch.ServiceLauncher;
import com.techmart.shop.telemetry.MetricsRecorder;
import com.techmart.shop.telemetry.SpanRecorder;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No money without an order, whatever instant the api dies at. The api runs in a JVM of its own
 * and is killed with SIGKILL ({@link ApiProcess}); the database, inventory and payments live on in
 * this JVM. Then an api with a short reconciliation grace period starts, and the books must
 * balance: every charge belongs to exactly one live order or was refunded or voided, stock and
 * reservations match the live orders, and nothing happened twice.
 */
class CheckoutCrashTest {

  private Database database;
  private Db db;
  private RunningService inventory;
  private RunningService payments;
  private long stockBefore;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void start() {
    database = TestDatabase.fresh("crash");
    db = new Db(database);
    inventory = ServiceLauncher.builder(ServiceRole.INVENTORY).database(database).host("127.0.0.1").port(0).start();
    payments = ServiceLauncher.builder(ServiceRole.PAYMENTS).database(database).host("127.0.0.1").port(0)
        .property("payments.gateway.latency", "0ms")
        .property("payments.gateway.jitter", "5ms")
        .start();
    stockBefore = db.number("select sum(available) from inventory.stock");
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    payments.close();
    inventory.close();
  }

  @Test
  void aKillAtEveryStepBoundaryOfCheckoutIsCompletedOrUndone() throws Exception {
    // One api process per boundary, each holding its checkout right after that step, killed there.
    Map<String, Function<String, Boolean>> reached = new LinkedHashMap<>();
    reached.put("order-stored", customer -> orderStatus(customer) != null);
    reached.put("stock-reserved", customer -> number("select count(*) from inventory.reservation r join shop.customer_order o"
        + " on o.id = r.order_id where o.customer_id = ?", customer) == 1);
    reached.put("payment-captured", customer -> number("select count(*) from payments.payment p join shop.customer_order o"
        + " on o.id = p.order_id where o.customer_id = ? and p.status = 'CAPTURED'", customer) == 1);
    reached.put("order-accepted", customer -> "ACCEPTED".equals(orderStatus(customer)));
    assertThat(reached.keySet()).containsExactlyElementsOf(CheckoutSettings.STEPS);

    // One boundary after the other: four JVMs starting at once on two busy cores start slower than in turn.
    for (Map.Entry<String, Function<String, Boolean>> step : reached.entrySet()) {
      ApiProcess api = startApi(Map.of("techmart.checkout.hold-after", step.getKey()));
      String customer = "crash-after-" + step.getKey();
      CompletableFuture<HttpResponse<String>> checkout = CompletableFuture.supplyAsync(
          // Held for good: only the kill ends it, so the client waits as long as the test may.
          () -> new Http(api.uri(), Duration.ofMinutes(5)).post("/api/orders", order(customer, item(1, 1) + "," + item(4, 2), "card", "tok_visa")));
      Eventually.until(Duration.ofMinutes(4), () -> step.getValue().apply(customer) || checkout.isDone(),
          () -> "the checkout of " + customer + " reaches " + step.getKey());
      assertThat(checkout).as("the checkout holds after %s", step.getKey()).isNotDone();
      api.kill();
      assertThat(checkout).failsWithin(Duration.ofSeconds(60)).withThrowableThat().withCauseInstanceOf(UncheckedIOException.class);
    }
    assertThat(orderStatus("crash-after-order-stored")).isEqualTo("PENDING");
    assertThat(orderStatus("crash-after-payment-captured")).isEqualTo("PENDING");

    MetricsRecorder metrics = recover();

    assertThat(orderStatus("crash-after-order-stored")).isEqualTo("CANCELLED");
    assertThat(orderStatus("crash-after-stock-reserved")).isEqualTo("CANCELLED");
    assertThat(orderStatus("crash-after-payment-captured")).isEqualTo("CANCELLED");
    assertThat(orderStatus("crash-after-order-accepted")).isEqualTo("CONFIRMED");
    assertThat(paymentStatus("crash-after-payment-captured")).isEqualTo("REFUNDED");
    assertThat(paymentStatus("crash-after-stock-reserved")).isEqualTo("VOIDED");
    assertThat(paymentStatus("crash-after-order-accepted")).isEqualTo("CAPTURED");
    assertThat(refunds(metrics)).as("techmart.refunds counts the one refund").isEqualTo(1);
    assertBooksBalance();
  }

  @Test
  void aKillWithCheckoutsInFlightLeavesNoMoneyWithoutAnOrder() throws Exception {
    ApiProcess api = startApi(Map.of());
    Http http = new Http(api.uri(), Duration.ofMinutes(2));
    AtomicBoolean stop = new AtomicBoolean();
    int shoppers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(shoppers);
    List<CompletableFuture<Void>> loops = new ArrayList<>();
    for (int i = 0; i < shoppers; i++) {
      int shopper = i;
      loops.add(CompletableFuture.runAsync(() -> {
        for (int n = 0; !stop.get(); n++) {
          try {
            http.post("/api/orders", order("inflight-" + shopper + "-" + n, item(1 + shopper % 3, 1), "card", "tok_visa"));
          } catch (UncheckedIOException killed) {
            return;
          }
        }
      }, pool));
    }
    // SIGKILL once money is moving: with eight shoppers, several checkouts are between steps.
    Eventually.until(Duration.ofMinutes(2), () -> number("select count(*) from payments.payment where status = 'CAPTURED'") >= 16,
        () -> "charges are being taken");
    api.kill();
    stop.set(true);
    CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
    pool.shutdown();

    MetricsRecorder metrics = recover();

    assertThat(refunds(metrics)).as("techmart.refunds counts every refund the reconciliation made")
        .isEqualTo(number("select count(*) from payments.payment where status = 'REFUNDED'"));
    assertBooksBalance();
  }

  private ApiProcess startApi(Map<String, String> properties) {
    Map<String, String> props = new LinkedHashMap<>(properties);
    props.put("techmart.checkout.reconcile-after", "1h"); // the process that dies never reconciles
    ApiProcess api = ApiProcess.start(database, inventory.uri(), payments.uri(), props);
    synchronized (toClose) {
      toClose.add(api);
    }
    return api;
  }

  /** An api with a short grace period, as after a restart; returns once everything is settled. */
  private MetricsRecorder recover() {
    MetricsRecorder metrics = new MetricsRecorder();
    RunningService api = ServiceLauncher.builder(ServiceRole.API).database(database).host("127.0.0.1").port(0)
        .inventory(inventory.uri())
        .payments(payments.uri())
        .property("techmart.checkout.reconcile-after", "1s")
        .property("techmart.checkout.reconcile-interval", "100ms")
        .property("techmart.worker.poll-interval", "100ms")
        .bean(metrics)
        .bean(new SpanRecorder()) // the in-memory metric reader is added next to a span recorder
        .start();
    toClose.add(api);
    Eventually.until(Duration.ofSeconds(60),
        () -> number("select count(*) from shop.customer_order where status in ('PENDING', 'CANCELLING')") == 0
            && number("select count(*) from shop.outbox where processed_at is null") == 0,
        () -> "every order accepted and processed, or cancelled; left: "
            + number("select count(*) from shop.customer_order where status in ('PENDING', 'CANCELLING')") + " unsettled, "
            + number("select count(*) from shop.outbox where processed_at is null") + " unprocessed");
    return metrics;
  }

  private void assertBooksBalance() {
    String live = "('ACCEPTED', 'FULFILLED', 'CONFIRMED')";
    assertThat(number("select count(*) from payments.payment p where p.status = 'CAPTURED' and not exists"
        + " (select 1 from shop.customer_order o where o.id = p.order_id and o.status in " + live + ")"))
        .as("captured payments without a live order").isZero();
    assertThat(number("select count(*) from shop.customer_order o where o.status in " + live + " and not exists"
        + " (select 1 from payments.payment p where p.order_id = o.id and p.status = 'CAPTURED' and p.payment_id = o.payment_id)"))
        .as("live orders without their captured payment").isZero();
    assertThat(number("select count(*) from inventory.reservation where status = 'RESERVED'")).as("reservations left open").isZero();
    assertThat(number("select count(*) from shop.customer_order o where o.status in " + live + " and not exists"
        + " (select 1 from inventory.reservation r where r.order_id = o.id and r.status = 'COMMITTED')"))
        .as("live orders whose stock is not committed").isZero();
    assertThat(number("select count(*) from inventory.reservation r where r.status = 'COMMITTED' and not exists"
        + " (select 1 from shop.customer_order o where o.id = r.order_id and o.status in " + live + ")"))
        .as("stock committed for no live order").isZero();
    long committed = number("select coalesce(sum(l.quantity), 0) from inventory.reservation_line l"
        + " join inventory.reservation r on r.order_id = l.order_id where r.status = 'COMMITTED'");
    assertThat(number("select sum(available) from inventory.stock")).as("stock = before - committed").isEqualTo(stockBefore - committed);
    assertThat(number("select count(*) from shop.customer_order where status = 'CONFIRMED'"))
        .as("every live order confirmed exactly once")
        .isEqualTo(number("select count(*) from shop.confirmation"))
        .isEqualTo(number("select count(*) from shop.customer_order where status in " + live));
    assertThat(number("select count(*) from shop.outbox")).as("one outbox entry per live order")
        .isEqualTo(number("select count(*) from shop.customer_order where status in " + live));
  }

  private String orderStatus(String customer) {
    return db.text("select status from shop.customer_order where customer_id = ?", customer);
  }

  private String paymentStatus(String customer) {
    return db.text("select p.status from payments.payment p join shop.customer_order o on o.id = p.order_id where o.customer_id = ?",
        customer);
  }

  private long number(String sql, Object... args) {
    return db.number(sql, args);
  }

  private static long refunds(MetricsRecorder metrics) {
    return metrics.collect().stream().filter(m -> m.getName().equals("techmart.refunds"))
        .map(MetricData::getLongSumData).flatMap(d -> d.getPoints().stream()).mapToLong(LongPointData::getValue).sum();
  }
}
