package com.techmart.cuj;

import io.opentelemetry.api.common.AttributeKey;

/** The attribute and baggage keys of the CUJ contract, in one place. */
public final class JourneyAttributes {

  /** Span attribute naming the journey; spanmetrics turns it into the {@code cuj_name} label. */
  public static final AttributeKey<String> CUJ_NAME = AttributeKey.stringKey("cuj.name");

  /** Span attribute saying whether the journey is critical. */
  public static final AttributeKey<Boolean> CUJ_CRITICAL = AttributeKey.booleanKey("cuj.critical");

  /**
   * On the journey span: how it ended, one of {@link #OUTCOME_SUCCESS}, {@link #OUTCOME_ERROR},
   * {@link #OUTCOME_EXPECTED}, {@link #OUTCOME_CANCELLED}. Low-cardinality by construction.
   */
  public static final AttributeKey<String> CUJ_OUTCOME = AttributeKey.stringKey("cuj.outcome");

  /** On the journey span of an expected outcome: the exception type that was expected. */
  public static final AttributeKey<String> CUJ_OUTCOME_TYPE = AttributeKey.stringKey("cuj.outcome.type");

  public static final String OUTCOME_SUCCESS = "success";
  public static final String OUTCOME_ERROR = "error";
  public static final String OUTCOME_EXPECTED = "expected";
  public static final String OUTCOME_CANCELLED = "cancelled";

  /** Baggage entry carrying the journey name downstream. */
  public static final String BAGGAGE_NAME = "cuj.name";

  /** Baggage entry carrying {@code "true"} or {@code "false"}. */
  public static final String BAGGAGE_CRITICAL = "cuj.critical";

  /** Prefix of every baggage entry this library owns. */
  public static final String BAGGAGE_PREFIX = "cuj.";

  private JourneyAttributes() {}
}
