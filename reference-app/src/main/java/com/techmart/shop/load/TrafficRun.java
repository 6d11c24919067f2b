package com.techmart.shop.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a {@link TrafficPlan} to the api: an open-loop stream of shoppers' requests over the three
 * journeys, with the injected inputs that produce declines, slow payments, sold-out products and
 * bad requests. Bounded by the plan's duration and request count; returns every {@link Outcome}.
 */
public final class TrafficRun {

  /** The limited edition that sells out (see the inventory's seed data). */
  static final long LIMITED_PRODUCT = 8;
  static final int PRODUCTS = 8;
  private static final Pattern ORDER_ID = Pattern.compile("\"orderId\":\"([0-9a-f-]{36})\"");
  private static final Pattern CODE = Pattern.compile("\"code\":\"([a-z_0-9]+)\"");

  private final ShopClient client;
  private final TrafficPlan plan;
  private final String[] journeys;
  private final int[] cumulativeWeights;
  private final Deque<String> recentOrders = new ConcurrentLinkedDeque<>();
  private final AtomicInteger recentCount = new AtomicInteger();
  private final AtomicLong notSent = new AtomicLong();
  private volatile boolean stopped;

  public TrafficRun(ShopClient client, TrafficPlan plan) {
    this.client = client;
    this.plan = plan;
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(plan.mix().entrySet());
    entries.sort(Map.Entry.comparingByKey());
    journeys = new String[entries.size()];
    cumulativeWeights = new int[entries.size()];
    int sum = 0;
    for (int i = 0; i < entries.size(); i++) {
      journeys[i] = entries.get(i).getKey();
      sum += entries.get(i).getValue();
      cumulativeWeights[i] = sum;
    }
  }

  /**
   * A finished run, with the wall-clock instants (epoch nanoseconds, the clock spans use) of its
   * start and, if the database was taken away during it, of the outage.
   */
  public record Report(List<Outcome> outcomes, long startEpochNanos, long downEpochNanos, long upEpochNanos) {}

  /** Requests skipped because {@code concurrency} requests were still in flight. */
  public long notSent() {
    return notSent.get();
  }

  /** Ends the run early; {@link #run} returns once the requests in flight are answered. */
  public void stop() {
    stopped = true;
  }

