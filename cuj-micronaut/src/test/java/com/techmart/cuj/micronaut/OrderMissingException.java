package com.techmart.cuj.micronaut;

/** An outcome that only the test catalogue (not any annotation) declares expected for order-lookup. */
class OrderMissingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  OrderMissingException(String message) {
    super(message);
  }
}
