package com.techmart.cuj.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A route pattern {@code "METHOD /path/{template}"} as used to map requests to journeys without
 * annotating code. A segment in braces matches any single non-empty path segment; everything else
 * matches literally. The method {@code *} matches any method.
 *
 * <pre>{@code
 * RouteTemplate t = RouteTemplate.parse("GET /api/orders/{id}");
 * t.matches("GET", "/api/orders/42");   // true
 * t.matches("GET", "/api/orders");      // false
 * }</pre>
 */
public final class RouteTemplate {

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "*");

  private final String method;
  private final String path;
  private final String[] segments;
  private final boolean[] variable;
  private final int literalSegments;

  private RouteTemplate(String method, String path) {
    this.method = method;
    this.path = path;
    this.segments = split(path);
    this.variable = new boolean[segments.length];
    int literals = 0;
    for (int i = 0; i < segments.length; i++) {
      variable[i] = isVariable(segments[i]);
      if (!variable[i]) {
        literals++;
      }
    }
    this.literalSegments = literals;
  }

  /**
   * Parses {@code "METHOD /path"}.
   *
   * @throws IllegalArgumentException with the reason, when the text is not a route
   */
  public static RouteTemplate parse(String route) {
    if (route == null || route.isBlank()) {
      throw new IllegalArgumentException("route is empty; expected 'METHOD /path', e.g. 'GET /api/orders/{id}'");
    }
    String[] parts = route.trim().split("\\s+");
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "route '" + JourneyName.printable(route) + "' is not 'METHOD /path', e.g. 'POST /api/orders'");
    }
    String method = parts[0].toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException(
          "route '" + JourneyName.printable(route) + "' has unknown HTTP method '" + JourneyName.printable(parts[0]) + "'");
    }
    String path = parts[1];
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException(
          "route '" + JourneyName.printable(route) + "': path must start with '/'");
    }
    for (String segment : split(path)) {
      boolean open = segment.contains("{");
      boolean close = segment.contains("}");
      if ((open || close) && !isVariable(segment)) {
        throw new IllegalArgumentException(
            "route '" + JourneyName.printable(route) + "': a template variable must be a whole segment like '{id}'");
      }
    }
    return new RouteTemplate(method, normalise(path));
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /**
   * Whether a request with this method and path matches the template; a query string and trailing
   * slashes are ignored. Runs on every request, so it walks the path in place instead of splitting it.
   */
  public boolean matches(String requestMethod, String requestPath) {
    if (!method.equals("*") && !method.equalsIgnoreCase(requestMethod)) {
      return false;
    }
    if (requestPath == null) {
      return false;
    }
    int end = requestPath.indexOf('?');
    if (end < 0) {
      end = requestPath.length();
    }
    while (end > 1 && requestPath.charAt(end - 1) == '/') {
      end--;
    }
    // Segments are what follows the first '/', one per '/'; "" and "/" have none.
    boolean root = end == 0 || (end == 1 && requestPath.charAt(0) == '/');
    int first = root ? -1 : requestPath.indexOf('/');
    if (first < 0 || first >= end) {
      return segments.length == 0;
    }
    if (segments.length == 0) {
      return false;
    }
    int start = first + 1;
    for (int i = 0; i < segments.length; i++) {
      if (start > end) {
        return false; // fewer segments than the template
      }
      int slash = requestPath.indexOf('/', start);
      int stop = slash < 0 || slash > end ? end : slash;
      if (variable[i]) {
        if (stop == start) {
          return false;
        }
      } else if (stop - start != segments[i].length()
          || !requestPath.regionMatches(start, segments[i], 0, stop - start)) {
        return false;
      }
      start = stop + 1;
    }
    return start == end + 1; // no segment left over
  }

  /** More literal segments = more specific; used to pick one template when several match. */
  public int specificity() {
    return literalSegments * 2 + (method.equals("*") ? 0 : 1);
  }

  private static boolean isVariable(String segment) {
    return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}")
        && segment.indexOf('{', 1) < 0 && segment.indexOf('}') == segment.length() - 1;
  }

  private static String normalise(String path) {
    String p = path;
    int q = p.indexOf('?');
    if (q >= 0) {
      p = p.substring(0, q);
    }
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? "/" : p;
  }

  private static String[] split(String path) {
    String p = normalise(path);
    if (p.equals("/")) {
      return new String[0];
    }
    return Arrays.copyOfRange(p.split("/", -1), 1, p.split("/", -1).length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RouteTemplate
        && ((RouteTemplate) o).method.equals(method)
        && ((RouteTemplate) o).path.equals(path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, path);
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
