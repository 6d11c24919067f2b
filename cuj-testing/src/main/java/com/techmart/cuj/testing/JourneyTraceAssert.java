package com.techmart.cuj.testing;

import static com.techmart.cuj.testing.JourneySpans.CUJ_CRITICAL;
import static com.techmart.cuj.testing.JourneySpans.CUJ_NAME;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/** Assertions over the spans of a trace; see {@link JourneyAssertions}. */
public final class JourneyTraceAssert extends AbstractAssert<JourneyTraceAssert, List<SpanData>> {

  JourneyTraceAssert(Collection<? extends SpanData> spans) {
    super(List.copyOf(Objects.requireNonNull(spans, "spans")), JourneyTraceAssert.class);
  }

  /** Exactly one span {@code cuj.<name>} ran; the returned assert is about it. */
  public JourneySpanAssert hasJourney(String name) {
    List<SpanData> found = journeys(name);
    if (found.size() != 1) {
      failWithMessage("Expected exactly one journey span cuj.%s but found %d among:%s",
          name, found.size(), JourneySpans.describe(actual));
    }
    return new JourneySpanAssert(found.get(0));
  }

  /** {@code count} spans {@code cuj.<name>} ran (0: the journey never started). */
  public JourneyTraceAssert hasJourneyCount(String name, int count) {
    int found = journeys(name).size();
    if (found != count) {
      failWithMessage("Expected %d journey span(s) cuj.%s but found %d among:%s",
          count, name, found, JourneySpans.describe(actual));
    }
    return this;
  }

  /** No journey span of any name ran. */
  public JourneyTraceAssert hasNoJourneySpan() {
    List<SpanData> found = JourneySpans.journeySpans(actual);
    if (!found.isEmpty()) {
      failWithMessage("Expected no journey span but found:%s", JourneySpans.describe(found));
    }
    return this;
  }

  /**
   * Every span carries {@code cuj.name=name}: the journey reached the server span, the work, the
   * database and client calls and, across a hop, the next service.
   */
  public JourneyTraceAssert everySpanStampedWith(String name) {
    hasSpans();
    List<SpanData> unstamped = actual.stream()
        .filter(s -> !name.equals(s.getAttributes().get(CUJ_NAME)))
        .toList();
    if (!unstamped.isEmpty()) {
      failWithMessage("Expected every span to carry cuj.name=%s; these do not:%s",
          name, JourneySpans.describe(unstamped));
    }
    return this;
  }

  /** Every span carries some {@code cuj.name} (nested journeys stamp their own name). */
  public JourneyTraceAssert everySpanStamped() {
    hasSpans();
    List<SpanData> unstamped = actual.stream().filter(s -> s.getAttributes().get(CUJ_NAME) == null).toList();
    if (!unstamped.isEmpty()) {
      failWithMessage("Expected every span to carry cuj.name; these do not:%s", JourneySpans.describe(unstamped));
    }
    return this;
  }

  /** No span carries {@code cuj.name} at all. */
  public JourneyTraceAssert hasNoSpanStamped() {
    List<SpanData> stamped = actual.stream().filter(s -> s.getAttributes().get(CUJ_NAME) != null).toList();
    if (!stamped.isEmpty()) {
      failWithMessage("Expected no span to carry cuj.name; these do:%s", JourneySpans.describe(stamped));
    }
    return this;
  }

  /** No span carries {@code cuj.name=value}: a forged journey never reaches a span (or a metric). */
  public JourneyTraceAssert hasNoSpanStampedWith(String value) {
    List<SpanData> forged = actual.stream().filter(s -> value.equals(s.getAttributes().get(CUJ_NAME))).toList();
    if (!forged.isEmpty()) {
      failWithMessage("Expected no span to carry cuj.name=%s; these do:%s", value, JourneySpans.describe(forged));
    }
    return this;
  }

  /** Every span stamped with journey {@code name} says {@code cuj.critical=critical} (the catalogue's). */
  public JourneyTraceAssert everyStampOf(String name, boolean critical) {
    List<SpanData> wrong = actual.stream()
        .filter(s -> name.equals(s.getAttributes().get(CUJ_NAME)))
        .filter(s -> !Boolean.valueOf(critical).equals(s.getAttributes().get(CUJ_CRITICAL)))
        .toList();
    if (!wrong.isEmpty()) {
      failWithMessage("Expected every span of journey %s to carry cuj.critical=%s; these do not:%s",
          name, critical, JourneySpans.describe(wrong));
    }
    return this;
  }

  private void hasSpans() {
    if (actual.isEmpty()) {
      failWithMessage("Expected spans but none were exported");
    }
  }

  private List<SpanData> journeys(String name) {
    String spanName = JourneySpans.SPAN_PREFIX + name;
    return JourneySpans.journeySpans(actual).stream().filter(s -> s.getName().equals(spanName)).toList();
  }
}
