package com.techmart.shop.demo;

import com.techmart.cuj.BrowserObjective;
import com.techmart.cuj.JourneyAttributes;
import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.JourneyDefinition;
import com.techmart.cuj.LatencyObjective;
import com.techmart.cuj.ServiceLevelObjective;
import com.techmart.shop.load.Percentiles;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Per journey of the catalogue: how many times it ran, how it ended and how long it took, measured
 * on the journey spans ({@code cuj.<name>}) the services recorded, and held against the
 * catalogue's objectives.
 */
final class JourneyReport {

  /** One latency objective, measured. */
  record Measured(LatencyObjective objective, int samples, long nanos) {
    boolean met() {
      return samples > 0 && nanos < objective.threshold().toNanos();
    }
  }

  /** One journey's figures. */
  /** The user-perceived objective, measured on the storefront's {@code cuj.browser.<name>} spans. */
  record MeasuredBrowser(BrowserObjective objective, int samples, long nanos) {
    boolean met() {
      return samples > 0 && nanos < objective.threshold().toNanos();
    }
  }

  record Figures(JourneyDefinition journey, int calls, int errors, int expected, Percentiles latency,
                 List<Measured> objectives, Optional<MeasuredBrowser> browser) {

    double successRate() {
      return calls == 0 ? 1.0 : (calls - errors) / (double) calls;
    }

    /** The share of this run's error allowance still unspent; empty without an availability objective. */
    Optional<Double> budgetLeft() {
      return journey.slo().map(slo -> {
        double allowed = calls * slo.errorBudget();
        return allowed == 0 ? 1.0 : 1.0 - errors / allowed;
      });
    }
  }

  private static final String BROWSER_SPAN_PREFIX = "cuj.browser.";

  private final List<Figures> figures;
  private final int spanCount;

  private JourneyReport(List<Figures> figures, int spanCount) {
    this.figures = figures;
    this.spanCount = spanCount;
  }

  static JourneyReport of(JourneyCatalogue catalogue, List<SpanData> spans) {
    List<Figures> all = new ArrayList<>();
    for (JourneyDefinition journey : catalogue.journeys()) {
      List<SpanData> runs = spans.stream()
          .filter(s -> s.getName().equals(journey.spanName()) && s.getKind() == SpanKind.INTERNAL)
          .toList();
      int errors = (int) runs.stream().filter(s -> Spans.outcome(s).equals(JourneyAttributes.OUTCOME_ERROR)).count();
      int expected = (int) runs.stream().filter(s -> Spans.outcome(s).equals(JourneyAttributes.OUTCOME_EXPECTED)).count();
      Percentiles latency = Percentiles.of(runs.stream().map(Spans::nanos).toList());
      List<Measured> measured = new ArrayList<>();
      for (LatencyObjective objective : journey.slo().map(ServiceLevelObjective::latency).orElse(List.of())) {
        Percentiles p = objective.span().equals(journey.spanName())
            ? latency
            : Percentiles.of(spans.stream()
                .filter(s -> s.getName().equals(objective.span()) && journey.name().equals(Spans.journey(s)))
                .map(Spans::nanos)
                .toList());
        measured.add(new Measured(objective, p.count(), p.count() == 0 ? 0 : p.at(objective.percentile())));
      }
      // As for the server's objectives: successful and cancelled journeys (a user who gave up waited too).
      Percentiles clicks = Percentiles.of(spans.stream()
          .filter(s -> s.getName().equals(BROWSER_SPAN_PREFIX + journey.name()))
          .filter(s -> Set.of(JourneyAttributes.OUTCOME_SUCCESS, JourneyAttributes.OUTCOME_CANCELLED).contains(Spans.outcome(s)))
          .map(Spans::nanos)
          .toList());
      Optional<MeasuredBrowser> browser = journey.slo().flatMap(ServiceLevelObjective::browser)
          .map(o -> new MeasuredBrowser(o, clicks.count(), clicks.count() == 0 ? 0 : clicks.at(o.percentile())));
      all.add(new Figures(journey, runs.size(), errors, expected, latency, measured, browser));
    }
    return new JourneyReport(all, spans.size());
  }

  List<Figures> figures() {
    return figures;
  }

  void print(PrintStream out) {
    out.printf("Journeys, measured on the %,d spans the three services recorded%n%n", spanCount);
    out.printf("  %-18s %6s %6s %8s %8s %8s %8s %8s %7s  %s%n",
        "journey", "calls", "errors", "expected", "success", "p50", "p95", "p99", "target", "error budget left");
    for (Figures f : figures) {
      String target = f.journey().slo().map(s -> trim(s.availability()) + "%").orElse("-");
      String budget = f.budgetLeft().map(JourneyReport::budget).orElse("-");
      out.printf("  %-18s %6d %6d %8d %7.2f%% %8s %8s %8s %7s  %s%n",
          f.journey().name(), f.calls(), f.errors(), f.expected(), 100 * f.successRate(),
          Percentiles.millis(f.latency().at(50)), Percentiles.millis(f.latency().at(95)),
          Percentiles.millis(f.latency().at(99)), target, budget);
    }
    out.println();
    out.println("  Latency objectives (from the catalogue)");
    for (Figures f : figures) {
      for (Measured m : f.objectives()) {
        LatencyObjective o = m.objective();
        String measured = m.samples() == 0 ? "no samples" : Percentiles.millis(m.nanos());
        out.printf("  %-18s %-11s p%-3s of %-26s %9s  < %-7s %s%n", f.journey().name(), o.name(), trim(o.percentile()),
            o.span(), measured, threshold(o.threshold()), m.samples() == 0 ? "-" : m.met() ? "met" : "MISSED");
      }
      f.browser().ifPresent(b -> out.printf("  %-18s %-11s p%-3s of %-26s %9s  < %-7s %s%n", f.journey().name(), "browser",
          trim(b.objective().percentile()), "click to rendered", b.samples() == 0 ? "-" : Percentiles.millis(b.nanos()),
          threshold(b.objective().threshold()),
          b.samples() == 0 ? "not measured (no browser in demo)" : b.met() ? "met" : "MISSED"));
    }
    out.println();
    out.println("  errors   = journey ended in an error (cuj.outcome=error): these burn the error budget");
    out.println("  expected = a declared business outcome (out of stock, payment declined, unknown id):");
    out.println("             recorded on the span with cuj.outcome=expected, not counted against the budget");
    out.println("  error budget left = 1 - errors / (calls x (100% - target)): the share of this run's allowance unspent");
  }

  private static String budget(double left) {
    return left >= 0 ? String.format("%.1f%%", 100 * left) : String.format("exhausted (%.0f%%)", 100 * left);
  }

  private static String threshold(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
