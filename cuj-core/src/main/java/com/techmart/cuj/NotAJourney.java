package com.techmart.cuj;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says on purpose that an endpoint or handler is not part of any journey, so the
 * {@code cuj-archunit} rule "every state-changing endpoint runs a journey" does not flag it.
 *
 * <pre>{@code
 * @Post("/internal/cache/flush")
 * @NotAJourney("operator tool, not a user journey")
 * public void flush() { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface NotAJourney {
  /** Why this is not a journey, for the next reader. */
  String value();
}
