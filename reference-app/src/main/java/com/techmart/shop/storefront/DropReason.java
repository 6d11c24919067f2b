package com.techmart.shop.storefront;

import java.util.Locale;

/**
 * Why browser telemetry was refused: the {@code reason} of {@code techmart.browser.spans.dropped}.
 * A fixed set, so a client can never add a series.
 */
public enum DropReason {
  /** Not OTLP/JSON, or a span whose ids, times or shape are invalid. */
  MALFORMED,
  /** A span without a {@code cuj.name} the catalogue knows. */
  UNKNOWN_JOURNEY,
  /** A span name the storefront's instrumentation never produces. */
  UNKNOWN_SPAN,
  /** A span with too many attributes, a too-long value or an implausible duration. */
  OVERSIZED,
  /** Spans past the per-request cap. */
  TOO_MANY,
  /** A request refused by the per-client rate limit (counted once per request). */
  RATE_LIMITED;

  /** The metric attribute value, e.g. {@code unknown_journey}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
