package com.techmart.cuj.testing;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Collection;

/**
 * AssertJ entry points for journeys, over the spans a test exported.
 *
 * <pre>{@code
 * assertThatJourneys(telemetry.spans())
 *     .everySpanStampedWith("checkout")
 *     .hasNoSpanStampedWith("forged-journey")
 *     .hasJourney("checkout")
 *         .hasOutcome(Outcome.EXPECTED)
 *         .hasOutcomeType("http.409")
 *         .isCritical();
 * }</pre>
 */
public final class JourneyAssertions {

  private JourneyAssertions() {}

  /** Assertions over a trace (or any set of spans): which journeys ran, what every span carries. */
  public static JourneyTraceAssert assertThatJourneys(Collection<? extends SpanData> spans) {
    return new JourneyTraceAssert(spans);
  }

  /** Assertions over one journey span ({@code cuj.<name>}). */
  public static JourneySpanAssert assertThatJourneySpan(SpanData journeySpan) {
    return new JourneySpanAssert(journeySpan);
  }
}
