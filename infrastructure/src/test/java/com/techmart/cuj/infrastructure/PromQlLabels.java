package com.techmart.cuj.infrastructure;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Label names a PromQL expression (or a Grafana {@code label_values(...)} query) filters or groups
 * by: the names in selector matchers {@code {name="v", other=~"..."}} and in the label lists of
 * {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left} and
 * {@code group_right}.
 *
 * <p>Grafana variables ({@code $journey}, {@code ${journey}}, {@code [[journey]]}) and the contents
 * of string literals are removed first, so braces inside them are never mistaken for matchers.
 * Names that only appear inside strings, as the target of {@code label_replace}/{@code label_join},
 * are not reported: those functions create labels, they do not read connector ones.
 */
final class PromQlLabels {

  private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\[\\[[^]]*]]");
  private static final Pattern SELECTOR = Pattern.compile("\\{([^{}]*)}");
  private static final Pattern MATCHER = Pattern.compile("^\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
  private static final Pattern GROUPING = Pattern.compile(
      "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^()]*)\\)");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\s*\\((.*)\\)\\s*$", Pattern.DOTALL);

  private PromQlLabels() {}

  static Set<String> labelNames(String expression) {
    Set<String> names = new LinkedHashSet<>();
    Matcher labelValues = LABEL_VALUES.matcher(expression);
    if (labelValues.matches()) {
      String arguments = labelValues.group(1);
      String label = arguments.substring(lastTopLevelComma(arguments) + 1).trim();
      if (LABEL_NAME.matcher(label).matches()) {
        names.add(label);
      }
      expression = arguments.substring(0, Math.max(0, lastTopLevelComma(arguments)));
    }
    String text = stripStringsAndComments(GRAFANA_VARIABLE.matcher(expression).replaceAll("\\$var"));
    Matcher selector = SELECTOR.matcher(text);
    while (selector.find()) {
      for (String part : selector.group(1).split(",")) {
        Matcher matcher = MATCHER.matcher(part);
        if (matcher.find()) {
          names.add(matcher.group(1));
        }
      }
    }
    Matcher grouping = GROUPING.matcher(text);
    while (grouping.find()) {
      for (String part : grouping.group(1).split(",")) {
        String name = part.trim();
        if (LABEL_NAME.matcher(name).matches()) {
          names.add(name);
        }
      }
    }
    return names;
  }

  /** Replaces every string literal by an empty one and drops # comments. */
  static String stripStringsAndComments(String expression) {
    StringBuilder out = new StringBuilder(expression.length());
    int i = 0;
    while (i < expression.length()) {
      char c = expression.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        int end = i + 1;
        while (end < expression.length() && expression.charAt(end) != c) {
          end += (expression.charAt(end) == '\\' && c != '`') ? 2 : 1;
        }
        out.append(c).append(c);
        i = end + 1;
      } else if (c == '#') {
        while (i < expression.length() && expression.charAt(i) != '\n') {
          i++;
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static int lastTopLevelComma(String arguments) {
    int depth = 0;
    int last = -1;
    for (int i = 0; i < arguments.length(); i++) {
      char c = arguments.charAt(i);
      if (c == '(' || c == '{' || c == '[') {
        depth++;
      } else if (c == ')' || c == '}' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        last = i;
      }
    }
    return last;
  }
}
