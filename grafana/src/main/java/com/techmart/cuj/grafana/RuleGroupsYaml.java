package com.techmart.cuj.grafana;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes Prometheus rule-group files: {@code groups:} at the top level, as both {@code
 * rule_files} of Prometheus and Mimir's ruler ({@code mimirtool rules load}) read them. Written by
 * hand rather than by a YAML library so that every expression is a readable literal block and the
 * output is the same byte for byte on every run.
 */
final class RuleGroupsYaml {

  /** A recording rule ({@code alert == false}) or an alerting rule. */
  record Rule(boolean alert, String name, String expr, String forDuration,
      Map<String, String> labels, Map<String, String> annotations) {

    static Rule record(String name, String expr, Map<String, String> labels) {
      return new Rule(false, name, expr, null, labels, Map.of());
    }

    static Rule alert(String name, String expr, String forDuration, Map<String, String> labels,
        Map<String, String> annotations) {
      return new Rule(true, name, expr, forDuration, labels, annotations);
    }
  }

  record Group(String name, List<Rule> rules) {}

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:/-]*");
  private static final Set<String> RESERVED = Set.of(
      "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~");

  private RuleGroupsYaml() {}

  static String write(List<String> headerComments, List<Group> groups) {
    StringBuilder out = new StringBuilder();
    for (String line : headerComments) {
      out.append(line.isEmpty() ? "#" : "# " + line.replaceAll("[\\r\\n]+", " ")).append('\n');
    }
    out.append("groups:\n");
    for (Group group : groups) {
      out.append("  - name: ").append(scalar(group.name())).append('\n');
      out.append("    rules:\n");
      for (Rule rule : group.rules()) {
        out.append("      - ").append(rule.alert() ? "alert: " : "record: ").append(scalar(rule.name())).append('\n');
        out.append("        expr: |-\n");
        for (String line : rule.expr().split("\n")) {
          out.append("          ").append(line).append('\n');
        }
        if (rule.forDuration() != null) {
          out.append("        for: ").append(rule.forDuration()).append('\n');
        }
        map(out, "labels", rule.labels());
        map(out, "annotations", rule.annotations());
      }
    }
    return out.toString();
  }

  private static void map(StringBuilder out, String key, Map<String, String> values) {
    if (values.isEmpty()) {
      return;
    }
    out.append("        ").append(key).append(":\n");
    values.forEach((k, v) -> out.append("          ").append(k).append(": ").append(scalar(v)).append('\n'));
  }

  /** A plain scalar where YAML reads it back as the same string, a double-quoted one otherwise. */
  static String scalar(String s) {
    boolean plain = PLAIN.matcher(s).matches()
        && !s.endsWith(":")
        && !RESERVED.contains(s.toLowerCase(Locale.ROOT))
        && !looksNumeric(s);
    return plain ? s : quote(s);
  }

  private static boolean looksNumeric(String s) {
    return s.matches("[-+]?(\\d[\\d_]*)?([.]\\d*)?([eE][-+]?\\d+)?") || s.matches("0[xob].*") || s.contains(":") && s.matches("[\\d:.]+");
  }

  private static String quote(String s) {
    StringBuilder q = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\t' -> q.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            q.append(String.format("\\u%04x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }
}
