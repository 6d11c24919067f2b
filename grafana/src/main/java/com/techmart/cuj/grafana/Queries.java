package com.techmart.cuj.grafana;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The PromQL that dashboards and rules share, written against the series the collector's
 * spanmetrics connector produces ({@code <namespace>_calls_total},
 * {@code <namespace>_duration_milliseconds_bucket|count}). Every metric selector carries the
 * {@link Selector}'s matchers (e.g. one environment).
 *
 * <p>The SLIs are DESIGN §4's, read from {@code cuj_outcome} on the journey's own span ({@code
 * span_name="cuj.<name>"}): availability is success / (success + error), so expected outcomes
 * (a 404, an out-of-stock) and cancellations are neither good nor bad and a flood of cheap 4xx
 * cannot dilute an outage; latency counts success and cancelled journeys (a user who gave up
 * waited too). Spans that are not journey spans (a background stage such as {@code
 * order.process}) carry no outcome: their errors are status ERROR and every run counts for
 * latency. Every ratio whose numerator may have no series yet (a journey that never failed)
 * falls back to zero instead of to "no data".
 */
final class Queries {

  static final String STATUS_ERROR = "STATUS_CODE_ERROR";
  static final String CLIENT = "SPAN_KIND_CLIENT";
  /** How a dependency is told apart: the remote host, or the database system for a DB call. */
  static final String DEPENDENCY_LABELS = "cuj_name, server_address, db_system";
  static final String GOOD = "cuj_outcome=\"success\"";
  static final String BAD = "cuj_outcome=\"error\"";
  static final String GOOD_OR_BAD = "cuj_outcome=~\"success|error\"";
  static final String LATENCY_OUTCOMES = "cuj_outcome=~\"success|cancelled\"";

  private final String namespace;
  private final Selector selector;

  Queries(String namespace, Selector selector) {
    this.namespace = namespace;
    this.selector = selector;
  }

  Selector selector() {
    return selector;
  }

  String callsMetric() {
    return namespace + "_calls_total";
  }

  String bucketMetric() {
    return namespace + "_duration_milliseconds_bucket";
  }

  String countMetric() {
    return namespace + "_duration_milliseconds_count";
  }

  String funnelMetric() {
    return namespace + "_funnel_total";
  }

  /** {@code metric{matchers..., selector...}}. */
  String select(String metric, String... matchers) {
    if (matchers.length == 0 && selector.matchers().isEmpty()) {
      return metric;
    }
    return metric + "{" + String.join(", ", matchers) + (matchers.length == 0 ? selector.toString() : selector.suffix()) + "}";
  }

  /**
   * Browser journey spans as the storefront's ingestion names them ({@code cuj.browser.<name>}):
   * untrusted input, kept out of every server-side figure and shown only as user-perceived latency.
   */
  static final String BROWSER_SPANS = "cuj[.]browser[.].+";

  static String browserSpan(String journey) {
    return "cuj.browser." + journey;
  }

  /** Journey spans carry {@code cuj_outcome}; other spans (background stages) do not. */
  static boolean isJourneySpan(String span) {
    return span.startsWith("cuj.") && !span.startsWith("cuj.browser.");
  }

  // ---- one span (a journey span or a background job span) ----

  String all(String span) {
    return select(callsMetric(), eq("span_name", span));
  }

  /** Failed journeys ({@code cuj_outcome="error"}); for other spans, status ERROR. */
  String errors(String span) {
    return isJourneySpan(span)
        ? select(callsMetric(), eq("span_name", span), BAD)
        : select(callsMetric(), eq("span_name", span), "status_code=\"" + STATUS_ERROR + "\"");
  }

  /** The availability SLI's denominator: success and error outcomes; every run of other spans. */
  String goodOrBad(String span) {
    return isJourneySpan(span) ? select(callsMetric(), eq("span_name", span), GOOD_OR_BAD) : all(span);
  }

  String good(String span) {
    return select(callsMetric(), eq("span_name", span), GOOD);
  }

  String withOutcome(String span, String outcome) {
    return select(callsMetric(), eq("span_name", span), eq("cuj_outcome", outcome));
  }

  /** The journey is reporting at all: no series means the pipeline or the service stopped. */
  String absent(String span) {
    return "absent(" + all(span) + ")";
  }

  /** Errors / (successes + errors) over the window, 0 when nothing failed, empty without traffic. */
  String errorRatio(String span, String window) {
    return "(sum(rate(" + errors(span) + "[" + window + "])) or vector(0))"
        + " / sum(rate(" + goodOrBad(span) + "[" + window + "]))";
  }

  /** Successes / (successes + errors) over the window, in percent. */
  String successPercent(String span, String window) {
    return "100 * (sum(increase(" + good(span) + "[" + window + "])) or vector(0))"
        + " / sum(increase(" + goodOrBad(span) + "[" + window + "]))";
  }

  /** Share of the error budget not yet spent over the window, in percent (negative when overspent). */
  String budgetRemainingPercent(String span, String window, BigDecimal budget) {
    return "100 * (1 - ((sum(increase(" + errors(span) + "[" + window + "])) or vector(0))"
        + " / sum(increase(" + goodOrBad(span) + "[" + window + "]))) / " + Numbers.plain(budget) + ")";
  }

  /** How many times faster than allowed the budget is being spent: 1 = exactly on budget. */
  String burnRate(String span, String window, BigDecimal budget) {
    return "(" + errorRatio(span, window) + ") / " + Numbers.plain(budget);
  }

