package com.techmart.shop.demo;

import com.techmart.cuj.JourneyCatalogue;
import com.techmart.shop.ServiceRole;
import com.techmart.shop.api.Compensations;
import com.techmart.shop.api.OrderStore;
import com.techmart.shop.api.OutboxRepository;
import com.techmart.shop.launch.Database;
import com.techmart.shop.launch.EmbeddedDatabase;
import com.techmart.shop.launch.ShopStack;
import com.techmart.shop.launch.TcpProxy;
import com.techmart.shop.load.DurationConverter;
import com.techmart.shop.load.Outcome;
import com.techmart.shop.load.ShopClient;
import com.techmart.shop.load.TrafficPlan;
import com.techmart.shop.load.TrafficRun;
import com.techmart.shop.telemetry.MetricsRecorder;
import com.techmart.shop.telemetry.SpanRecorder;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The one-command demo: an embedded PostgreSQL, the three services on loopback ports, a traffic run
 * over the three journeys (with out-of-stock orders, declined cards and gateway failures), then a
 * report computed from the spans the services recorded: per journey calls, errors, success rate,
 * latency percentiles and error budget against the catalogue, the business metrics, and one
 * checkout trace drawn as a tree. With {@link Options#outage()} the database is taken away for a
 * while during the run and the report shows the errors and the recovery.
 */
public final class Demo {

  /** A failure drill: the database goes away (connections refused and dropped), or hangs. */
  public enum Drill { NONE, OUTAGE, HANG }

  /** How much longer than {@code duration} a drill's traffic may go on while the recovery is awaited. */
  static final Duration DRILL_EXTENSION = Duration.ofSeconds(60);

  /**
   * What the demo does; {@link #defaults()} is the README's demo. With a drill, the database goes
   * away (or hangs) {@code outageAfter} into the traffic, for at least {@code outageFor} and until
   * the api has answered a 503; the traffic lasts {@code duration}, and longer (up to a minute)
   * until a checkout succeeds after the database is back.
   */
  public record Options(Duration warmUp, Duration duration, double rate, int concurrency, double gatewayFailureRate,
                        double declineRate, double slowRate, double outOfStockRate, long seed,
                        Drill drill, Duration outageAfter, Duration outageFor, boolean interactive) {

    public static Options defaults() {
      return new Options(Duration.ofSeconds(4), Duration.ofSeconds(20), 30, 24, 0.01, 0.05, 0.02, 0.03, 7,
          Drill.NONE, Duration.ofSeconds(6), Duration.ofSeconds(5), false);
    }

    /** Whether the database is taken away or hung during the run. */
    public boolean outage() {
      return drill != Drill.NONE;
    }

    public Options {
      if (warmUp.isNegative()) {
        throw new IllegalArgumentException("the warm-up must not be negative, was " + warmUp);
      }
      if (drill == null) {
        throw new IllegalArgumentException("drill must be NONE, OUTAGE or HANG");
      }
      if (drill != Drill.NONE && outageAfter.plus(outageFor).compareTo(duration) >= 0) {
        throw new IllegalArgumentException("the outage (" + DurationConverter.format(outageAfter) + " + "
            + DurationConverter.format(outageFor) + ") must end before the traffic does (" + DurationConverter.format(duration)
            + "), so the report can show the recovery");
      }
    }
  }

  /** What the demo measured, for whoever called it. */
  public record Result(List<SpanData> spans, List<Outcome> outcomes, Map<String, Long> funnel,
                       Optional<String> checkoutTraceId) {}

  private final Options options;
  private final PrintStream out;
  private final EmbeddedDatabase sharedServer;
  private final String databaseName;

  /** A demo on a PostgreSQL server of its own, stopped at the end. */
  public Demo(Options options, PrintStream out) {
    this(options, out, null, "techmart");
  }

  /** A demo in a new database {@code databaseName} of a server someone else owns (tests share one). */
  public Demo(Options options, PrintStream out, EmbeddedDatabase server, String databaseName) {
    this.options = options;
    this.out = out;
    this.sharedServer = server;
    this.databaseName = databaseName;
  }

  public Result run() {
    long begin = System.nanoTime();
    JourneyCatalogue catalogue = JourneyCatalogue.loadResource("cuj/journeys.yaml");
    out.println("TechMart demo: three services, one embedded PostgreSQL, every span kept in memory");
    out.println();
    out.print("  starting PostgreSQL (embedded, real server binaries) ... ");
    out.flush();
    EmbeddedDatabase postgres = sharedServer != null ? sharedServer : EmbeddedDatabase.start();
    try {
      Database direct = postgres.create(databaseName);
      out.printf("127.0.0.1:%d, %.1f s%n", postgres.port(), seconds(begin));
      TcpProxy proxy = options.outage() ? new TcpProxy("127.0.0.1", postgres.port()) : null;
      Database database = proxy == null ? direct : direct.via(proxy);
      SpanRecorder spans = new SpanRecorder();
      MetricsRecorder metrics = new MetricsRecorder();
      long servicesStart = System.nanoTime();
      out.print("  starting techmart-inventory, techmart-payments, techmart-api ... ");
      out.flush();
      try (ShopStack shop = ShopStack.builder(database)
          .spans(spans)
          .apiMetrics(metrics)
          .property(ServiceRole.PAYMENTS, "payments.gateway.failure-rate", options.gatewayFailureRate())
          .property(ServiceRole.API, "techmart.worker.poll-interval", "200ms")
          // A checkout cut short by the drill is cancelled soon after, so the report can show it settled.
          .property(ServiceRole.API, "techmart.checkout.reconcile-after", "15s")
          .property(ServiceRole.API, "techmart.checkout.reconcile-interval", "1s")
          .start()) {
        out.printf("%.1f s%n", seconds(servicesStart));
        out.printf("    %-19s %s%n    %-19s %s%n    %-19s %s%n",
            ServiceRole.API.serviceName(), shop.api().uri(),
            ServiceRole.INVENTORY.serviceName(), shop.inventory().uri(),
            ServiceRole.PAYMENTS.serviceName(), shop.payments().uri());
        out.println();

        BusinessMetrics baseline = warmUp(shop, spans, metrics);
        TrafficRun.Report traffic = traffic(shop, proxy);
        drain(shop);
        List<SpanData> recorded = spans.spans();
        out.println();
        JourneyReport.of(catalogue, recorded).print(out);
        out.println();
        BusinessMetrics business = new BusinessMetrics(metrics.collect(), baseline);
        business.print(out);
        out.println();
        if (proxy != null) {
          OutageTimeline.print(out, recorded, ServiceRole.API.serviceName(), traffic.startEpochNanos(),
              traffic.downEpochNanos(), traffic.upEpochNanos(), options.drill() == Drill.HANG);
          Consistency.check(direct).print(out);
          out.println();
        }
        Optional<TraceTree> tree = TraceTree.typicalCheckout(recorded);
        tree.ifPresentOrElse(t -> t.print(out), () -> out.println("(no successful checkout went through all stages: no trace to draw)"));
        out.println();
        printFailures(traffic.outcomes());
        String log = System.getProperty("techmart.log.file");
        if (log != null) {
          out.printf("Service logs (trace id, span id, cuj.name and correlation id on every line): %s%n", log);
        }
        out.printf("Demo done in %.1f s.%n", seconds(begin));
        return new Result(recorded, traffic.outcomes(), business.funnel(), tree.map(TraceTree::traceId));
      } finally {
        if (proxy != null) {
          proxy.close();
        }
      }
    } finally {
      if (sharedServer == null) {
        postgres.close();
      }
    }
  }

  /**
   * A few seconds of the same traffic before the measured run, so the report shows the services
   * warm rather than the JVM's first minutes; its spans are dropped and its metrics subtracted.
   */
  private BusinessMetrics warmUp(ShopStack shop, SpanRecorder spans, MetricsRecorder metrics) {
    if (!options.warmUp().isZero()) {
      long start = System.nanoTime();
      out.printf("Warming up: %s of the same traffic, not counted ... ", DurationConverter.format(options.warmUp()));
      out.flush();
      TrafficPlan plan = new TrafficPlan(options.rate(), options.warmUp(),
          (int) Math.ceil(options.rate() * options.warmUp().toMillis() / 1000.0) + 1, options.concurrency(),
          Map.of(TrafficPlan.CHECKOUT, 30, TrafficPlan.PRODUCT_DISCOVERY, 55, TrafficPlan.ORDER_LOOKUP, 15),
          0, 0, 0, 0, options.seed() + 1);
      new TrafficRun(new ShopClient(shop.api().uri(), Duration.ofSeconds(10)), plan).run(o -> { });
      drain(shop, false);
      spans.clear();
      out.printf("%.1f s%n", seconds(start));
    }
    return new BusinessMetrics(metrics.collect());
  }

  private TrafficRun.Report traffic(ShopStack shop, TcpProxy proxy) {
    // A drill may keep the traffic going past --duration until the recovery is seen (at most a minute).
    Duration longest = proxy == null ? options.duration() : options.duration().plus(DRILL_EXTENSION);
    TrafficPlan plan = new TrafficPlan(options.rate(), longest,
        (int) Math.ceil(options.rate() * longest.toSeconds()) + 1, options.concurrency(),
        Map.of(TrafficPlan.CHECKOUT, 30, TrafficPlan.PRODUCT_DISCOVERY, 55, TrafficPlan.ORDER_LOOKUP, 15),
        options.declineRate(), options.slowRate(), options.outOfStockRate(), 0, options.seed());
    out.printf("Traffic: %.0f requests/s for %s, journeys checkout 30%% / product-discovery 55%% / order-lookup 15%%;%n",
        options.rate(), DurationConverter.format(options.duration()));
    out.printf("  declined cards %.0f%%, slow gateway %.0f%%, sold-out product %.0f%% of checkouts, gateway failures %.1f%%%n",
        100 * options.declineRate(), 100 * options.slowRate(), 100 * options.outOfStockRate(), 100 * options.gatewayFailureRate());
    if (proxy != null) {
      out.printf("  the database %s after %s for at least %s, until the api has answered 503%n",
          options.drill() == Drill.HANG ? "hangs (connections open, no answer)" : "goes away",
          DurationConverter.format(options.outageAfter()), DurationConverter.format(options.outageFor()));
    }
    ProgressBar bar = new ProgressBar(out, options.interactive());
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger failedWhileDown = new AtomicInteger();
    AtomicLong down = new AtomicLong();
    AtomicLong up = new AtomicLong();
    AtomicLong upNanos = new AtomicLong();
    AtomicBoolean recovered = new AtomicBoolean(proxy == null);
    long start = System.nanoTime();
    long startEpoch = Clock.getDefault().now();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "demo-progress");
      t.setDaemon(true);
      return t;
    });
    TrafficRun run = new TrafficRun(new ShopClient(shop.api().uri(), Duration.ofSeconds(10)), plan);
    long downAt = start + options.outageAfter().toNanos();
    long upNoSoonerThan = downAt + options.outageFor().toNanos();
    ticker.scheduleAtFixedRate(() -> {
      long now = System.nanoTime();
      // The drill is decided by events, not by a clock alone: the database stays away until the
      // api has answered at least one request with a 503, and the traffic goes on until a checkout
      // has succeeded after it came back, however slow the machine is.
      if (proxy != null && down.get() == 0 && now >= downAt) {
        if (options.drill() == Drill.HANG) {
          proxy.freeze();
        } else {
          proxy.cut();
        }
        down.set(Clock.getDefault().now());
      } else if (proxy != null && down.get() != 0 && up.get() == 0 && now >= upNoSoonerThan && failedWhileDown.get() > 0) {
        restore(proxy);
        up.set(Clock.getDefault().now());
        upNanos.set(System.nanoTime());
      }
      if (now - start >= options.duration().toNanos() && recovered.get()) {
        run.stop();
      }
      double elapsed = (now - start) / 1e9;
      bar.show(Math.min(1.0, elapsed / options.duration().toSeconds()), status(answered, refused, failed, proxy));
    }, 0, 100, TimeUnit.MILLISECONDS);
    List<Outcome> outcomes;
    try {
      outcomes = run.run(o -> {
        answered.incrementAndGet();
        if (o.failed()) {
          failed.incrementAndGet();
          if (down.get() != 0 && up.get() == 0) {
            failedWhileDown.incrementAndGet();
          }
        } else if (o.refused()) {
          refused.incrementAndGet();
        }
        long sentAt = System.nanoTime() - o.nanos();
        if (upNanos.get() != 0 && sentAt >= upNanos.get() && o.status() == 201) {
          recovered.set(true);
        }
      });
    } finally {
      ticker.shutdownNow();
      if (proxy != null && (proxy.isDown() || proxy.isFrozen())) {
        restore(proxy);
        up.compareAndSet(0, Clock.getDefault().now());
      }
    }
    bar.done(status(answered, refused, failed, proxy));
    return new TrafficRun.Report(outcomes, startEpoch, down.get(), up.get());
  }

  private static void restore(TcpProxy proxy) {
    proxy.thaw();
    proxy.restore();
  }

  private static String status(AtomicInteger answered, AtomicInteger refused, AtomicInteger failed, TcpProxy proxy) {
    return String.format("%d requests  %d refused (4xx)  %d failed (5xx)%s", answered.get(), refused.get(), failed.get(),
        proxy == null ? "" : proxy.isDown() ? "  DATABASE DOWN" : proxy.isFrozen() ? "  DATABASE HUNG" : "");
  }

  /** Waits until the worker has processed every accepted order and no compensation is pending. */
  private void drain(ShopStack shop) {
    drain(shop, true);
  }

  private void drain(ShopStack shop, boolean say) {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(90);
    OutboxRepository outbox = shop.api().bean(OutboxRepository.class);
    Compensations compensations = shop.api().bean(Compensations.class);
    OrderStore orders = shop.api().bean(OrderStore.class);
    long pending = -1;
    while (System.nanoTime() < deadline) {
      try {
        pending = outbox.countPending();
      } catch (RuntimeException e) {
        pending = -1; // the database may still be coming back
      }
      long unsettled;
      try {
        unsettled = orders.countUnsettled();
      } catch (RuntimeException e) {
        unsettled = -1;
      }
      if (pending == 0 && unsettled == 0 && compensations.pending() == 0) {
        if (say) {
          out.printf("  the order worker finished every accepted order (%.1f s after the traffic)%n", seconds(start));
        }
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // polling the outbox, bounded by the deadline
    }
    out.printf("  gave up waiting after 90 s: %d outbox entries and %d compensations still pending%n",
        pending, compensations.pending());
  }

  private void printFailures(List<Outcome> outcomes) {
    List<Outcome> failures = outcomes.stream().filter(Outcome::failed).toList();
    if (failures.isEmpty()) {
      out.println("No request failed (5xx).");
      return;
    }
    out.printf("Failed requests (%d); each can be looked up by its trace id:%n", failures.size());
    failures.stream().limit(5).forEach(o -> out.printf("  %-22s %s %-20s trace_id=%s correlation_id=%s%n",
        o.request(), o.status() == 0 ? "---" : o.status(), o.detail(), o.traceId(), o.correlationId()));
    if (failures.size() > 5) {
      out.printf("  ... and %d more%n", failures.size() - 5);
    }
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }
}
