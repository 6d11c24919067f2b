package com.techmart.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.shop.demo.Demo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's demo, with less traffic: its report covers all three journeys, from their spans. */
class DemoTest {

  private static final Pattern ROW = Pattern.compile(
      "^\\s+(checkout|product-discovery|order-lookup)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+([\\d.]+)%", Pattern.MULTILINE);

  @Test
  void theReportListsEveryJourneyWithItsFiguresAndDrawsACheckoutTrace() {
    Demo.Options defaults = Demo.Options.defaults();
    Demo.Options small = new Demo.Options(Duration.ofSeconds(1), Duration.ofSeconds(5), 16, 8, 0.0, 0.1, 0.0, 0.05, 3,
        Demo.Drill.NONE, defaults.outageAfter(), defaults.outageFor(), false);
    String report = run(small, "demo_small");

    Matcher rows = ROW.matcher(report);
    int journeys = 0;
    while (rows.find()) {
      journeys++;
      assertThat(Integer.parseInt(rows.group(2))).as("calls of %s", rows.group(1)).isPositive();
    }
    assertThat(journeys).as("one row per journey of the catalogue in:%n%s", report).isEqualTo(3);
    assertThat(report).contains("checkout           latency", "checkout           processing", "p95  of order.process");
    assertThat(report).contains("One checkout end to end: trace", "cuj.checkout", "order.process", "order.fulfil",
        "order.confirm", "techmart-inventory", "techmart-payments");
    assertThat(report).contains("techmart_orders_total{payment_method}", "techmart_funnel_total{stage}", "confirmation_sent");
    assertThat(report).doesNotContain("gave up waiting");
  }

  @Test
  void withAnOutageTheReportShowsTheErrorsAndTheRecovery() {
    // No time window to hit: the demo keeps the database away until the api has answered a 503,
    // and the traffic going until a checkout has succeeded after it came back, so the short
    // durations here only make a quiet machine finish sooner.
    Demo.Options outage = new Demo.Options(Duration.ZERO, Duration.ofSeconds(3), 16, 8, 0.0, 0.0, 0.0, 0.0, 5,
        Demo.Drill.OUTAGE, Duration.ofSeconds(1), Duration.ofSeconds(1), false);
    String report = run(outage, "demo_outage");

    assertDrillReport(report, "Database outage", "database away for");
  }

  @Test
  void withAHungDatabaseTheReportShowsTheErrorsAndTheRecoveryTheSameWay() {
    Demo.Options hang = new Demo.Options(Duration.ZERO, Duration.ofSeconds(3), 16, 8, 0.0, 0.0, 0.0, 0.0, 5,
        Demo.Drill.HANG, Duration.ofSeconds(1), Duration.ofSeconds(1), false);
    String report = run(hang, "demo_hang");

    assertDrillReport(report, "Database hang", "database hung for");
  }

  private static void assertDrillReport(String report, String title, String line) {
    assertThat(report).contains(title, "recovered: the first order after it came back", ": nothing half-written");
    assertThat(report).containsPattern(line + " \\d+\\.\\d s; [1-9]\\d* requests answered 503");
    Matcher checkout = ROW.matcher(report);
    assertThat(checkout.find()).isTrue();
    assertThat(checkout.group(1)).isEqualTo("checkout");
    assertThat(report).contains("Failed requests").contains("trace_id=");
    assertThat(report).doesNotContain("gave up waiting");
  }

  private static String run(Demo.Options options, String database) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      new Demo(options, out, TestDatabase.server(), database).run();
    }
    String report = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(report);
    return report;
  }
}
