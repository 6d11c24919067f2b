package com.techmart.cuj.micronaut;

/** Rethrows any throwable unchanged, checked ones included, as the intercepted method did. */
final class Sneaky {

  private Sneaky() {}

  @SuppressWarnings("unchecked")
  static <E extends Throwable> E rethrow(Throwable t) throws E {
    throw (E) t;
  }
}
