package com.techmart.shop.demo;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.PrintStream;
import java.util.List;

/**
 * Second by second, what the api answered while the database went away and came back, from the
 * api's server spans: answered requests, 5xx answers, and when checkouts succeeded again.
 */
final class OutageTimeline {

  private static final String BARS = " ▁▂▃▄▅▆▇█";

  private OutageTimeline() {}

  /**
   * @param startEpochNanos when traffic started
   * @param downEpochNanos when the database was taken away
   * @param upEpochNanos when it came back
   */
  static void print(PrintStream out, List<SpanData> spans, String apiService, long startEpochNanos,
                    long downEpochNanos, long upEpochNanos, boolean hung) {
    List<SpanData> server = spans.stream()
        .filter(s -> s.getKind() == SpanKind.SERVER && apiService.equals(Spans.service(s)))
        .filter(s -> s.getStartEpochNanos() >= startEpochNanos)
        .toList();
    if (server.isEmpty()) {
      return;
    }
    long last = server.stream().mapToLong(SpanData::getEndEpochNanos).max().orElse(startEpochNanos);
    int seconds = (int) ((last - startEpochNanos) / 1_000_000_000L) + 1;
    int[] ok = new int[seconds];
    int[] failed = new int[seconds];
    for (SpanData s : server) {
      int sec = (int) ((s.getStartEpochNanos() - startEpochNanos) / 1_000_000_000L);
      if (Spans.httpStatus(s) >= 500) {
        failed[sec]++;
      } else {
        ok[sec]++;
      }
    }
    int max = 1;
    for (int i = 0; i < seconds; i++) {
      max = Math.max(max, Math.max(ok[i], failed[i]));
    }
    StringBuilder okRow = new StringBuilder();
    StringBuilder failRow = new StringBuilder();
    StringBuilder dbRow = new StringBuilder();
    StringBuilder axis = new StringBuilder();
    for (int i = 0; i < seconds; i++) {
      okRow.append(bar(ok[i], max));
      failRow.append(bar(failed[i], max));
      long secStart = startEpochNanos + i * 1_000_000_000L;
      boolean down = secStart + 1_000_000_000L > downEpochNanos && secStart < upEpochNanos;
      dbRow.append(down ? '×' : '─');
      axis.append(i % 5 == 0 ? '|' : ' ');
    }
    long firstFailure = server.stream().filter(s -> Spans.httpStatus(s) >= 500)
        .mapToLong(SpanData::getStartEpochNanos).min().orElse(-1);
    long recovered = server.stream()
        .filter(s -> s.getStartEpochNanos() >= upEpochNanos && s.getName().equals("POST /api/orders") && Spans.httpStatus(s) == 201)
        .mapToLong(SpanData::getEndEpochNanos).min().orElse(-1);
    long failures = server.stream().filter(s -> Spans.httpStatus(s) >= 500).count();

    out.printf("Database %s, as the api's server spans saw it (one column per second)%n", hung ? "hang" : "outage");
    out.println();
    out.printf("  answered  %s%n", okRow);
    out.printf("  5xx       %s%n", failRow);
    out.printf("  database  %s%n", dbRow);
    out.printf("  seconds   %s%n", axis);
    out.println();
    out.printf("  database %s for %.1f s; %d requests answered 503, each one a journey error%n",
        hung ? "hung" : "away", (upEpochNanos - downEpochNanos) / 1e9, failures);
    if (firstFailure >= 0) {
      out.printf("  first 503 %.1f s after the database " + (hung ? "hung" : "went away") + "%n", Math.max(0, firstFailure - downEpochNanos) / 1e9);
    }
    if (recovered >= 0) {
      out.printf("  recovered: the first order after it came back was accepted %.1f s later%n", (recovered - upEpochNanos) / 1e9);
    } else {
      out.println("  no order was accepted after the database came back");
    }
  }

  private static char bar(int n, int max) {
    if (n == 0) {
      return ' ';
    }
    int level = 1 + (int) Math.round((BARS.length() - 2) * (n / (double) max));
    return BARS.charAt(Math.min(level, BARS.length() - 1));
  }
}