  /** Sends the plan's traffic; {@code listener} hears each outcome as it happens (from many threads). */
  public List<Outcome> run(Consumer<Outcome> listener) {
    ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    ExecutorService senders = Executors.newFixedThreadPool(plan.concurrency(), r -> {
      Thread t = new Thread(r, "traffic");
      t.setDaemon(true);
      return t;
    });
    Semaphore inFlight = new Semaphore(plan.concurrency());
    long period = (long) (1e9 / plan.rate());
    long start = System.nanoTime();
    long end = start + plan.duration().toNanos();
    try {
      for (int i = 0; i < plan.maxRequests() && !stopped; i++) {
        long due = start + i * period;
        if (due >= end) {
          break;
        }
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait); // pacing the open-loop schedule
        }
        if (!inFlight.tryAcquire()) {
          notSent.incrementAndGet();
          continue;
        }
        SplittableRandom random = new SplittableRandom(plan.seed() * 0x9E3779B97F4A7C15L + i);
        senders.execute(() -> {
          try {
            Outcome o = one(random, System.nanoTime() - start);
            outcomes.add(o);
            listener.accept(o);
          } finally {
            inFlight.release();
          }
        });
      }
    } finally {
      senders.shutdown();
      try {
        if (!senders.awaitTermination(30, TimeUnit.SECONDS)) {
          senders.shutdownNow();
        }
      } catch (InterruptedException e) {
        senders.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    List<Outcome> all = new ArrayList<>(outcomes);
    all.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
    return Collections.unmodifiableList(all);
  }

  private Outcome one(SplittableRandom random, long startNanos) {
    String journey = pick(random);
    return switch (journey) {
      case TrafficPlan.CHECKOUT -> checkout(random, startNanos);
      case TrafficPlan.ORDER_LOOKUP -> orderLookup(random, startNanos);
      default -> productDiscovery(random, startNanos);
    };
  }

  private String pick(SplittableRandom random) {
    int r = random.nextInt(cumulativeWeights[cumulativeWeights.length - 1]);
    for (int i = 0; i < cumulativeWeights.length; i++) {
      if (r < cumulativeWeights[i]) {
        return journeys[i];
      }
    }
    return journeys[journeys.length - 1];
  }

  private Outcome productDiscovery(SplittableRandom random, long startNanos) {
    if (random.nextDouble() < 0.4) {
      return outcome(TrafficPlan.PRODUCT_DISCOVERY, "GET /api/products", client.get("/api/products"), startNanos);
    }
    long id = 1 + random.nextInt(PRODUCTS);
    return outcome(TrafficPlan.PRODUCT_DISCOVERY, "GET /api/products/{id}", client.get("/api/products/" + id), startNanos);
  }

  private Outcome checkout(SplittableRandom random, long startNanos) {
    String body;
    if (random.nextDouble() < plan.invalidRate()) {
      body = switch (random.nextInt(3)) {
        case 0 -> order("c-" + random.nextInt(1000), "{\"productId\":1,\"quantity\":-1}", "card", "tok_visa");
        case 1 -> order("c-" + random.nextInt(1000), "{\"productId\":9999,\"quantity\":1}", "card", "tok_visa");
        default -> "{\"customerId\":\"c-1\",\"items\":[";
      };
    } else {
      StringBuilder items = new StringBuilder();
      int lines = 1 + random.nextInt(3);
      long first = 1 + random.nextInt((int) LIMITED_PRODUCT - 1);
      for (int k = 0; k < lines; k++) {
        long product = 1 + (first - 1 + k * 2L) % (LIMITED_PRODUCT - 1); // distinct, never the limited one
        item(items, product, 1 + random.nextInt(2));
      }
      if (random.nextDouble() < plan.outOfStockRate()) {
        item(items, LIMITED_PRODUCT, 10);
      } else if (random.nextDouble() < 0.06) {
        item(items, LIMITED_PRODUCT, 1);
      }
      double m = random.nextDouble();
      String method = m < 0.6 ? "card" : m < 0.9 ? "paypal" : "gift-card";
      double t = random.nextDouble();
      String token = t < plan.declineRate() ? "tok_decline"
          : t < plan.declineRate() + plan.slowRate() ? "tok_slow" : "tok_visa";
      body = order("c-" + random.nextInt(1000), items.toString(), method, token);
    }
    ShopClient.Reply reply = client.post("/api/orders", body);
    if (reply.status() == 201) {
      Matcher m = ORDER_ID.matcher(reply.body());
      if (m.find()) {
        remember(m.group(1));
      }
    }
    return outcome(TrafficPlan.CHECKOUT, "POST /api/orders", reply, startNanos);
  }

  private Outcome orderLookup(SplittableRandom random, long startNanos) {
    String id = null;
    if (random.nextDouble() < 0.9) {
      List<String> recent = new ArrayList<>(recentOrders);
      if (!recent.isEmpty()) {
        id = recent.get(random.nextInt(recent.size()));
      }
    }
    if (id == null) {
      id = new UUID(random.nextLong(), random.nextLong()).toString(); // a link to an order that does not exist
    }
    return outcome(TrafficPlan.ORDER_LOOKUP, "GET /api/orders/{id}", client.get("/api/orders/" + id), startNanos);
  }

  private void remember(String orderId) {
    recentOrders.addFirst(orderId);
    if (recentCount.incrementAndGet() > 200) {
      recentOrders.pollLast();
      recentCount.decrementAndGet();
    }
  }

  private static void item(StringBuilder items, long product, int quantity) {
    if (items.length() > 0) {
      items.append(',');
    }
    items.append("{\"productId\":").append(product).append(",\"quantity\":").append(quantity).append('}');
  }

  private static String order(String customer, String items, String method, String token) {
    return "{\"customerId\":\"" + customer + "\",\"items\":[" + items + "],\"paymentMethod\":\"" + method
        + "\",\"paymentToken\":\"" + token + "\"}";
  }

  private static Outcome outcome(String journey, String request, ShopClient.Reply reply, long startNanos) {
    String detail = "";
    if (reply.status() == 0) {
      detail = reply.body();
    } else if (reply.status() >= 400) {
      Matcher m = CODE.matcher(reply.body());
      detail = m.find() ? m.group(1) : "http_" + reply.status();
    }
    return new Outcome(journey, request, reply.status(), reply.nanos(), startNanos, reply.traceId(),
        reply.correlationId(), detail);
  }
}
