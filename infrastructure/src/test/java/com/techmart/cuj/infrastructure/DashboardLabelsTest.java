package com.techmart.cuj.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every label the dashboards and alert rules of {@code grafana/} filter or group by must be one
 * the spanmetrics connector produces (or an exempt built-in/business label). The real files are
 * checked when present; a committed fixture shaped like them is always checked.
 */
class DashboardLabelsTest {

  /** Prometheus labels made from the dimensions of the collector's spanmetrics connector. */
  static Set<String> connectorLabels() {
    CollectorConfig collector = CollectorConfig.of(
        Infrastructure.only(Infrastructure.defaultDeployment(), "OpenTelemetryCollector", "otel"));
    return Yamls.list(collector.component("connectors", "spanmetrics"), "dimensions").stream()
        .map(d -> Yamls.string(d, "name"))
        .map(GrafanaLabelCheck::prometheusLabel)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  static Path resource(String name) {
    try {
      return Path.of(DashboardLabelsTest.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("fixture dashboards and rules group only by connector dimensions")
  void fixtureUsesOnlyConnectorLabels() {
    Path fixture = resource("grafana-fixture");

    assertThat(GrafanaLabelCheck.violations(fixture, connectorLabels())).isEmpty();
    // The check saw the labels it was meant to see, including those in templating variables,
    // grouping clauses after the aggregation, and rule expressions.
    assertThat(GrafanaLabelCheck.usages(fixture).stream().map(GrafanaLabelCheck.Usage::label))
        .contains("cuj_name", "cuj_outcome", "http_route", "http_request_method",
            "http_response_status_code", "db_system", "server_address", "slo_window")
        .doesNotContain("span", "status"); // the Tempo (TraceQL) panel is not PromQL
  }

  @Test
  @DisplayName("the repository's grafana/ dashboards and rules group only by connector dimensions")
  void repositoryGrafanaUsesOnlyConnectorLabels() {
    Path grafana = Infrastructure.repositoryRoot().resolve("grafana");
    assumeTrue(GrafanaLabelCheck.hasContent(grafana),
        "grafana/dashboards/*.json and grafana/rules/*.yaml are not on this branch yet; only the fixture was checked");

    List<GrafanaLabelCheck.Usage> violations = GrafanaLabelCheck.violations(grafana, connectorLabels());

    assertThat(violations)
        .as("labels used by grafana/ that the spanmetrics connector does not produce "
            + "(add the span attribute as a connector dimension in k8s/telemetry/collector.yaml)")
        .isEmpty();
    assertThat(GrafanaLabelCheck.usages(grafana)).as("label uses found in grafana/").isNotEmpty();
  }

  @Test
  @DisplayName("a dashboard or rule grouping by a label the connector never sets is reported")
  void unknownLabelsAreReported() {
    Path fixture = resource("grafana-fixture-unknown-label");

    List<GrafanaLabelCheck.Usage> violations = GrafanaLabelCheck.violations(fixture, connectorLabels());

    assertThat(violations).extracting(GrafanaLabelCheck.Usage::label)
        .containsExactlyInAnyOrder("region", "k8s_pod_name");
    assertThat(violations).extracting(v -> v.file().getFileName().toString())
        .containsExactlyInAnyOrder("by-region.json", "pods.yaml");
  }

  @Test
  @DisplayName("connector labels are the contract's: cuj_name, cuj_outcome, http_*, db_system, server_address")
  void connectorLabelsMatchTheContract() {
    assertThat(connectorLabels()).containsExactlyInAnyOrder(
        "cuj_name", "cuj_outcome", "http_route", "http_request_method", "http_response_status_code",
        "db_system", "server_address");
  }
}
