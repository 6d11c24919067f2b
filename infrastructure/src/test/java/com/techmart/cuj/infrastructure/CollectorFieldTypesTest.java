package com.techmart.cuj.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every component of every collector configuration (receivers, processors, connectors, exporters,
 * extensions) against the field names and Go types its upstream {@code config.go} declares at the
 * pinned version (src/test/resources/collector-fields/). The collector decodes strictly: a YAML
 * number where the field is a string stops it from starting, which no other check here would see
 * (issue 18: the agent DaemonSet's loadbalancing {@code port: 4317}).
 */
class CollectorFieldTypesTest {

  static final Map<String, String> KINDS = Map.of(
      "receivers", "receiver", "processors", "processor", "exporters", "exporter", "extensions", "extension",
      "connectors", "connector");

  /** The field list of a component type in a section. */
  static String resourceFor(String section, String type) {
    if (section.equals("connectors") && type.equals("spanmetrics")) {
      return "spanmetrics-connector-fields.yaml";
    }
    return "collector-fields/" + type + "-" + KINDS.get(section) + ".yaml";
  }

  static Stream<Arguments> components() {
    List<Arguments> all = new ArrayList<>();
    for (CollectorConfig collector : CollectorConfig.all(Infrastructure.objects())) {
      for (String section : KINDS.keySet()) {
        for (String id : collector.section(section).keySet()) {
          all.add(Arguments.of(collector.resource().name() + " " + section + "." + id, collector, section, id));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("components")
  @DisplayName("every value has the type of its field at the pinned collector version")
  void everyValueHasItsFieldsType(String label, CollectorConfig collector, String section, String id) {
    String type = CollectorConfig.type(id);
    String resource = resourceFor(section, type);
    assertThat(DocumentedFields.exists(resource))
        .as("%s: no field list recorded for the %s %s (add %s from its upstream config.go)", label,
            KINDS.get(section), type, resource)
        .isTrue();
    DocumentedFields fields = DocumentedFields.resource(resource);
    assertThat(fields.type()).isEqualTo(type);
    assertThat(fields.version()).as("recorded for the pinned collector version").isEqualTo("0.136.0");
    assertThat(fields.problems(collector.component(section, id))).as(label).isEmpty();
  }

  @Test
  @DisplayName("a number where the field is a string is caught (the agent's resolver port as it was)")
  void aNumberForAStringFieldIsCaught() {
    DocumentedFields loadbalancing = DocumentedFields.resource(resourceFor("exporters", "loadbalancing"));
    Map<String, Object> asItWas = Map.of("routing_key", "traceID",
        "resolver", Map.of("dns", Map.of("hostname", "gateway-collector-headless", "port", 4317)));
    assertThat(loadbalancing.problems(asItWas)).containsExactly("resolver.dns.port: expected string, found '4317'");
    assertThat(loadbalancing.problems(Map.of("resolver", Map.of("dns", Map.of("port", "4317"))))).isEmpty();

    DocumentedFields batch = DocumentedFields.resource(resourceFor("processors", "batch"));
    assertThat(batch.problems(Map.of("timeout", 5, "send_batch_size", "8192")))
        .containsExactlyInAnyOrder("timeout: expected duration, found '5'", "send_batch_size: expected int, found '8192'");
  }
}
