package com.techmart.cuj.infrastructure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The collector configuration ({@code spec.config}) of an OpenTelemetryCollector resource. */
record CollectorConfig(Infrastructure.K8sObject resource, Map<String, Object> config) {

  record Pipeline(String name, List<String> receivers, List<String> processors, List<String> exporters) {

    /** The signal of a pipeline id such as traces or metrics/spanmetrics. */
    String signal() {
      return type(name);
    }
  }

  static CollectorConfig of(Infrastructure.K8sObject resource) {
    if (!"OpenTelemetryCollector".equals(resource.kind())) {
      throw new IllegalArgumentException(resource + " is not an OpenTelemetryCollector");
    }
    return new CollectorConfig(resource, Yamls.map(resource.body(), "spec", "config"));
  }

  /** All OpenTelemetryCollector resources of the given objects. */
  static List<CollectorConfig> all(List<Infrastructure.K8sObject> objects) {
    return objects.stream().filter(o -> "OpenTelemetryCollector".equals(o.kind())).map(CollectorConfig::of).toList();
  }

  /** The component type of an id: otlphttp/grafana_cloud -> otlphttp. */
  static String type(String id) {
    int slash = id.indexOf('/');
    return slash < 0 ? id : id.substring(0, slash);
  }

  Map<String, Object> section(String name) {
    return Yamls.map(config, name);
  }

  /** The configuration of a component, or an empty map for one declared without settings. */
  Map<String, Object> component(String section, String id) {
    Object value = section(section).get(id);
    return value == null ? Map.of() : Yamls.asMap(value);
  }

  Map<String, Pipeline> pipelines() {
    Map<String, Pipeline> pipelines = new LinkedHashMap<>();
    Yamls.map(config, "service", "pipelines").forEach((name, body) -> pipelines.put(name, new Pipeline(
        name, strings(body, "receivers"), strings(body, "processors"), strings(body, "exporters"))));
    return pipelines;
  }

  Pipeline pipeline(String name) {
    Pipeline pipeline = pipelines().get(name);
    if (pipeline == null) {
      throw new AssertionError(resource + " has no pipeline " + name);
    }
    return pipeline;
  }

  List<String> serviceExtensions() {
    return strings(Yamls.at(config, "service"), "extensions");
  }

  private static List<String> strings(Object body, String key) {
    return Yamls.list(body, key).stream().map(String::valueOf).toList();
  }

  @Override
  public String toString() {
    return resource.toString();
  }
}
