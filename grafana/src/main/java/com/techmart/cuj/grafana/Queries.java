package com.techmart.cuj.grafana;

import java.math.BigDecimal;

/**
 * The PromQL that dashboards and rules share, written against the series the collector's
 * spanmetrics connector produces ({@code <namespace>_calls_total},
 * {@code <namespace>_duration_milliseconds_bucket|count}).
 *
 * <p>A journey's success is counted on its own span ({@code span_name="cuj.<name>"}): a span whose
 * status is not ERROR is a success, so expected business outcomes (status OK, {@code
 * cuj_outcome="expected"}) do not burn the error budget. Every ratio whose numerator may have no
 * series yet (a journey that never failed) falls back to zero instead of to "no data".
 */
final class Queries {

  static final String STATUS_ERROR = "STATUS_CODE_ERROR";
  static final String CLIENT = "SPAN_KIND_CLIENT";
  /** How a dependency is told apart: the remote host, or the database system for a DB call. */
  static final String DEPENDENCY_LABELS = "cuj_name, server_address, db_system";

  private final String namespace;

  Queries(String namespace) {
    this.namespace = namespace;
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

  // ---- one span (a journey span or a background job span) ----

  String all(String span) {
    return callsMetric() + "{" + eq("span_name", span) + "}";
  }

  String errors(String span) {
    return callsMetric() + "{" + eq("span_name", span) + ", status_code=\"" + STATUS_ERROR + "\"}";
  }

  String nonErrors(String span) {
    return callsMetric() + "{" + eq("span_name", span) + ", status_code!=\"" + STATUS_ERROR + "\"}";
  }

  String withOutcome(String span, String outcome) {
    return callsMetric() + "{" + eq("span_name", span) + ", " + eq("cuj_outcome", outcome) + "}";
  }

  /** Failed calls / all calls over the window, 0 when nothing failed, empty without traffic. */
  String errorRatio(String span, String window) {
    return "(sum(rate(" + errors(span) + "[" + window + "])) or vector(0))"
        + " / sum(rate(" + all(span) + "[" + window + "]))";
  }

  /** Non-error spans / all spans over the window, in percent. */
  String successPercent(String span, String window) {
    return "100 * (sum(increase(" + nonErrors(span) + "[" + window + "])) or vector(0))"
        + " / sum(increase(" + all(span) + "[" + window + "]))";
  }

  /** Share of the error budget not yet spent over the window, in percent (negative when overspent). */
  String budgetRemainingPercent(String span, String window, BigDecimal budget) {
    return "100 * (1 - ((sum(increase(" + errors(span) + "[" + window + "])) or vector(0))"
        + " / sum(increase(" + all(span) + "[" + window + "]))) / " + Numbers.plain(budget) + ")";
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

  String quantileMillis(BigDecimal quantile, String span, String window) {
    return "histogram_quantile(" + Numbers.plain(quantile) + ", sum by (le) (rate("
        + bucketMetric() + "{" + eq("span_name", span) + "}[" + window + "])))";
  }

  /**
   * Share of calls slower than {@code thresholdMillis}, read from the bucket whose upper bound is
   * the threshold. The {@code le} value is matched as written by the connector ({@code "500"}) and
   * as Prometheus 3 normalises it ({@code "500.0"}).
   */
  String slowRatio(String span, BigDecimal thresholdMillis, String window) {
    return "1 - (sum(rate(" + bucketMetric() + "{" + eq("span_name", span) + ", le=~\""
        + leRegex(thresholdMillis) + "\"}[" + window + "]))"
        + " / sum(rate(" + countMetric() + "{" + eq("span_name", span) + "}[" + window + "])))";
  }

  static String leRegex(BigDecimal bound) {
    String plain = Numbers.plain(bound);
    return plain.contains(".") ? plain.replace(".", "[.]") : plain + "([.]0)?";
  }

  // ---- dependencies: client spans of every service, grouped by journey ----

  /** Client spans that ran inside a journey, optionally of one journey only. */
  String clientCalls(String journey, boolean errorsOnly) {
    StringBuilder s = new StringBuilder(callsMetric()).append("{span_kind=\"").append(CLIENT).append('"');
    s.append(journey == null ? ", cuj_name!=\"\"" : ", " + eq("cuj_name", journey));
    if (errorsOnly) {
      s.append(", status_code=\"").append(STATUS_ERROR).append('"');
    }
    return s.append('}').toString();
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
    String journeys = "sum by (cuj_name) (increase(" + callsMetric() + "{"
        + (journey == null ? "span_name=~\"cuj[.].+\"" : eq("span_name", "cuj." + journey))
        + "}[" + window + "]))";
    return "100 * (" + byDependency("increase", journey, true, window) + " or "
        + byDependency("increase", journey, false, window) + " * 0) / on (cuj_name) group_left " + journeys;
  }

  // ---- the reference app's business funnel ----

  String funnelCount(String stage, String window) {
    return "sum(increase(" + funnelMetric() + "{" + eq("stage", stage) + "}[" + window + "]))";
  }

  String funnelConversionPercent(String first, String last, String window) {
    return "100 * " + funnelCount(last, window) + " / " + funnelCount(first, window);
  }

  String funnelStageRate(String window) {
    return "sum by (stage) (rate(" + funnelMetric() + "[" + window + "]))";
  }

  /** {@code label="value"} with the value escaped as a PromQL string. */
  static String eq(String label, String value) {
    return label + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
