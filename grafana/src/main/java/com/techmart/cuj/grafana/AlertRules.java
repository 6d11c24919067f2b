package com.techmart.cuj.grafana;

import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.JourneyDefinition;
import com.techmart.cuj.LatencyObjective;
import com.techmart.cuj.ServiceLevelObjective;
import com.techmart.cuj.grafana.RuleGroupsYaml.Group;
import com.techmart.cuj.grafana.RuleGroupsYaml.Rule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus rules of one journey, and of the background jobs the catalogue names.
 *
 * <ul>
 *   <li>Recording rules {@code cuj:error_ratio:rate<window>{cuj_name}}: failed journey spans /
 *       all journey spans over 5m, 30m, 1h, 2h, 6h, 1d and 3d.
 *   <li>Multi-window, multi-burn-rate alerts on the availability objective: {@code
 *       JourneyErrorBudgetFastBurn} when 14.4x the budget burns over 1h and 5m, or 6x over 6h and
 *       30m (pages for a critical journey, a ticket otherwise); {@code JourneyErrorBudgetSlowBurn}
 *       (ticket) for 3x over 1d and 2h, or 1x over 3d and 6h. The short window makes an alert
 *       stop soon after the errors stop.
 *   <li>{@code JourneyLatencyAboveObjective} per latency objective: more than (100 - percentile)%
 *       of the objective's span slower than its threshold over 30m, for 10m.
 *   <li>{@code BackgroundJobFailureRate}: more than 5% of a background job span (a span a latency
 *       objective names other than the journey's own) failing over 10m, for 5m.
 * </ul>
 */
final class AlertRules {

  static final List<String> ERROR_RATIO_WINDOWS = List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d");
  static final String LATENCY_WINDOW = "30m";
  static final String LATENCY_FOR = "10m";
  static final String JOB_WINDOW = "10m";
  static final String JOB_FOR = "5m";
  static final BigDecimal JOB_MAX_FAILURE_RATIO = new BigDecimal("0.05");

  /** One pair of windows of a burn-rate alert. */
  record BurnWindows(String factor, String longWindow, String shortWindow) {}

  static final List<BurnWindows> FAST = List.of(new BurnWindows("14.4", "1h", "5m"), new BurnWindows("6", "6h", "30m"));
  static final List<BurnWindows> SLOW = List.of(new BurnWindows("3", "1d", "2h"), new BurnWindows("1", "3d", "6h"));

  private final Queries queries;
  private final String source;

  AlertRules(Queries queries, String source) {
    this.queries = queries;
    this.source = source;
  }

  static String fileName(JourneyDefinition journey) {
    return journey.name() + ".rules.yaml";
  }

  static final String JOBS_FILE = "background-jobs.yaml";

  String journeyFile(JourneyDefinition journey) {
    String name = journey.name();
    List<String> header = new ArrayList<>(header());
    header.add("Journey " + name + (journey.critical() ? " (critical)" : " (not critical: never pages)")
        + (journey.description().isEmpty() ? "" : ": " + journey.description()));

    // One group, recording rules first: rules of a group run in order, so every alert reads error
    // ratios of the same evaluation (two groups run in no fixed order, and an alert could lag).
    List<Rule> rules = new ArrayList<>();
    for (String window : ERROR_RATIO_WINDOWS) {
      rules.add(Rule.record("cuj:error_ratio:rate" + window, queries.errorRatio(journey.spanName(), window),
          Map.of("cuj_name", name)));
    }
    String group = "cuj-" + name;
    if (journey.slo().isEmpty()) {
      header.add("No objective in the catalogue: error ratios are recorded, nothing alerts.");
      return RuleGroupsYaml.write(header, List.of(new Group(group, rules)));
    }
    ServiceLevelObjective slo = journey.slo().get();
    BigDecimal budget = Numbers.errorBudget(slo.availability());
    header.add("Objective: " + Numbers.plain(slo.availability()) + "% of " + journey.spanName()
        + " spans succeed over " + Numbers.promDuration(slo.window()) + " (error budget " + Numbers.plain(budget) + ").");

    for (LatencyObjective objective : slo.latency()) {
      rules.add(Rule.record("cuj:slow_ratio:rate" + LATENCY_WINDOW,
          queries.slowRatio(objective.span(), Numbers.millis(objective.threshold()), LATENCY_WINDOW),
          labels("cuj_name", name, "objective", objective.name(), "span_name", objective.span())));
    }
    rules.add(burnAlert(journey, budget, slo, true));
    rules.add(burnAlert(journey, budget, slo, false));
    for (LatencyObjective objective : slo.latency()) {
      rules.add(latencyAlert(journey, objective));
    }
    return RuleGroupsYaml.write(header, List.of(new Group(group, rules)));
  }

  private Rule burnAlert(JourneyDefinition journey, BigDecimal budget, ServiceLevelObjective slo, boolean fast) {
    String name = journey.name();
    List<BurnWindows> pairs = fast ? FAST : SLOW;
    StringBuilder expr = new StringBuilder();
    for (BurnWindows pair : pairs) {
      if (expr.length() > 0) {
        expr.append("\nor\n");
      }
      String limit = pair.factor() + " * " + Numbers.plain(budget);
      expr.append("(\n")
          .append("  cuj:error_ratio:rate").append(pair.longWindow()).append("{").append(Queries.eq("cuj_name", name)).append("} > ").append(limit).append('\n')
          .append("  and\n")
          .append("  cuj:error_ratio:rate").append(pair.shortWindow()).append("{").append(Queries.eq("cuj_name", name)).append("} > ").append(limit).append('\n')
          .append(")");
    }
    String severity = fast && journey.critical() ? "page" : "ticket";
    String objective = Numbers.plain(slo.availability()) + "% success over " + Numbers.promDuration(slo.window());
    String speed = fast
        ? "fast (" + pairs.get(0).factor() + "x the sustainable rate over 1h, or " + pairs.get(1).factor() + "x over 6h)"
        : "steadily (" + pairs.get(0).factor() + "x the sustainable rate over 1d, or " + pairs.get(1).factor() + "x over 3d)";
    return Rule.alert(fast ? "JourneyErrorBudgetFastBurn" : "JourneyErrorBudgetSlowBurn", expr.toString(), null,
        labels("severity", severity, "cuj_name", name, "cuj_critical", String.valueOf(journey.critical())),
        labels(
            "summary", "Journey " + name + " is burning its error budget " + (fast ? "fast" : "slowly"),
            "description", "{{ $value | humanizePercentage }} of " + name + " journeys failed over the long window; "
                + "the objective (" + objective + ") allows " + Numbers.plain(Numbers.percent(budget))
                + "%. The budget is being spent " + speed + ".",
            "dashboard_uid", Dashboards.uidFor(journey)));
  }

  private Rule latencyAlert(JourneyDefinition journey, LatencyObjective objective) {
    String name = journey.name();
    BigDecimal allowed = Numbers.allowedSlowRatio(objective.percentile());
    String target = "p" + Numbers.plain(objective.percentile()) + " of " + objective.span() + " below "
        + Numbers.humanDuration(objective.threshold());
    String expr = "cuj:slow_ratio:rate" + LATENCY_WINDOW + "{" + Queries.eq("cuj_name", name) + ", "
        + Queries.eq("objective", objective.name()) + "} > " + Numbers.plain(allowed);
    return Rule.alert("JourneyLatencyAboveObjective", expr, LATENCY_FOR,
        labels("severity", "ticket", "cuj_name", name, "objective", objective.name()),
        labels(
            "summary", "Journey " + name + ": " + objective.name() + " objective (" + target + ") is not met",
            "description", "{{ $value | humanizePercentage }} of " + objective.span() + " spans took longer than "
                + Numbers.humanDuration(objective.threshold()) + " over the last " + LATENCY_WINDOW
                + "; the objective allows " + Numbers.plain(Numbers.percent(allowed)) + "%.",
            "dashboard_uid", Dashboards.uidFor(journey)));
  }

  /** The background-jobs file, or {@code null} when no latency objective names a job span. */
  String backgroundJobsFile(JourneyCatalogue catalogue) {
    Map<String, JourneyDefinition> jobs = backgroundJobs(catalogue);
    if (jobs.isEmpty()) {
      return null;
    }
    List<String> header = new ArrayList<>(header());
    header.add("Background jobs: the spans that latency objectives name besides the journeys' own spans.");
    List<Rule> rules = new ArrayList<>();
    jobs.forEach((span, journey) -> {
      rules.add(Rule.record("cuj:job_error_ratio:rate" + JOB_WINDOW, queries.errorRatio(span, JOB_WINDOW),
          labels("span_name", span, "cuj_name", journey.name())));
    });
    jobs.forEach((span, journey) -> {
      String expr = "cuj:job_error_ratio:rate" + JOB_WINDOW + "{" + Queries.eq("span_name", span) + "} > "
          + Numbers.plain(JOB_MAX_FAILURE_RATIO);
      rules.add(Rule.alert("BackgroundJobFailureRate", expr, JOB_FOR,
          labels("severity", journey.critical() ? "page" : "ticket", "cuj_name", journey.name(), "span_name", span),
          labels(
              "summary", "Background job " + span + " of journey " + journey.name() + " is failing",
              "description", "{{ $value | humanizePercentage }} of " + span + " runs failed over the last "
                  + JOB_WINDOW + " (alerting above " + Numbers.plain(Numbers.percent(JOB_MAX_FAILURE_RATIO))
                  + "%): the journey's work is accepted but not finished.",
              "dashboard_uid", Dashboards.uidFor(journey))));
    });
    return RuleGroupsYaml.write(header, List.of(new Group("cuj-background-jobs", rules)));
  }

  /** Job span name -> the first journey whose objectives name it, in catalogue order. */
  static Map<String, JourneyDefinition> backgroundJobs(JourneyCatalogue catalogue) {
    Map<String, JourneyDefinition> jobs = new LinkedHashMap<>();
    for (JourneyDefinition journey : catalogue.journeys()) {
      journey.slo().ifPresent(slo -> slo.latency().stream()
          .map(LatencyObjective::span)
          .filter(span -> !span.equals(journey.spanName()))
          .forEach(span -> jobs.putIfAbsent(span, journey)));
    }
    return jobs;
  }

  private List<String> header() {
    return List.of(
        "Generated by cuj-grafana from " + source + ": do not edit by hand.",
        "Regenerate with the command in grafana/README.md; load with Prometheus rule_files or mimirtool rules load.");
  }

  private static Map<String, String> labels(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
