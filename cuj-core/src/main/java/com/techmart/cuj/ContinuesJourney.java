package com.techmart.cuj;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says that an endpoint of a downstream service does not start a journey but continues the one its
 * caller started: the journey arrives in baggage, the service's trust policy accepts it, and every
 * span here carries its {@code cuj.name}. The {@code cuj-archunit} rule "every state-changing
 * endpoint runs a journey" accepts such an endpoint.
 *
 * <pre>{@code
 * @Post("/reservations")
 * @ContinuesJourney("checkout")          // called by the api service's checkout
 * public Reservation reserve(@Body Basket basket) { ... }
 * }</pre>
 *
 * <p>Nothing happens at run time because of it: continuing a journey needs no code. The names, if
 * given, must be journeys of the service's catalogue (the rule checks them), so a reader sees which
 * journeys pass through here.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface ContinuesJourney {
  /** The journeys callers run through this endpoint; empty means any journey of the catalogue. */
  String[] value() default {};
}
