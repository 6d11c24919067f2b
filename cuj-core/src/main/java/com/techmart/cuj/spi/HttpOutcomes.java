package com.techmart.cuj.spi;

import com.techmart.cuj.JourneyRunner;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * A service's HTTP outcome settings: which 4xx statuses of its HTTP handler journeys count as
 * errors rather than expected outcomes (for example 409 when a conflict always means a bug here).
 *
 * <pre>{@code
 * JourneyRunner.builder(openTelemetry).httpOutcomes(HttpOutcomes.errorStatuses(List.of(409))).build();
 * }</pre>
 *
 * <p>Statuses a client alone can provoke (400, 404, 408, 413, 429, 431) are refused: counting them
 * as errors would let anyone burn the error budget with cheap requests.
 */
public final class HttpOutcomes {

  /** Statuses any client can cause with its own request; they never count as errors. */
  static final Set<Integer> CLIENT_PROVOKED = Set.of(400, 404, 408, 413, 429, 431);

  private static final HttpOutcomes DEFAULT = new HttpOutcomes(new boolean[0]);

  // Indexed by status - 400; empty when no 4xx counts as an error.
  private final boolean[] errors;

  private HttpOutcomes(boolean[] errors) {
    this.errors = errors;
  }

  /** Every 4xx is an expected outcome. */
  public static HttpOutcomes defaults() {
    return DEFAULT;
  }

  /**
   * These 4xx statuses count as errors.
   *
   * @throws IllegalArgumentException naming the status, for one outside 401..499 or one a client
   *     alone can provoke
   */
  public static HttpOutcomes errorStatuses(Collection<Integer> statuses) {
    if (statuses.isEmpty()) {
      return DEFAULT;
    }
    boolean[] errors = new boolean[100];
    for (Integer status : new TreeSet<>(statuses)) {
      if (status == null || status < 400 || status > 499) {
        throw new IllegalArgumentException("error status " + status
            + " is not a 4xx: only 4xx statuses can be listed (every 5xx already counts as an error)");
      }
      if (CLIENT_PROVOKED.contains(status)) {
        throw new IllegalArgumentException("error status " + status
            + " cannot count as an error: any client can provoke it with its own request, which would"
            + " let outsiders burn the error budget (refused: " + new TreeSet<>(CLIENT_PROVOKED) + ")");
      }
      errors[status - 400] = true;
    }
    return new HttpOutcomes(errors);
  }

  /** Whether {@code status} is a 4xx this service counts as an error. */
  public boolean isError(int status) {
    int i = status - 400;
    return i >= 0 && i < errors.length && errors[i];
  }

  @Override
  public String toString() {
    TreeSet<Integer> list = new TreeSet<>();
    for (int i = 0; i < errors.length; i++) {
      if (errors[i]) {
        list.add(400 + i);
      }
    }
    return "HttpOutcomes{errorStatuses=" + list + "}";
  }
}
