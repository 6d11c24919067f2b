package com.techmart.shop.web;

import io.micronaut.http.HttpStatus;
import java.util.List;

/**
 * A failure with a meaning for the caller: it becomes an {@link ApiError} with this status and
 * code. Subclasses name business outcomes (out of stock, payment declined) and bad input.
 */
public class ShopException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final HttpStatus status;
  private final String code;
  private final List<String> details;

  public ShopException(HttpStatus status, String code, String message) {
    this(status, code, message, List.of(), null);
  }

  public ShopException(HttpStatus status, String code, String message, List<String> details, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code;
    this.details = List.copyOf(details);
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<String> details() {
    return details;
  }
}
