package com.techmart.cuj.benchmarks;

import com.techmart.cuj.micronaut.Journey;
import io.micronaut.tracing.annotation.NewSpan;
import jakarta.inject.Singleton;

/** A Micronaut bean with the same empty body three ways: plain, {@code @NewSpan}, {@code @Journey}. */
@Singleton
public class CheckoutService {

  private final Object payload = new Object();

  public Object plain() {
    return payload;
  }

  @NewSpan("checkout")
  public Object newSpan() {
    return payload;
  }

  @Journey("checkout")
  public Object journey() {
    return payload;
  }
}
