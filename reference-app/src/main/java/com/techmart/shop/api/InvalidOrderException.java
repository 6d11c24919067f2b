package com.techmart.shop.api;

import com.techmart.shop.web.ShopException;
import io.micronaut.http.HttpStatus;

/** An order that passes JSON validation but cannot be placed (unknown product, duplicate line): 400. */
public class InvalidOrderException extends ShopException {

  private static final long serialVersionUID = 1L;

  public InvalidOrderException(String code, String message) {
    super(HttpStatus.BAD_REQUEST, code, message);
  }
}
