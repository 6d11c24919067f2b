package com.techmart.shop;

import static com.techmart.shop.Http.item;
import static com.techmart.shop.Http.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.shop.launch.ShopStack;
import com.techmart.shop.launch.TcpProxy;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL freezes: connections stay open, nothing answers (a relay that stops forwarding, as a
 * stopped server or a partition that drops packets looks). Every request gets a 503 within the
 * services' deadlines, including the ones that held a connection when the freeze began, and the
 * shop recovers by itself when the database thaws. The only clock the test asserts on is its own
 * HTTP time-out: a request hung until the thaw fails it.
 */
class FrozenDatabaseTest {

  /** Far above the services' deadlines (a few seconds), far below the freeze (which lasts until every request is answered). */
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(40);
  private static final int SHOPPERS = 6;

  private static RelayedDatabase database;
  private static TcpProxy relay;
  private static ShopStack shop;
  private static Db db;

  @BeforeAll
  static void start() {
    database = RelayedDatabase.fresh("frozen");
    relay = database.relay();
    shop = ShopStack.builder(database.viaRelay())
        .property(ServiceRole.API, "techmart.checkout.reconcile-after", "2s")
        .property(ServiceRole.API, "techmart.checkout.reconcile-interval", "200ms")
        .start();
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
  void everyRequestGets503WhileTheDatabaseHangsAndTheShopRecoversByItself() throws Exception {
    Http http = new Http(shop.api().uri(), CLIENT_TIMEOUT);
    ExecutorService pool = Executors.newFixedThreadPool(SHOPPERS);
    AtomicBoolean frozen = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger answeredBeforeFreeze = new AtomicInteger();
    // Each shopper must get three answers while frozen: one hung request holds its shopper back.
    CountDownLatch[] answeredDuringFreeze = new CountDownLatch[SHOPPERS];
    for (int i = 0; i < SHOPPERS; i++) {
      answeredDuringFreeze[i] = new CountDownLatch(3);
    }
    Map<String, Integer> duringFreeze = new ConcurrentHashMap<>();
    List<String> hung = new ArrayList<>();
    List<Future<?>> shoppers = new ArrayList<>();
    for (int i = 0; i < SHOPPERS; i++) {
      int shopper = i;
      shoppers.add(pool.submit(() -> {
        for (int n = 0; !stop.get(); n++) {
          boolean startedFrozen = frozen.get();
          String what = (shopper % 2 == 0 ? "checkout " : "products ") + shopper + "/" + n;
          HttpResponse<String> r;
          try {
            r = shopper % 2 == 0
                ? http.post("/api/orders", order("c-frozen-" + shopper + "-" + n, item(1 + shopper % 4, 1), "card", "tok_visa"))
                : http.get("/api/products");
          } catch (UncheckedIOException e) {
            synchronized (hung) {
              hung.add(what + " (" + e.getCause() + ")");
            }
            answeredDuringFreeze[shopper].countDown();
            continue;
          }
          if (frozen.get()) {
            duringFreeze.put(what + (startedFrozen ? "" : " (in flight at the freeze)"), r.statusCode());
            answeredDuringFreeze[shopper].countDown();
          } else {
            answeredBeforeFreeze.incrementAndGet();
          }
        }
      }));
    }
    // Freeze while the shoppers are busy: some requests hold a connection at that instant.
    Eventually.until(Duration.ofSeconds(60), () -> answeredBeforeFreeze.get() >= 4 * SHOPPERS,
        () -> "the shop answers before the freeze");
    relay.freeze();
    frozen.set(true);
    try {
      for (CountDownLatch answered : answeredDuringFreeze) {
        assertThat(answered.await(CLIENT_TIMEOUT.toSeconds() * 4, TimeUnit.SECONDS))
            .as("every shopper got three answers while the database was frozen").isTrue();
      }
    } finally {
      stop.set(true);
      relay.thaw();
      frozen.set(false);
    }
    for (Future<?> f : shoppers) {
      f.get(CLIENT_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(hung).as("requests that got no answer within %s", CLIENT_TIMEOUT).isEmpty();
    assertThat(duringFreeze).isNotEmpty();
    duringFreeze.forEach((what, status) -> {
      if (!what.endsWith("(in flight at the freeze)")) {
        assertThat(status).as(what).isEqualTo(503);
      } else {
        assertThat(status).as(what).isIn(200, 201, 503);
      }
    });

    // Thawed: the shop works again without a restart, and nothing is left half-done.
    Eventually.until(Duration.ofSeconds(60),
        () -> http.post("/api/orders", order("c-thawed", item(2, 1), "card", "tok_visa")).statusCode() == 201,
        () -> "a checkout succeeds after the thaw");
    Eventually.until(Duration.ofSeconds(60),
        () -> db.number("select count(*) from shop.customer_order where status in ('PENDING', 'CANCELLING')") == 0
            && db.number("select count(*) from shop.outbox where processed_at is null") == 0,
        () -> "every order settled and processed");
    assertThat(db.number("select count(*) from payments.payment p where p.status = 'CAPTURED' and not exists "
        + "(select 1 from shop.customer_order o where o.id = p.order_id and o.status in ('ACCEPTED', 'FULFILLED', 'CONFIRMED'))"))
        .as("no money without an order").isZero();
    assertThat(db.number("select count(*) from inventory.reservation r where r.status = 'RESERVED'"))
        .as("no stock held").isZero();
  }
}
