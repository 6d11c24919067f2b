package com.techmart.cuj.grafana;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Label matchers added to every query, e.g. {@code deployment_environment="production"}, so that a
 * Prometheus or Mimir holding several environments computes one environment's SLO. Equality
 * matchers are also written as labels of the recorded series, so the rules of two environments can
 * be loaded side by side without their recorded series colliding.
 */
final class Selector {

  static final Selector NONE = new Selector(List.of(), Map.of());

  /** Labels the generator selects on or writes itself: a selector on them would contradict it. */
  private static final Set<String> RESERVED = Set.of(
      "__name__", "span_name", "span_kind", "status_code", "cuj_name", "cuj_outcome", "le", "stage", "objective");
  private static final Pattern MATCHER = Pattern.compile(
      "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*");

  private final List<String> matchers;
  private final Map<String, String> equalities;

  private Selector(List<String> matchers, Map<String, String> equalities) {
    this.matchers = List.copyOf(matchers);
    this.equalities = equalities;
  }

  /**
   * Parses comma-separated PromQL label matchers: {@code env="prod", region=~"eu-.*"}.
   *
   * @throws IllegalArgumentException naming the text that is not a matcher, or a label the
   *     generator sets itself
   */
  static Selector parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    List<String> matchers = new ArrayList<>();
    Map<String, String> equalities = new LinkedHashMap<>();
    Matcher m = MATCHER.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("--selector '" + text + "' is not a list of label matchers: write"
            + " label=\"value\" (or !=, =~, !~), comma-separated, e.g. deployment_environment=\"production\"");
      }
      String label = m.group(1);
      if (RESERVED.contains(label)) {
        throw new IllegalArgumentException("--selector '" + text + "': label " + label
            + " cannot be selected on, the generator sets it itself (" + String.join(", ", RESERVED.stream().sorted().toList()) + ")");
      }
      matchers.add(label + m.group(2) + "\"" + m.group(3) + "\"");
      if (m.group(2).equals("=")) {
        equalities.put(label, m.group(3).replace("\\\"", "\"").replace("\\\\", "\\"));
      }
      at = m.end();
      if (at < text.length()) {
        if (text.charAt(at) != ',') {
          throw new IllegalArgumentException("--selector '" + text + "' is not a list of label matchers: write"
              + " label=\"value\" (or !=, =~, !~), comma-separated, e.g. deployment_environment=\"production\"");
        }
        at++;
      }
    }
    return new Selector(matchers, equalities);
  }

  /** The matchers as written in a selector, e.g. {@code env="prod"}. */
  List<String> matchers() {
    return matchers;
  }

  /** Labels the selector fixes to one value: they become labels of the recorded series. */
  Map<String, String> equalities() {
    return new LinkedHashMap<>(equalities);
  }

  /** The matchers joined for a PromQL selector: empty, or {@code ", env=\"prod\""}. */
  String suffix() {
    return matchers.isEmpty() ? "" : ", " + String.join(", ", matchers);
  }

  @Override
  public String toString() {
    return String.join(", ", matchers);
  }
}
