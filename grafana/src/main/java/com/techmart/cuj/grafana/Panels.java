package com.techmart.cuj.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Grafana panel JSON (schema of Grafana 10 and later) and a layout that places panels left to
 * right on the 24-column grid, wrapping when a row is full.
 */
final class Panels {

  static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  /**
   * The dashboards' {@code datasource} template variable: it resolves on UI import, provisioning
   * and Terraform alike, where an import input ({@code ${DS_PROMETHEUS}}) stays literal.
   */
  static final String DATASOURCE_VARIABLE = "${datasource}";

  private final ArrayNode panels = JSON.arrayNode();
  private int nextId = 1;
  private int x;
  private int y;
  private int lineHeight;

  ArrayNode panels() {
    return panels;
  }

  /** A row header; the panels added after it belong to it. */
  void row(String title) {
    newLine();
    ObjectNode row = JSON.objectNode();
    row.put("collapsed", false);
    row.set("gridPos", gridPos(1, 24, 0, y));
    row.put("id", nextId++);
    row.set("panels", JSON.arrayNode());
    row.put("title", title);
    row.put("type", "row");
    panels.add(row);
    y += 1;
  }

  /**
   * Places a panel of the given size after the previous one, wrapping to a new line if needed.
   *
   * @return the panel's id (alerts link to it)
   */
  int add(ObjectNode panel, int width, int height) {
    if (x + width > 24) {
      newLine();
    }
    int id = nextId++;
    panel.put("id", id);
    panel.set("gridPos", gridPos(height, width, x, y));
    panels.add(panel);
    x += width;
    lineHeight = Math.max(lineHeight, height);
    return id;
  }

  /** Columns left on the current line. */
  int remaining() {
    return 24 - x;
  }

  private void newLine() {
    if (x > 0) {
      y += lineHeight;
      x = 0;
      lineHeight = 0;
    }
  }

  private static ObjectNode gridPos(int h, int w, int x, int y) {
    ObjectNode pos = JSON.objectNode();
    pos.put("h", h);
    pos.put("w", w);
    pos.put("x", x);
    pos.put("y", y);
    return pos;
  }

  // ---- panel kinds ----

  static ObjectNode stat(String title, String description, String unit, Integer decimals,
      List<Step> thresholds, List<ObjectNode> targets) {
    ObjectNode p = base("stat", title, description, fieldDefaults(unit, decimals, thresholds), targets);
    ObjectNode options = JSON.objectNode();
    options.put("colorMode", thresholds.size() > 1 ? "background" : "value");
    options.put("graphMode", "none");
    options.put("justifyMode", "auto");
    options.put("orientation", "auto");
    options.set("reduceOptions", lastValue());
    options.put("textMode", targets.size() > 1 ? "value_and_name" : "auto");
    p.set("options", options);
    return p;
  }

  static ObjectNode gauge(String title, String description, String unit, Integer decimals,
      BigDecimal min, BigDecimal max, List<Step> thresholds, List<ObjectNode> targets) {
    ObjectNode defaults = fieldDefaults(unit, decimals, thresholds);
    defaults.set("min", number(min));
    defaults.set("max", number(max));
    ObjectNode p = base("gauge", title, description, defaults, targets);
    ObjectNode options = JSON.objectNode();
    options.put("orientation", "auto");
    options.set("reduceOptions", lastValue());
    options.put("showThresholdLabels", false);
    options.put("showThresholdMarkers", true);
    p.set("options", options);
    return p;
  }

  /**
   * A time series; with more than one threshold step, the steps are drawn as dashed lines (the
   * target the series is held against).
   */
  static ObjectNode timeseries(String title, String description, String unit, List<Step> thresholds,
      boolean stacked, List<ObjectNode> targets) {
    ObjectNode defaults = fieldDefaults(unit, null, thresholds);
    defaults.set("color", JSON.objectNode().put("mode", "palette-classic"));
    ObjectNode custom = JSON.objectNode();
    custom.put("drawStyle", stacked ? "bars" : "line");
    custom.put("fillOpacity", stacked ? 80 : 10);
    custom.put("lineWidth", 1);
    custom.put("showPoints", "never");
    custom.put("spanNulls", false);
    custom.set("stacking", JSON.objectNode().put("group", "A").put("mode", stacked ? "normal" : "none"));
    custom.set("thresholdsStyle", JSON.objectNode().put("mode", thresholds.size() > 1 ? "dashed" : "off"));
    defaults.set("custom", custom);
    ObjectNode p = base("timeseries", title, description, defaults, targets);
    ObjectNode options = JSON.objectNode();
    options.set("legend", JSON.objectNode().put("displayMode", "list").put("placement", "bottom").put("showLegend", true));
    options.set("tooltip", JSON.objectNode().put("mode", "multi").put("sort", "desc"));
    p.set("options", options);
    return p;
  }

  static ObjectNode barGauge(String title, String description, String unit, List<ObjectNode> targets) {
    ObjectNode p = base("bargauge", title, description, fieldDefaults(unit, 0, List.of(new Step("blue", null))), targets);
    ObjectNode options = JSON.objectNode();
    options.put("displayMode", "gradient");
    options.put("orientation", "horizontal");
    options.set("reduceOptions", lastValue());
    options.put("showUnfilled", true);
    p.set("options", options);
    return p;
  }

