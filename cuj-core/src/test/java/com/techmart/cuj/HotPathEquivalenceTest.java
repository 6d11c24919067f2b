package com.techmart.cuj;

import com.techmart.cuj.internal.RouteTemplate;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Code that runs on every request was rewritten for speed after profiling the reference app
 * (benchmarks/README.md). These tests hold the new code to the behaviour of the old.
 */
class HotPathEquivalenceTest {

  private static final List<String> TEMPLATES = List.of(
      "GET /", "GET /api", "GET /api/orders", "GET /api/orders/{id}", "GET /api/{kind}/{id}",
      "POST /api/orders", "* /api/orders/export", "GET /{a}/{b}/{c}");

  /** The route matching of the first version: split the request path, compare segment by segment. */
  private static boolean splitMatch(RouteTemplate t, String method, String path) {
    if (!t.method().equals("*") && !t.method().equalsIgnoreCase(method)) {
      return false;
    }
    if (path == null) {
      return false;
    }
    String[] expected = split(t.path());
    String[] actual = split(path);
    if (actual.length != expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      boolean variable = expected[i].startsWith("{");
      if (variable ? actual[i].isEmpty() : !expected[i].equals(actual[i])) {
        return false;
      }
    }
    return true;
  }

  private static String[] split(String path) {
    String p = path;
    int q = p.indexOf('?');
    if (q >= 0) {
      p = p.substring(0, q);
    }
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty() || p.equals("/")) {
      return new String[0];
    }
    String[] parts = p.split("/", -1);
    return Arrays.copyOfRange(parts, 1, parts.length);
  }

  @Test
  void routeMatchingAgreesWithSplittingOnTenThousandOddPaths() {
    String[] pieces = {"api", "orders", "42", "export", "", "products", "x"};
    String[] ends = {"", "/", "//", "?page=2", "/?q=a/b", "?"};
    Random random = new Random(7);
    int matched = 0;
    for (int n = 0; n < 10_000; n++) {
      StringBuilder path = new StringBuilder(random.nextInt(10) == 0 ? "" : "/");
      int count = random.nextInt(5);
      for (int i = 0; i < count; i++) {
        path.append(i == 0 ? "" : "/").append(pieces[random.nextInt(pieces.length)]);
      }
      path.append(ends[random.nextInt(ends.length)]);
      String method = random.nextBoolean() ? "GET" : "post";
      for (String template : TEMPLATES) {
        RouteTemplate t = RouteTemplate.parse(template);
        boolean expected = splitMatch(t, method, path.toString());
        assertThat(t.matches(method, path.toString()))
            .as("%s %s against %s", method, path, template)
            .isEqualTo(expected);
        matched += expected ? 1 : 0;
      }
    }
    assertThat(matched).as("the generated paths exercise matches, not only misses").isGreaterThan(1000);
  }

  @Test
  void generatedCorrelationIdsAreValidDistinctVersion4Uuids() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = CorrelationId.generate();
      UUID uuid = UUID.fromString(id);
      assertThat(id).hasSize(36);
      assertThat(CorrelationId.isValid(id)).isTrue();
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      seen.add(id);
    }
    assertThat(seen).hasSize(10_000);
  }
}