  String requestRate(String span, String window) {
    return "sum(rate(" + all(span) + "[" + window + "]))";
  }

  String errorRatePercent(String span, String window) {
    return "100 * " + errorRatio(span, window);
  }

  String count(String selector, String window) {
    return "sum(increase(" + selector + "[" + window + "])) or vector(0)";
  }

  /** Durations the latency SLI counts: success and cancelled journeys, every run of other spans. */
  private String[] latencyMatchers(String span, String... more) {
    List<String> m = new ArrayList<>();
    m.add(eq("span_name", span));
    if (isJourneySpan(span)) {
      m.add(LATENCY_OUTCOMES);
    }
    m.addAll(List.of(more));
    return m.toArray(String[]::new);
  }

  String quantileMillis(BigDecimal quantile, String span, String window) {
    return "histogram_quantile(" + Numbers.plain(quantile) + ", sum by (le) (rate("
        + select(bucketMetric(), latencyMatchers(span)) + "[" + window + "])))";
  }

  /**
   * Share of calls slower than {@code thresholdMillis}, read from the bucket whose upper bound is
   * the threshold, matched in every spelling a pipeline writes it ({@link #leRegex}).
   */
  String slowRatio(String span, BigDecimal thresholdMillis, String window) {
    return "1 - (sum(rate(" + select(bucketMetric(), latencyMatchers(span, "le=~\"" + leRegex(thresholdMillis) + "\""))
        + "[" + window + "]))"
        + " / sum(rate(" + select(countMetric(), latencyMatchers(span)) + "[" + window + "])))";
  }

  /**
   * The {@code le} values a bound may arrive as: as the connector writes it ({@code "500"}), as
   * Prometheus 3 normalises it ({@code "500.0"}), and in Go's shortest {@code %g} form that scrape
   * paths use, which turns bounds from 1e6 on into exponent form ({@code 1800000} -> {@code
   * "1.8e+06"}).
   */
  static String leRegex(BigDecimal bound) {
    String plain = Numbers.plain(bound);
    String regex = plain.contains(".") ? plain.replace(".", "[.]") : plain + "([.]0)?";
    String g = goShortestG(bound);
    if (!g.equals(plain)) {
      regex += "|" + g.replace(".", "[.]").replace("+", "[+]");
    }
    return regex;
  }

  /** Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} for a positive decimal. */
  static String goShortestG(BigDecimal value) {
    BigDecimal v = value.stripTrailingZeros();
    String digits = v.unscaledValue().toString();
    int exp = digits.length() - v.scale() - 1;
    if (exp < -4 || exp >= 6) {
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
    return Numbers.plain(value);
  }

  // ---- dependencies: client spans of every service, grouped by journey ----

  /** Client spans that ran inside a journey, optionally of one journey only. */
  String clientCalls(String journey, boolean errorsOnly) {
    List<String> m = new ArrayList<>();
    m.add("span_kind=\"" + CLIENT + "\"");
    m.add(journey == null ? "cuj_name!=\"\"" : eq("cuj_name", journey));
    if (errorsOnly) {
      m.add("status_code=\"" + STATUS_ERROR + "\"");
    }
    return select(callsMetric(), m.toArray(String[]::new));
  }

  /** {@code sum by (journey, dependency) (fn(client spans[window]))}. */
  private String byDependency(String fn, String journey, boolean errorsOnly, String window) {
    return "sum by (" + DEPENDENCY_LABELS + ") (" + fn + "(" + clientCalls(journey, errorsOnly) + "[" + window + "]))";
  }

  String dependencyCallRate(String journey, String window) {
    return byDependency("rate", journey, false, window);
  }

  /** Failed calls / calls per journey and dependency, 0 for a dependency that never failed. */
  String dependencyErrorRatio(String journey, String window) {
    String all = byDependency("increase", journey, false, window);
    return "(" + byDependency("increase", journey, true, window) + " or " + all + " * 0) / " + all;
  }

  /**
   * Failed calls to each dependency per journey run, in percent: how much error each dependency
   * adds to each journey (an upper bound: a journey may survive a failed call).
   */
  String dependencyErrorsPerJourneyPercent(String journey, String window) {
    String journeys = "sum by (cuj_name) (increase("
        + (journey == null
            ? select(callsMetric(), "span_name=~\"cuj[.].+\"", "span_name!~\"" + BROWSER_SPANS + "\"")
            : select(callsMetric(), eq("span_name", "cuj." + journey)))
        + "[" + window + "]))";
    return "100 * (" + byDependency("increase", journey, true, window) + " or "
        + byDependency("increase", journey, false, window) + " * 0) / on (cuj_name) group_left " + journeys;
  }

  // ---- the reference app's business funnel ----

  String funnelCount(String stage, String window) {
    return "sum(increase(" + select(funnelMetric(), eq("stage", stage)) + "[" + window + "]))";
  }

  String funnelConversionPercent(String first, String last, String window) {
    return "100 * " + funnelCount(last, window) + " / " + funnelCount(first, window);
  }

  String funnelStageRate(String window) {
    return "sum by (stage) (rate(" + select(funnelMetric()) + "[" + window + "]))";
  }

  /** {@code label="value"} with the value escaped as a PromQL string. */
  static String eq(String label, String value) {
    return label + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
