package com.techmart.shop.inventory;

import com.techmart.cuj.NotAJourney;
import com.techmart.shop.wire.InventoryApi.OrderRef;
import com.techmart.shop.wire.InventoryApi.ReservationView;
import com.techmart.shop.wire.InventoryApi.ReserveRequest;
import com.techmart.shop.wire.InventoryApi.StockLevel;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.validation.Valid;
import java.util.List;

/** The inventory's HTTP interface, called by the api (never by shoppers directly). */
@NotAJourney("an internal service: each call runs inside the caller's journey, which arrives in baggage")
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class InventoryController {

  private final InventoryService inventory;

  public InventoryController(InventoryService inventory) {
    this.inventory = inventory;
  }

  @Get("/stock")
  public List<StockLevel> stock() {
    return inventory.levels().stream().map(s -> new StockLevel(s.productId(), s.available())).toList();
  }

  @Get("/stock/{productId}")
  public StockLevel stock(@PathVariable long productId) {
    Stock s = inventory.level(productId);
    return new StockLevel(s.productId(), s.available());
  }

  /** 200 with the reservation; 409 {@code out_of_stock} when any line cannot be served. */
  @Post("/reserve")
  public ReservationView reserve(@Valid @Body ReserveRequest request) {
    return inventory.reserve(request.orderId(), request.items());
  }

  @Post("/release")
  public ReservationView release(@Valid @Body OrderRef request) {
    return inventory.release(request.orderId());
  }

  @Post("/commit")
  public ReservationView commit(@Valid @Body OrderRef request) {
    return inventory.commit(request.orderId());
  }
}