  /** A table of instant queries merged on their labels; {@code columns} names each query's value. */
  static ObjectNode table(String title, String description, List<ObjectNode> targets, List<Column> columns) {
    ObjectNode p = base("table", title, description, fieldDefaults(null, null, List.of(new Step("text", null))), targets);
    ArrayNode overrides = (ArrayNode) p.get("fieldConfig").get("overrides");
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      ObjectNode o = JSON.objectNode();
      o.set("matcher", JSON.objectNode().put("id", "byName").put("options", "Value #" + targets.get(i).get("refId").asText()));
      ArrayNode props = JSON.arrayNode();
      props.add(JSON.objectNode().put("id", "displayName").put("value", c.name()));
      props.add(JSON.objectNode().put("id", "unit").put("value", c.unit()));
      props.add(JSON.objectNode().put("id", "decimals").put("value", c.decimals()));
      o.set("properties", props);
      overrides.add(o);
    }
    ObjectNode options = JSON.objectNode();
    options.put("cellHeight", "sm");
    options.put("showHeader", true);
    p.set("options", options);
    ArrayNode transformations = JSON.arrayNode();
    transformations.add(JSON.objectNode().put("id", "merge").set("options", JSON.objectNode()));
    ObjectNode organize = JSON.objectNode().put("id", "organize");
    organize.set("options", JSON.objectNode().set("excludeByName", JSON.objectNode().put("Time", true)));
    transformations.add(organize);
    p.set("transformations", transformations);
    return p;
  }

  record Column(String name, String unit, int decimals) {}

  /** A threshold step; the first step of a list has no value (it is the base colour). */
  record Step(String color, BigDecimal value) {}

  static List<Step> steps(Object... colorValue) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < colorValue.length; i += 2) {
      steps.add(new Step((String) colorValue[i], (BigDecimal) colorValue[i + 1]));
    }
    return steps;
  }

  // ---- targets ----

  /** A query drawn over the dashboard's time range. */
  static ObjectNode rangeTarget(String refId, String expr, String legend) {
    return target(refId, expr, legend, false, "time_series");
  }

  /** A query evaluated once at the end of the time range (stat, gauge and bar gauge panels). */
  static ObjectNode instantTarget(String refId, String expr, String legend) {
    return target(refId, expr, legend, true, "time_series");
  }

  /** An instant query whose series become table rows. */
  static ObjectNode tableTarget(String refId, String expr) {
    return target(refId, expr, null, true, "table");
  }

  private static ObjectNode target(String refId, String expr, String legend, boolean instant, String format) {
    ObjectNode t = JSON.objectNode();
    t.set("datasource", datasource());
    t.put("editorMode", "code");
    t.put("expr", expr);
    t.put("format", format);
    t.put("instant", instant);
    t.put("legendFormat", legend == null ? "__auto" : legend);
    t.put("range", !instant);
    t.put("refId", refId);
    return t;
  }

  /** The {@code datasource} variable: any Prometheus-type data source (Prometheus, Mimir). */
  static ObjectNode datasourceVariable() {
    ObjectNode v = JSON.objectNode();
    v.set("current", JSON.objectNode());
    v.put("description", "Prometheus or Mimir holding the spanmetrics connector's series");
    v.put("hide", 0);
    v.put("includeAll", false);
    v.put("label", "Data source");
    v.put("multi", false);
    v.put("name", "datasource");
    v.set("options", JSON.arrayNode());
    v.put("query", "prometheus");
    v.put("refresh", 1);
    v.put("regex", "");
    v.put("skipUrlSync", false);
    v.put("type", "datasource");
    return v;
  }

  static ObjectNode datasource() {
    return JSON.objectNode().put("type", "prometheus").put("uid", DATASOURCE_VARIABLE);
  }

  // ---- helpers ----

  private static ObjectNode base(String type, String title, String description, ObjectNode defaults,
      List<ObjectNode> targets) {
    ObjectNode p = JSON.objectNode();
    p.set("datasource", datasource());
    p.put("description", description);
    ObjectNode fieldConfig = JSON.objectNode();
    fieldConfig.set("defaults", defaults);
    fieldConfig.set("overrides", JSON.arrayNode());
    p.set("fieldConfig", fieldConfig);
    ArrayNode t = JSON.arrayNode();
    targets.forEach(t::add);
    p.set("targets", t);
    p.put("title", title);
    p.put("type", type);
    return p;
  }

  private static ObjectNode fieldDefaults(String unit, Integer decimals, List<Step> thresholds) {
    ObjectNode d = JSON.objectNode();
    d.set("color", JSON.objectNode().put("mode", "thresholds"));
    if (decimals != null) {
      d.put("decimals", decimals);
    }
    d.set("mappings", JSON.arrayNode());
    ObjectNode th = JSON.objectNode();
    th.put("mode", "absolute");
    ArrayNode steps = JSON.arrayNode();
    for (Step s : thresholds) {
      ObjectNode step = JSON.objectNode();
      step.put("color", s.color());
      step.set("value", s.value() == null ? JSON.nullNode() : number(s.value()));
      steps.add(step);
    }
    th.set("steps", steps);
    d.set("thresholds", th);
    if (unit != null) {
      d.put("unit", unit);
    }
    return d;
  }

  private static ObjectNode lastValue() {
    ObjectNode r = JSON.objectNode();
    r.set("calcs", JSON.arrayNode().add("lastNotNull"));
    r.put("fields", "");
    r.put("values", false);
    return r;
  }

  static JsonNode number(BigDecimal value) {
    BigDecimal v = value.stripTrailingZeros();
    if (v.scale() <= 0) {
      return JSON.numberNode(v.longValueExact());
    }
    return JSON.numberNode(v);
  }
}
