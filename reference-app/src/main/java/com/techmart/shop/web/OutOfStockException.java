package com.techmart.shop.web;

import io.micronaut.http.HttpStatus;
import java.util.List;

/** Fewer units are left than an order asks for: 409, and nothing is reserved. */
public class OutOfStockException extends ShopException {

  private static final long serialVersionUID = 1L;

  public OutOfStockException(long productId, int requested, int available) {
    super(HttpStatus.CONFLICT, "out_of_stock",
        "product " + productId + " is out of stock: " + requested + " requested, " + available + " left",
        List.of("productId=" + productId, "requested=" + requested, "available=" + available), null);
  }

  /** The same outcome relayed from the service that found it. */
  public OutOfStockException(String message, List<String> details) {
    super(HttpStatus.CONFLICT, "out_of_stock", message, details, null);
  }
}
