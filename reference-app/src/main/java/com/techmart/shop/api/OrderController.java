package com.techmart.shop.api;

import com.techmart.cuj.micronaut.Journey;
import com.techmart.shop.web.OutOfStockException;
import com.techmart.shop.web.PaymentDeclinedException;
import com.techmart.shop.wire.ShopApi.OrderLineView;
import com.techmart.shop.wire.ShopApi.OrderView;
import com.techmart.shop.wire.ShopApi.PlaceOrderRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Journeys {@code checkout} (placing an order) and {@code order-lookup} (reading it back). */
@Controller("/api/orders")
@ExecuteOn(TaskExecutors.BLOCKING)
public class OrderController {

  private final CheckoutService checkout;
  private final OrderStore store;

  public OrderController(CheckoutService checkout, OrderStore store) {
    this.checkout = checkout;
    this.store = store;
  }

  /**
   * 201 with the accepted order; 400 for bad input, 409 out of stock, 402 payment declined (the
   * last two are expected outcomes of the journey, not errors), 503 when a dependency is away.
   */
  @Post
  @Journey(value = "checkout", expected = {OutOfStockException.class, PaymentDeclinedException.class, InvalidOrderException.class})
  public HttpResponse<OrderView> place(@Valid @Body PlaceOrderRequest request) {
    CheckoutService.PlacedOrder placed = checkout.place(request);
    OrderView view = view(placed.order(), placed.lines());
    return HttpResponse.created(view, URI.create("/api/orders/" + placed.order().id()));
  }

  @Get("/{id}")
  @Journey(value = "order-lookup", expected = OrderNotFoundException.class)
  public OrderView find(@PathVariable UUID id) {
    CustomerOrder order = store.find(id).orElseThrow(() -> new OrderNotFoundException(id));
    return view(order, store.lines(id));
  }

  private static OrderView view(CustomerOrder o, List<OrderLine> lines) {
    return new OrderView(o.id(), o.status(), o.customerId(), o.paymentMethod(), o.totalCents(), o.currency(),
        lines.stream().map(l -> new OrderLineView(l.productId(), l.quantity(), l.unitPriceCents())).toList(),
        o.acceptedAt(), o.confirmedAt());
  }
}
