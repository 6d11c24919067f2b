package com.techmart.shop.demo;

import com.techmart.cuj.JourneyAttributes;
import com.techmart.shop.load.Percentiles;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Draws one trace as a tree: every span with its service, kind, {@code cuj.name}, status and timing. */
final class TraceTree {

  private final List<SpanData> spans;

  private TraceTree(List<SpanData> spans) {
    this.spans = spans;
  }

  /**
   * A typical successful checkout that went through all three services and the background stages:
   * of those, the one with the median journey duration.
   */
  static Optional<TraceTree> typicalCheckout(List<SpanData> all) {
    Map<String, List<SpanData>> byTrace = all.stream().collect(Collectors.groupingBy(SpanData::getTraceId));
    List<SpanData> candidates = new ArrayList<>();
    for (List<SpanData> trace : byTrace.values()) {
      Optional<SpanData> journey = trace.stream()
          .filter(s -> s.getName().equals("cuj.checkout")
              && JourneyAttributes.OUTCOME_SUCCESS.equals(Spans.outcome(s)))
          .findFirst();
      boolean processed = trace.stream()
          .anyMatch(s -> s.getName().equals("order.process") && s.getStatus().getStatusCode() != StatusCode.ERROR);
      Set<String> services = trace.stream().map(Spans::service).collect(Collectors.toSet());
      if (journey.isPresent() && processed && services.size() >= 3) {
        candidates.add(journey.get());
      }
    }
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    candidates.sort(Comparator.comparingLong(Spans::nanos));
    String traceId = candidates.get(candidates.size() / 2).getTraceId();
    return Optional.of(new TraceTree(byTrace.get(traceId)));
  }

  String traceId() {
    return spans.get(0).getTraceId();
  }

  List<SpanData> spans() {
    return spans;
  }

  void print(PrintStream out) {
    Set<String> ids = spans.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
    Map<String, List<SpanData>> children = new HashMap<>();
    List<SpanData> roots = new ArrayList<>();
    for (SpanData s : spans) {
      if (ids.contains(s.getParentSpanId())) {
        children.computeIfAbsent(s.getParentSpanId(), k -> new ArrayList<>()).add(s);
      } else {
        roots.add(s);
      }
    }
    Comparator<SpanData> byStart = Comparator.comparingLong(SpanData::getStartEpochNanos);
    children.values().forEach(l -> l.sort(byStart));
    roots.sort(byStart);
    long t0 = roots.isEmpty() ? 0 : roots.get(0).getStartEpochNanos();
    Set<String> services = new HashSet<>();
    long stamped = spans.stream().filter(s -> Spans.journey(s) != null).count();
    spans.forEach(s -> services.add(Spans.service(s)));
    out.printf("One checkout end to end: trace %s, %d spans in %d services, %d of them with cuj.name%n%n",
        traceId(), spans.size(), services.size(), stamped);
    out.printf("  %-46s %-19s %-9s %-9s %-6s %9s %9s%n", "span", "service", "kind", "cuj.name", "status", "start", "duration");
    for (SpanData root : roots) {
      print(out, root, "", "", children, t0);
    }
  }

  private void print(PrintStream out, SpanData span, String lead, String branch, Map<String, List<SpanData>> children, long t0) {
    String name = branch + span.getName();
    if (name.length() > 46) {
      name = name.substring(0, 45) + "…";
    }
    String journey = Spans.journey(span);
    out.printf("  %-46s %-19s %-9s %-9s %-6s %9s %9s%n", name, Spans.service(span), span.getKind(),
        journey == null ? "-" : journey, span.getStatus().getStatusCode(),
        "+" + Percentiles.millis(span.getStartEpochNanos() - t0), Percentiles.millis(Spans.nanos(span)));
    List<SpanData> kids = children.getOrDefault(span.getSpanId(), List.of());
    for (int i = 0; i < kids.size(); i++) {
      boolean last = i == kids.size() - 1;
      print(out, kids.get(i), lead + (last ? "   " : "│  "), lead + (last ? "└─ " : "├─ "), children, t0);
    }
  }
}
