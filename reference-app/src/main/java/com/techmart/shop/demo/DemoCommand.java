package com.techmart.shop.demo;

import com.techmart.shop.load.DurationConverter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code demo}: everything in one JVM, then the journey report. */
@Command(name = "demo", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = {
        "Runs the three services and an embedded PostgreSQL in this JVM and reports on the journeys.",
        "",
        "Sends a mix of the three journeys (with sold-out products, declined cards and gateway failures), "
            + "then reports per journey, from the spans the services recorded: calls, errors, success rate, "
            + "p50/p95/p99 and error budget left against the catalogue, and draws one checkout trace as a tree.",
        ""})
public final class DemoCommand implements Callable<Integer> {

  private static final Demo.Options DEFAULTS = Demo.Options.defaults();

  @Option(names = "--duration", defaultValue = "20s", converter = DurationConverter.class,
      description = "how long to send traffic (default: ${DEFAULT-VALUE})")
  Duration duration;

  @Option(names = "--warm-up", defaultValue = "4s", converter = DurationConverter.class,
      description = "traffic before the measured run, not counted (default: ${DEFAULT-VALUE}; 0s for none)")
  Duration warmUp;

  @Option(names = "--rate", defaultValue = "30", description = "requests per second (default: ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--gateway-failure-rate", defaultValue = "0.01",
      description = "share of charges the simulated gateway fails (default: ${DEFAULT-VALUE})")
  double gatewayFailureRate;

  @Option(names = "--decline-rate", defaultValue = "0.05", description = "share of checkouts with a declined card (default: ${DEFAULT-VALUE})")
  double declineRate;

  @Option(names = "--outage", description = "take the database away during the run (connections refused) and show the recovery")
  boolean outage;

  @Option(names = "--hang", description = "make the database hang during the run (connections open, no answer) and show the recovery")
  boolean hang;

  @Option(names = "--outage-after", defaultValue = "6s", converter = DurationConverter.class,
      description = "when the database goes away (default: ${DEFAULT-VALUE})")
  Duration outageAfter;

  @Option(names = "--outage-for", defaultValue = "5s", converter = DurationConverter.class,
      description = "how long it stays away (default: ${DEFAULT-VALUE})")
  Duration outageFor;

  @Option(names = "--seed", defaultValue = "7", description = "random seed of the traffic (default: ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() {
    if (outage && hang) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "choose one drill: --outage or --hang");
    }
    Demo.Drill drill = hang ? Demo.Drill.HANG : outage ? Demo.Drill.OUTAGE : Demo.Drill.NONE;
    Demo.Options options = new Demo.Options(warmUp, duration, rate, DEFAULTS.concurrency(), gatewayFailureRate, declineRate,
        DEFAULTS.slowRate(), DEFAULTS.outOfStockRate(), seed, drill, outageAfter, outageFor, System.console() != null);
    new Demo(options, System.out).run();
    return 0;
  }
}
