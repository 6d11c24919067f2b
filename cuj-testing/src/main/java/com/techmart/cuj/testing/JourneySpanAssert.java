package com.techmart.cuj.testing;

import static com.techmart.cuj.testing.JourneySpans.CUJ_CRITICAL;
import static com.techmart.cuj.testing.JourneySpans.CUJ_NAME;
import static com.techmart.cuj.testing.JourneySpans.CUJ_OUTCOME;
import static com.techmart.cuj.testing.JourneySpans.CUJ_OUTCOME_TYPE;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/** Assertions over one journey span; see {@link JourneyAssertions}. */
public final class JourneySpanAssert extends AbstractAssert<JourneySpanAssert, SpanData> {

  JourneySpanAssert(SpanData span) {
    super(span, JourneySpanAssert.class);
  }

  /** {@code cuj.outcome} is {@code outcome}, and the span status is the one it implies. */
  public JourneySpanAssert hasOutcome(Outcome outcome) {
    isNotNull();
    String written = actual.getAttributes().get(CUJ_OUTCOME);
    if (!outcome.value().equals(written)) {
      failWithMessage("Expected %s to end with cuj.outcome=%s but it has cuj.outcome=%s (status %s)",
          actual.getName(), outcome.value(), written, actual.getStatus());
    }
    return hasStatus(outcome.status());
  }

  /** {@code cuj.outcome.type} is {@code type} (an exception class name or {@code http.<code>}). */
  public JourneySpanAssert hasOutcomeType(String type) {
    isNotNull();
    String written = actual.getAttributes().get(CUJ_OUTCOME_TYPE);
    if (!Objects.equals(type, written)) {
      failWithMessage("Expected %s to have cuj.outcome.type=%s but it has %s", actual.getName(), type, written);
    }
    return this;
  }

  public JourneySpanAssert hasStatus(StatusCode status) {
    isNotNull();
    if (actual.getStatus().getStatusCode() != status) {
      failWithMessage("Expected %s to have status %s but it has %s", actual.getName(), status, actual.getStatus());
    }
    return this;
  }

  public JourneySpanAssert isCritical() {
    return hasCritical(true);
  }

  public JourneySpanAssert isNotCritical() {
    return hasCritical(false);
  }

  /** The span is a child of {@code parent} (e.g. the server span, or an outer journey). */
  public JourneySpanAssert isChildOf(SpanData parent) {
    isNotNull();
    if (!actual.getParentSpanId().equals(parent.getSpanId())) {
      failWithMessage("Expected %s to be a child of %s", actual.getName(), parent.getName());
    }
    return this;
  }

  /** The journey's own span carries its name, as every span inside it does. */
  public JourneySpanAssert isStampedWith(String name) {
    isNotNull();
    if (!name.equals(actual.getAttributes().get(CUJ_NAME))) {
      failWithMessage("Expected %s to carry cuj.name=%s but it carries %s",
          actual.getName(), name, actual.getAttributes().get(CUJ_NAME));
    }
    return this;
  }

  private JourneySpanAssert hasCritical(boolean critical) {
    isNotNull();
    if (!Boolean.valueOf(critical).equals(actual.getAttributes().get(CUJ_CRITICAL))) {
      failWithMessage("Expected %s to carry cuj.critical=%s but it carries %s",
          actual.getName(), critical, actual.getAttributes().get(CUJ_CRITICAL));
    }
    return this;
  }
}
