package com.techmart.cuj.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlLabelsTest {

  @Test
  void matchersOfEveryOperatorAreFound() {
    assertThat(PromQlLabels.labelNames(
        "techmart_calls_total{cuj_name=\"checkout\", status_code!=\"STATUS_CODE_ERROR\", http_route=~\"/api/.*\", span_kind!~\"X\"}"))
        .containsExactly("cuj_name", "status_code", "http_route", "span_kind");
  }

  @Test
  void groupingClausesBeforeAndAfterTheAggregationAreFound() {
    assertThat(PromQlLabels.labelNames("sum by (le, cuj_name) (rate(x[5m]))")).containsExactly("le", "cuj_name");
    assertThat(PromQlLabels.labelNames("sum(rate(x[5m])) by (cuj_outcome)")).containsExactly("cuj_outcome");
    assertThat(PromQlLabels.labelNames("sum without (instance) (x)")).containsExactly("instance");
    assertThat(PromQlLabels.labelNames("a / on (cuj_name) group_left (service_name) b"))
        .containsExactly("cuj_name", "service_name");
  }

  @Test
  void bracesInsideStringsAndGrafanaVariablesAreNotMatchers() {
    assertThat(PromQlLabels.labelNames(
        "sum(rate(x{span_name=\"cuj.{weird=1}\", cuj_name=\"${journey}\"}[${__range}]))"))
        .containsExactly("span_name", "cuj_name");
    assertThat(PromQlLabels.labelNames("x{cuj_name=\"$journey\"}[$__rate_interval] # by (not_a_label)"))
        .containsExactly("cuj_name");
  }

  @Test
  void grafanaLabelValuesQueriesNameTheirLabel() {
    assertThat(PromQlLabels.labelNames("label_values(techmart_calls_total{service_name=\"api\"}, cuj_name)"))
        .containsExactlyInAnyOrder("cuj_name", "service_name");
    assertThat(PromQlLabels.labelNames("label_values(http_route)")).containsExactly("http_route");
  }

  @Test
  void functionNamesAndMetricNamesAreNotLabels() {
    assertThat(PromQlLabels.labelNames("histogram_quantile(0.99, rate(techmart_duration_milliseconds_bucket[5m]))"))
        .isEmpty();
  }
}
