package com.techmart.cuj.servlet;

/** A business outcome the shop's catalogue declares expected for the {@code payment} journey. */
final class PaymentDeclinedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PaymentDeclinedException(String message) {
    super(message);
  }
}
