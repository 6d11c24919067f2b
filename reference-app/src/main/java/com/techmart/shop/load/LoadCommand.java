package com.techmart.shop.load;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code load}: sends shoppers' traffic to a running api and prints the trace id of every failure. */
@Command(name = "load", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = {
        "Sends shoppers' traffic to a running api and names the trace of every failure.",
        "",
        "Open loop, bounded in time and count, loopback only unless --allow-remote. Every request carries "
            + "its own traceparent and X-Correlation-ID; failures are printed with both, so they can be "
            + "looked up in the tracing backend and the logs.",
        ""})
public final class LoadCommand implements Callable<Integer> {

  @Option(names = "--target", defaultValue = "http://127.0.0.1:8080", description = "the api's base URL (default: ${DEFAULT-VALUE})")
  URI target;

  @Option(names = "--rate", defaultValue = "20", description = "requests per second (default: ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--duration", defaultValue = "PT60S", converter = DurationConverter.class,
      description = "how long to send, e.g. 30s, 5m (default: 60s, at most 2h)")
  Duration duration;

  @Option(names = "--max-requests", defaultValue = "100000", description = "hard bound on requests (default: ${DEFAULT-VALUE})")
  int maxRequests;

  @Option(names = "--concurrency", defaultValue = "16", description = "most requests in flight (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--mix", defaultValue = "checkout=30,product-discovery=55,order-lookup=15",
      description = "journey weights (default: ${DEFAULT-VALUE})")
  String mix;

  @Option(names = "--decline-rate", defaultValue = "0.05", description = "share of checkouts with a declined card (default: ${DEFAULT-VALUE})")
  double declineRate;

  @Option(names = "--slow-rate", defaultValue = "0.02", description = "share of checkouts with a slow gateway (default: ${DEFAULT-VALUE})")
  double slowRate;

  @Option(names = "--out-of-stock-rate", defaultValue = "0.03", description = "share of checkouts asking for the sold-out product (default: ${DEFAULT-VALUE})")
  double outOfStockRate;

  @Option(names = "--invalid-rate", defaultValue = "0.0", description = "share of malformed checkouts (default: ${DEFAULT-VALUE})")
  double invalidRate;

  @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--timeout", defaultValue = "PT10S", converter = DurationConverter.class, description = "per request (default: 10s)")
  Duration timeout;

  @Option(names = "--allow-remote", description = "allow a target that is not a loopback address")
  boolean allowRemote;

  private final PrintStream out;

  public LoadCommand() {
    this(System.out);
  }

  /** A command that prints to {@code out} instead of standard output. */
  public LoadCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    requireAllowedTarget(target, allowRemote);
    TrafficPlan plan = new TrafficPlan(rate, duration, maxRequests, concurrency, TrafficPlan.parseMix(mix),
        declineRate, slowRate, outOfStockRate, invalidRate, seed);
    out.printf("load: %s, %.0f req/s for %s (at most %d requests), mix %s%n", target, rate, DurationConverter.format(duration), maxRequests, mix);
    AtomicInteger printed = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    long reportEvery = Math.max(1, (long) (rate * 5));
    TrafficRun run = new TrafficRun(new ShopClient(target, timeout), plan);
    List<Outcome> outcomes = run.run(o -> {
      if (o.failed() && printed.incrementAndGet() <= 50) {
        out.printf("FAILED  %-24s %s %-20s trace_id=%s correlation_id=%s%n", o.request(),
            o.status() == 0 ? "---" : o.status(), o.detail(), o.traceId(), o.correlationId());
      }
      if (done.incrementAndGet() % reportEvery == 0) {
        out.printf("  ... %d requests answered%n", done.get());
      }
    });
    if (printed.get() > 50) {
      out.printf("(%d more failures not printed)%n", printed.get() - 50);
    }
    summarize(outcomes, run.notSent());
    return outcomes.stream().anyMatch(Outcome::failed) ? 1 : 0;
  }

  void summarize(List<Outcome> outcomes, long notSent) {
    out.println();
    out.printf("%-18s %8s %6s %8s %7s %9s %9s %9s   %s%n", "journey", "requests", "ok", "refused", "failed", "p50", "p95", "p99", "refusals");
    Map<String, List<Outcome>> byJourney = outcomes.stream().collect(Collectors.groupingBy(Outcome::journey, TreeMap::new, Collectors.toList()));
    for (Map.Entry<String, List<Outcome>> e : byJourney.entrySet()) {
      List<Outcome> list = e.getValue();
      Percentiles p = Percentiles.of(list.stream().map(Outcome::nanos).toList());
      long ok = list.stream().filter(o -> o.status() >= 200 && o.status() < 400).count();
      long refused = list.stream().filter(Outcome::refused).count();
      long failed = list.stream().filter(Outcome::failed).count();
      String reasons = list.stream().filter(Outcome::refused)
          .collect(Collectors.groupingBy(Outcome::detail, TreeMap::new, Collectors.counting()))
          .entrySet().stream().map(r -> r.getKey() + " " + r.getValue()).collect(Collectors.joining(", "));
      out.printf("%-18s %8d %6d %8d %7d %9s %9s %9s   %s%n", e.getKey(), list.size(), ok, refused, failed,
          Percentiles.millis(p.at(50)), Percentiles.millis(p.at(95)), Percentiles.millis(p.at(99)), reasons);
    }
    if (notSent > 0) {
      out.printf("%d requests were not sent: %d were already in flight (raise --concurrency or lower --rate)%n", notSent, concurrency);
    }
    out.println("(latencies as the client saw them; the services' own view is in their spans)");
  }

  /** Refuses a non-loopback target unless the user explicitly allowed it. */
  static void requireAllowedTarget(URI target, boolean allowRemote) {
    if (target.getHost() == null || !("http".equals(target.getScheme()) || "https".equals(target.getScheme()))) {
      throw new IllegalArgumentException("--target must be an http(s) URL such as http://127.0.0.1:8080, was " + target);
    }
    if (allowRemote) {
      return;
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(target.getHost())) {
        if (!address.isLoopbackAddress()) {
          throw new IllegalArgumentException("--target " + target.getHost() + " is not a loopback address; "
              + "load sends traffic to this machine only unless --allow-remote is given");
        }
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--target host " + target.getHost() + " cannot be resolved", e);
    }
  }
}
