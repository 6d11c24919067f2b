package com.example.shop;

import com.techmart.cuj.micronaut.Journey;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

@Controller("/api/orders")
public class OrderController {
  private final Orders orders;

  public OrderController(Orders orders) {
    this.orders = orders;
  }

  @Post
  @Journey("checkout")          // span cuj.checkout; cuj.name on every span of the request, here and downstream
  public Order place(@Body Basket basket) { return orders.place(basket); }
}
