package com.techmart.cuj.grafana;

import com.techmart.cuj.BrowserObjective;
import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.JourneyDefinition;
import com.techmart.cuj.LatencyObjective;
import com.techmart.cuj.ServiceLevelObjective;
import com.techmart.cuj.grafana.RuleGroupsYaml.Group;
import com.techmart.cuj.grafana.RuleGroupsYaml.Rule;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus rules of one journey, and of the background jobs the catalogue names.
 *
 * <ul>
 *   <li>Recording rules {@code cuj:error_ratio:rate<window>{cuj_name}}: errors / (successes +
 *       errors) of the journey span over 5m, 30m, 1h, 2h, 6h, 1d and 3d (DESIGN §4: expected and
 *       cancelled outcomes are neither), and {@code cuj:slow_ratio:rate<window>{cuj_name,
 *       objective}} per latency objective over the same windows.
 *   <li>Multi-window, multi-burn-rate alerts on every objective, availability and latency alike,
 *       one rule per window pair: {@code ...FastBurn} when 2% of the budget burns within 1h (5m
 *       confirming) or 5% within 6h (30m confirming), paging for a critical journey;
 *       {@code ...SlowBurn} (ticket) for 10% within 1d (2h) or 3d (6h). The factors follow from
 *       the journey's own SLO window (Sloth): budget share x SLO window / long window, so a 7d
 *       objective pages from 3.36x where a 30d one pages from 14.4x. The alert's value is the burn
 *       multiple over its long window; its labels name the window pair and the factor.
 *   <li>{@code JourneyMetricsAbsent}: the journey span's series are gone for 15m (collector or
 *       export down): every other alert of the journey would be blind.
 *   <li>{@code BackgroundJobFailureRate}: more than 5% of a background job span (a span a latency
 *       objective names other than the journey's own) failing over 10m, for 5m.
 * </ul>
 *
 * <p>Every alert links a runbook ({@code runbook_url}) when one is known, and the dashboard panel
 * that shows its objective ({@code __dashboardUid__}, {@code __panelId__}: how Grafana ties a
 * data-source rule to a panel). Availability and each latency objective get a group of their own
 * (recording rules first, so an alert reads ratios of the same evaluation), so no group grows past
 * Mimir's default limit of 20 rules however many objectives a journey has.
 */
final class AlertRules {

  /** A window pair: alert when this share of the budget burns within the long window. */
  record BurnWindows(BigDecimal budgetShare, String longWindow, String shortWindow, boolean fast) {

    BigDecimal factor(Duration sloWindow) {
      return Numbers.burnFactor(budgetShare, sloWindow, Numbers.parsePromDuration(longWindow));
    }

    /** How long the whole budget lasts at this pair's factor, whatever the SLO window. */
    String exhaustion() {
      Duration d = Numbers.parsePromDuration(longWindow);
      return Numbers.humanSpan(Duration.ofSeconds(
          BigDecimal.valueOf(d.toSeconds()).divide(budgetShare, java.math.MathContext.DECIMAL64).longValue()));
    }
  }

  static final List<BurnWindows> PAIRS = List.of(
      new BurnWindows(new BigDecimal("0.02"), "1h", "5m", true),
      new BurnWindows(new BigDecimal("0.05"), "6h", "30m", true),
      new BurnWindows(new BigDecimal("0.10"), "1d", "2h", false),
      new BurnWindows(new BigDecimal("0.10"), "3d", "6h", false));
  static final List<String> RATIO_WINDOWS = List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d");
  static final String ABSENT_FOR = "15m";
  static final String JOB_WINDOW = "10m";
  static final String JOB_FOR = "5m";
  static final BigDecimal JOB_MAX_FAILURE_RATIO = new BigDecimal("0.05");
  static final String JOBS_FILE = "background-jobs.yaml";
  private static final String VALUE = "{{ $value | printf \"%.1f\" }}";

  private final Queries queries;
  private final String source;
  private final Dashboards dashboards;
  private final String runbookBase;

  AlertRules(Queries queries, String source, Dashboards dashboards, String runbookBase) {
    this.queries = queries;
    this.source = source;
    this.dashboards = dashboards;
    this.runbookBase = runbookBase == null ? "" : runbookBase;
  }

  static String fileName(JourneyDefinition journey) {
    return journey.name() + ".rules.yaml";
  }

  String journeyFile(JourneyDefinition journey) {
    String name = journey.name();
    List<String> header = new ArrayList<>(header());
    header.add("Journey " + name + (journey.critical() ? " (critical)" : " (not critical: never pages)")
        + (journey.description().isEmpty() ? "" : ": " + journey.description()));
    if (!queries.selector().matchers().isEmpty()) {
      header.add("Every query selects " + queries.selector() + ".");
    }

    List<Rule> availability = new ArrayList<>();
    for (String window : RATIO_WINDOWS) {
      availability.add(Rule.record("cuj:error_ratio:rate" + window, queries.errorRatio(journey.spanName(), window),
          recordLabels("cuj_name", name)));
    }
    List<Group> groups = new ArrayList<>();
    groups.add(new Group("cuj-" + name, availability));
    if (journey.slo().isEmpty()) {
      header.add("No objective in the catalogue: error ratios are recorded, nothing alerts.");
      return RuleGroupsYaml.write(header, groups);
    }
    ServiceLevelObjective slo = journey.slo().get();
    BigDecimal budget = Numbers.errorBudget(slo.availability());
    String window = Numbers.promDuration(slo.window());
    header.add("Objective: " + Numbers.plain(slo.availability()) + "% of " + journey.spanName()
        + " spans succeed over " + window + " (error budget " + Numbers.plain(budget)
        + "); burn factors for a " + window + " window: "
        + PAIRS.stream().map(p -> Numbers.plain(p.factor(slo.window())) + "x/" + p.longWindow()).reduce((a, b) -> a + ", " + b).orElse("")
        + ".");

    Dashboards.PanelLink availabilityPanel = dashboards.availabilityPanel(journey);
    String selected = selectorOf("cuj_name", name);
    for (BurnWindows pair : PAIRS) {
      BigDecimal factor = pair.factor(slo.window());
      String description = "Over the last " + pair.longWindow() + " " + name + " failed " + VALUE
          + "x as often as its objective allows, and still does over the last " + pair.shortWindow() + ". Objective: "
          + Numbers.plain(slo.availability()) + "% of " + name + " journeys succeed over " + window
          + " (success / (success + error); expected and cancelled outcomes count as neither). "
          + alertingFrom(pair, factor, window, "error budget");
      availability.add(burnAlert(pair.fast() ? "JourneyErrorBudgetFastBurn" : "JourneyErrorBudgetSlowBurn",
          "cuj:error_ratio:rate", selected, budget, pair, factor, journey, true,
          labels("cuj_name", name, "cuj_critical", String.valueOf(journey.critical())),
          "Journey " + name + " is burning its error budget " + (pair.fast() ? "fast" : "slowly"),
          description, availabilityPanel));
    }
    availability.add(Rule.alert("JourneyMetricsAbsent", queries.absent(journey.spanName()), ABSENT_FOR,
        labels("severity", journey.critical() ? "page" : "ticket", "cuj_name", name, "cuj_critical", String.valueOf(journey.critical())),
        annotations(journey, availabilityPanel,
            "summary", "No metrics for journey " + name,
            "description", "No " + queries.callsMetric() + " series of " + journey.spanName() + " for " + ABSENT_FOR
                + ": the services, the collector's spanmetrics connector or the export to this Prometheus stopped,"
                + " and every SLO alert of " + name + " is blind until they are back.")));

    for (LatencyObjective objective : slo.latency()) {
      groups.add(new Group("cuj-" + name + "." + objective.name(), latencyRules(journey, slo, objective)));
    }
    slo.browser().ifPresent(browser -> groups.add(new Group("cuj-" + name + ".browser", browserRules(journey, slo, browser))));
    return RuleGroupsYaml.write(header, groups);
  }

  private List<Rule> latencyRules(JourneyDefinition journey, ServiceLevelObjective slo, LatencyObjective objective) {
    String name = journey.name();
    List<Rule> rules = new ArrayList<>();
    for (String window : RATIO_WINDOWS) {
      rules.add(Rule.record("cuj:slow_ratio:rate" + window,
          queries.slowRatio(objective.span(), Numbers.millis(objective.threshold()), window),
          recordLabels("cuj_name", name, "objective", objective.name(), "span_name", objective.span())));
    }
    BigDecimal allowed = Numbers.allowedSlowRatio(objective.percentile());
    String window = Numbers.promDuration(slo.window());
    String threshold = Numbers.humanDuration(objective.threshold());
    String target = "p" + Numbers.plain(objective.percentile()) + " of " + objective.span() + " below " + threshold;
    String counted = Queries.isJourneySpan(objective.span())
        ? "success and cancelled journeys count" : "every " + objective.span() + " run counts";
    Dashboards.PanelLink panel = dashboards.latencyPanel(journey, objective);
    String selected = selectorOf("cuj_name", name, "objective", objective.name());
    for (BurnWindows pair : PAIRS) {
      BigDecimal factor = pair.factor(slo.window());
      String description = "Over the last " + pair.longWindow() + " " + VALUE + "x as many " + objective.span()
          + " spans as the objective allows took longer than " + threshold + ", and still do over the last "
          + pair.shortWindow() + ". Objective: " + target + " over " + window + " ("
          + Numbers.plain(Numbers.percent(allowed)) + "% may be slower; " + counted + "). "
          + alertingFrom(pair, factor, window, "latency budget");
      rules.add(burnAlert(pair.fast() ? "JourneyLatencyBudgetFastBurn" : "JourneyLatencyBudgetSlowBurn",
          "cuj:slow_ratio:rate", selected, allowed, pair, factor, journey, true,
          labels("cuj_name", name, "cuj_critical", String.valueOf(journey.critical()),
              "objective", objective.name(), "span_name", objective.span()),
          "Journey " + name + ": " + objective.name() + " objective (" + target + ") is burning its budget "
              + (pair.fast() ? "fast" : "slowly"),
          description, panel));
    }
    return rules;
  }

  /**
   * The user-perceived objective (click to rendered, from the storefront's {@code
   * cuj.browser.<name>} spans): the same burn-rate windows, but every alert is a ticket. Browser
   * spans are untrusted input and carry the shopper's own network and device: never a page.
   */
  private List<Rule> browserRules(JourneyDefinition journey, ServiceLevelObjective slo, BrowserObjective browser) {
    String name = journey.name();
    String span = Queries.browserSpan(name);
    List<Rule> rules = new ArrayList<>();
    for (String window : RATIO_WINDOWS) {
      rules.add(Rule.record("cuj:browser_slow_ratio:rate" + window,
          queries.slowRatio(span, Numbers.millis(browser.threshold()), window),
          recordLabels("cuj_name", name, "span_name", span)));
    }
    BigDecimal allowed = Numbers.allowedSlowRatio(browser.percentile());
    String window = Numbers.promDuration(slo.window());
    String threshold = Numbers.humanDuration(browser.threshold());
    Dashboards.PanelLink panel = dashboards.browserPanel(journey);
    String selected = selectorOf("cuj_name", name);
    for (BurnWindows pair : PAIRS) {
      BigDecimal factor = pair.factor(slo.window());
      String description = "Over the last " + pair.longWindow() + " " + VALUE + "x as many shoppers as the objective"
          + " allows waited longer than " + threshold + " from click to rendered result, and still do over the last "
          + pair.shortWindow() + ". Objective: p" + Numbers.plain(browser.percentile()) + " of " + span
          + " (measured in the browser) below " + threshold + " over " + window + " ("
          + Numbers.plain(Numbers.percent(allowed)) + "% may be slower). Browser timings are untrusted and include"
          + " the shopper's network and device: a ticket, never a page. "
          + alertingFrom(pair, factor, window, "user-perceived latency budget");
      rules.add(burnAlert("JourneyBrowserLatencyBudgetBurn", "cuj:browser_slow_ratio:rate", selected, allowed, pair,
          factor, journey, false, labels("cuj_name", name, "cuj_critical", String.valueOf(journey.critical()), "span_name", span),
          "Journey " + name + ": shoppers wait longer than " + threshold + " (p" + Numbers.plain(browser.percentile())
              + ", click to rendered)",
          description, panel));
    }
    return rules;
  }

  private static String alertingFrom(BurnWindows pair, BigDecimal factor, String window, String budgetName) {
    return "Alerting from " + Numbers.plain(factor) + "x: " + Numbers.plain(Numbers.percent(pair.budgetShare()))
        + "% of the " + window + " " + budgetName + " gone in " + pair.longWindow() + ", all of it in "
        + pair.exhaustion() + ".";
  }

  private Rule burnAlert(String alert, String recorded, String selected, BigDecimal budget, BurnWindows pair,
      BigDecimal factor, JourneyDefinition journey, boolean mayPage, Map<String, String> identity, String summary,
      String description, Dashboards.PanelLink panel) {
    String limit = " / " + Numbers.plain(budget) + " > " + Numbers.plain(factor);
    String expr = recorded + pair.longWindow() + "{" + selected + "}" + limit + "\nand\n"
        + recorded + pair.shortWindow() + "{" + selected + "}" + limit;
    Map<String, String> labels = labels("severity", mayPage && pair.fast() && journey.critical() ? "page" : "ticket");
    labels.putAll(identity);
    labels.put("long_window", pair.longWindow());
    labels.put("short_window", pair.shortWindow());
    labels.put("burn_factor", Numbers.plain(factor));
    return Rule.alert(alert, expr, null, labels,
        annotations(journey, panel, "summary", summary, "description", description));
  }

  /** Summary and description, then the runbook and the panel to open. */
  private Map<String, String> annotations(JourneyDefinition journey, Dashboards.PanelLink panel, String... kv) {
    Map<String, String> a = labels(kv);
    runbook(journey).ifPresent(url -> a.put("runbook_url", url));
    a.put("__dashboardUid__", panel.dashboardUid());
    a.put("__panelId__", String.valueOf(panel.panelId()));
    return a;
  }

  /** The catalogue's runbook of the journey, else {@code --runbook-base} + its name. */
  java.util.Optional<String> runbook(JourneyDefinition journey) {
    if (journey.runbook().isPresent()) {
      return journey.runbook().map(java.net.URI::toString);
    }
    if (runbookBase.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(runbookBase + (runbookBase.endsWith("/") ? "" : "/") + journey.name());
  }

  /** Labels of a recorded series: its own, then the selector's fixed labels. */
  private Map<String, String> recordLabels(String... kv) {
    Map<String, String> l = labels(kv);
    l.putAll(queries.selector().equalities());
    return l;
  }

  /** A selector for recorded series: the given labels and the selector's fixed labels. */
  private String selectorOf(String... kv) {
    List<String> m = new ArrayList<>();
    recordLabels(kv).forEach((k, v) -> m.add(Queries.eq(k, v)));
    return String.join(", ", m);
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
          recordLabels("span_name", span, "cuj_name", journey.name())));
    });
    jobs.forEach((span, journey) -> {
      String expr = "cuj:job_error_ratio:rate" + JOB_WINDOW + "{" + selectorOf("span_name", span) + "} > "
          + Numbers.plain(JOB_MAX_FAILURE_RATIO);
      LatencyObjective objective = journey.slo().orElseThrow().latency().stream()
          .filter(o -> o.span().equals(span)).findFirst().orElseThrow();
      rules.add(Rule.alert("BackgroundJobFailureRate", expr, JOB_FOR,
          labels("severity", journey.critical() ? "page" : "ticket", "cuj_name", journey.name(), "span_name", span),
          annotations(journey, dashboards.latencyPanel(journey, objective),
              "summary", "Background job " + span + " of journey " + journey.name() + " is failing",
              "description", "{{ $value | humanizePercentage }} of " + span + " runs failed over the last "
                  + JOB_WINDOW + " (alerting above " + Numbers.plain(Numbers.percent(JOB_MAX_FAILURE_RATIO))
                  + "%): the journey's work is accepted but not finished.")));
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
