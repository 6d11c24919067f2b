package com.techmart.cuj.grafana;

import java.util.List;
import java.util.Map;

/** Casts for rule files read with SnakeYAML. */
final class SloRulesTestSupport {

  private SloRulesTestSupport() {}

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object o) {
    return o == null ? List.of() : (List<Map<String, Object>>) o;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o == null ? Map.of() : (Map<String, Object>) o;
  }
}
