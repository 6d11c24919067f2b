package com.techmart.shop.web;

import io.micronaut.http.HttpStatus;
import java.util.List;

/** The gateway declined the charge: 402, a business outcome rather than a failure. */
public class PaymentDeclinedException extends ShopException {

  private static final long serialVersionUID = 1L;

  public PaymentDeclinedException(String reason) {
    super(HttpStatus.PAYMENT_REQUIRED, "payment_declined", "the payment was declined: " + reason,
        List.of("reason=" + reason), null);
  }

  /** The same outcome relayed from the service that found it. */
  public PaymentDeclinedException(String message, List<String> details) {
    super(HttpStatus.PAYMENT_REQUIRED, "payment_declined", message, details, null);
  }
}
