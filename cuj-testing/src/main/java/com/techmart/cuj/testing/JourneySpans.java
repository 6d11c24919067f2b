package com.techmart.cuj.testing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The attribute names of the journey contract (DESIGN §3), spelt out here rather than imported,
 * so a test written against them fails when the library drifts from the contract.
 */
public final class JourneySpans {

  public static final AttributeKey<String> CUJ_NAME = AttributeKey.stringKey("cuj.name");
  public static final AttributeKey<Boolean> CUJ_CRITICAL = AttributeKey.booleanKey("cuj.critical");
  public static final AttributeKey<String> CUJ_OUTCOME = AttributeKey.stringKey("cuj.outcome");
  public static final AttributeKey<String> CUJ_OUTCOME_TYPE = AttributeKey.stringKey("cuj.outcome.type");
  public static final AttributeKey<String> CORRELATION_ID = AttributeKey.stringKey("correlation.id");
  public static final String CORRELATION_HEADER = "X-Correlation-ID";
  static final String SPAN_PREFIX = "cuj.";

  private JourneySpans() {}

  /** Whether {@code span} is a journey span ({@code cuj.<name>}). */
  public static boolean isJourneySpan(SpanData span) {
    return span.getName().startsWith(SPAN_PREFIX);
  }

  /** The journey spans among {@code spans}, in the order they started. */
  public static List<SpanData> journeySpans(Collection<? extends SpanData> spans) {
    return spans.stream()
        .filter(JourneySpans::isJourneySpan)
        .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
        .map(SpanData.class::cast)
        .toList();
  }

  /** One line per span (name, kind, cuj attributes), for failure messages. */
  public static String describe(Collection<? extends SpanData> spans) {
    StringBuilder out = new StringBuilder();
    for (SpanData s : spans) {
      out.append("\n  ").append(s.getName()).append(" [").append(s.getKind()).append("] ")
          .append("cuj.name=").append(s.getAttributes().get(CUJ_NAME))
          .append(" cuj.critical=").append(s.getAttributes().get(CUJ_CRITICAL));
      if (isJourneySpan(s)) {
        out.append(" cuj.outcome=").append(s.getAttributes().get(CUJ_OUTCOME))
            .append(" type=").append(s.getAttributes().get(CUJ_OUTCOME_TYPE))
            .append(" status=").append(s.getStatus().getStatusCode());
      }
    }
    return out.length() == 0 ? " (none)" : out.toString();
  }
}
