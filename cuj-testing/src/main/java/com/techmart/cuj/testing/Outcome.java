package com.techmart.cuj.testing;

import io.opentelemetry.api.trace.StatusCode;

/** The four ways a journey ends ({@code cuj.outcome}), each with the span status it implies. */
public enum Outcome {
  SUCCESS("success", StatusCode.OK),
  EXPECTED("expected", StatusCode.OK),
  ERROR("error", StatusCode.ERROR),
  CANCELLED("cancelled", StatusCode.UNSET);

  private final String value;
  private final StatusCode status;

  Outcome(String value, StatusCode status) {
    this.value = value;
    this.status = status;
  }

  /** The value of {@code cuj.outcome}. */
  public String value() {
    return value;
  }

  /** The status of the {@code cuj.<name>} span that ends this way. */
  public StatusCode status() {
    return status;
  }

  /** The outcome written as {@code value}, or {@code null} when none is. */
  public static Outcome of(String value) {
    for (Outcome o : values()) {
      if (o.value.equals(value)) {
        return o;
      }
    }
    return null;
  }
}
