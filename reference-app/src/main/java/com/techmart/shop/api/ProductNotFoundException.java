package com.techmart.shop.api;

import com.techmart.shop.web.ShopException;
import io.micronaut.http.HttpStatus;

/** No product with that id: 404, an expected outcome of browsing (a stale link). */
public class ProductNotFoundException extends ShopException {

  private static final long serialVersionUID = 1L;

  public ProductNotFoundException(long id) {
    super(HttpStatus.NOT_FOUND, "unknown_product", "there is no product " + id);
  }
}
