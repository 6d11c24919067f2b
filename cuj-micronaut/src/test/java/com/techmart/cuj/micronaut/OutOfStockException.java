package com.techmart.cuj.micronaut;

/** A business outcome the test journeys declare as expected. */
class OutOfStockException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  OutOfStockException(String message) {
    super(message);
  }
}
