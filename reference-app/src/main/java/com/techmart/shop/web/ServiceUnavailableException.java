package com.techmart.shop.web;

import io.micronaut.http.HttpStatus;

/** A dependency (the database, a downstream service, the payment gateway) cannot be reached: 503. */
public class ServiceUnavailableException extends ShopException {

  private static final long serialVersionUID = 1L;

  public ServiceUnavailableException(String code, String message, Throwable cause) {
    super(HttpStatus.SERVICE_UNAVAILABLE, code, message, java.util.List.of(), cause);
  }
}
