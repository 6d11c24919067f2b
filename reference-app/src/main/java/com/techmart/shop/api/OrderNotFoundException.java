package com.techmart.shop.api;

import com.techmart.shop.web.ShopException;
import io.micronaut.http.HttpStatus;
import java.util.UUID;

/** No order with that id: 404, an expected outcome of looking an order up. */
public class OrderNotFoundException extends ShopException {

  private static final long serialVersionUID = 1L;

  public OrderNotFoundException(UUID id) {
    super(HttpStatus.NOT_FOUND, "unknown_order", "there is no order " + id);
  }
}
