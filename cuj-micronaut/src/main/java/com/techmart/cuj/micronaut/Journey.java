package com.techmart.cuj.micronaut;

import io.micronaut.aop.InterceptorBinding;
import io.micronaut.aop.InterceptorKind;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a bean method as a Critical User Journey: span {@code cuj.<name>}, the enclosing server span
 * stamped with {@code cuj.name}/{@code cuj.critical}, and the journey in baggage for every
 * downstream call. A sibling of micronaut-tracing's {@code @NewSpan}.
 *
 * <pre>{@code
 * @Controller("/api/orders")
 * class OrderController {
 *   @Post
 *   @Journey(value = "checkout", expected = OutOfStockException.class)
 *   Mono<Order> place(@Body Basket basket) { ... }
 * }
 * }</pre>
 *
 * <p>Synchronous, {@code CompletionStage} and reactive {@code Publisher} (Reactor {@code Mono} and
 * {@code Flux}) results are supported; the journey ends when the result completes, fails or is
 * cancelled. An exception of an {@link #expected()} type is recorded with
 * {@code cuj.outcome=expected} and does not set the span status to ERROR.
 *
 * <p>The method must be reachable by a Micronaut AOP proxy: a non-private, non-static, non-final
 * method of a non-final bean class, called through the bean (not through {@code this}). Micronaut's
 * compiler rejects private, static and final methods; with {@code cuj-micronaut} on the annotation
 * processor path, a method of a class that is not a bean and an invalid journey name fail the
 * compilation as well.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@InterceptorBinding(kind = InterceptorKind.AROUND)
public @interface Journey {

  /** The journey name: lowercase kebab-case, starting with a letter, at most 63 characters. */
  String value();

  /**
   * Exception types that are expected business outcomes (for example out of stock): recorded on the
   * journey span, but the journey keeps status OK and does not burn the error budget.
   */
  Class<? extends Throwable>[] expected() default {};
}
